"""Serializers of the API. A company is read and written as a record of the exchange
format ``alliance-companies/1``: the same fields, the same rules (those of
``partners.exchange.validation``), the same representation as ``export_companies``.
The declared fields describe the record for the OpenAPI schema; validation is the
format's own, so the API never accepts what an import would refuse."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.settings import api_settings

from partners.exchange.problems import ImportProblem
from partners.exchange.records import FORMAT_FIELDS, record_fields, row_record
from partners.exchange.validation import record_problems
from partners.models import (
    MAX_DESCRIPTION_LENGTH,
    MAX_GOAL_LENGTH,
    MAX_GOALS,
    MAX_PHRASE_LENGTH,
    MAX_PHRASES,
    Company,
    Notification,
)
from partners.reference import ISIC_SECTION_CHOICES, LANGUAGE_CHOICES, VALUE_CHAIN_CHOICES
from partners.services.companies import company_update
from partners.services.notifications import notification_link

MAX_ID = 2**63 - 1  # the largest id a database can hold: larger ones are refused, not a 500


def problems_as_fields(problems: list[ImportProblem], *, prefix: str = "") -> dict[str, list]:
    """Exchange-format problems as API field errors: ``{"value_chain.strengths": ["…"]}``."""
    fields: dict[str, list] = {}
    for problem in problems:
        path = ".".join(part for part in (prefix, problem.field) if part)
        fields.setdefault(path or api_settings.NON_FIELD_ERRORS_KEY, []).append(problem.message)
    return fields


def record_merge_patch(target: Any, patch: Any) -> Any:
    """``patch`` applied to ``target`` as a JSON Merge Patch (RFC 7396): objects merge,
    ``null`` removes a field, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    merged = dict(target) if isinstance(target, dict) else {}
    for name, value in patch.items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = record_merge_patch(merged.get(name), value)
    return merged


def record_patch_problems(patch: dict[str, Any]) -> dict[str, list[str]]:
    """What a merge patch of a record may not do on its own: name a field outside the
    format, even to remove it (``null`` would leave nothing for the record's check to
    see); change ``industry`` or ``industry_division`` alone (a division belongs to its
    section: they change together, null for none)."""
    unknown = {
        name: [_("is not a field of the format")]
        for name in _unknown_names(patch, FORMAT_FIELD_NAMES)
    }
    value_chain = patch.get("value_chain")
    if isinstance(value_chain, dict):
        unknown.update(
            {
                f"value_chain.{name}": [_("is not a field of the format")]
                for name in _unknown_names(value_chain, ("strengths", "seeks"))
            }
        )
    if unknown:
        return unknown
    together = ("industry", "industry_division")
    sent = [name for name in together if name in patch]
    if len(sent) != 1:
        return {}
    other = together[1 - together.index(sent[0])]
    return {other: [_("send industry and industry_division together (null: no division)")]}


# The fields of a record (``key`` is read-only: a write may send the company's own).
FORMAT_FIELD_NAMES = (
    "key",
    *(name for name in FORMAT_FIELDS if name not in ("strengths", "seeks")),
    "value_chain",
)


def _unknown_names(fields: dict[str, Any], known: tuple[str, ...]) -> list[str]:
    return [name for name in fields if name not in known]


def _phrases(max_items: int, max_length: int, text: str | Promise) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(min_length=1, max_length=max_length),
        min_length=1,
        max_length=max_items,
        help_text=text,
    )


class ValueChainSerializer(serializers.Serializer):
    strengths = serializers.ListField(
        child=serializers.ChoiceField(choices=VALUE_CHAIN_CHOICES),
        min_length=1,
        help_text=gettext_lazy(
            "Porter value-chain activities the company is strong in (1 or more, unique)."
        ),
    )
    seeks = serializers.ListField(
        child=serializers.ChoiceField(choices=VALUE_CHAIN_CHOICES),
        required=False,
        help_text=gettext_lazy("Activities it looks for in a partner (unique; absent when none)."),
    )


@extend_schema_serializer(  # the class's description, in the schema's language
    description=gettext_lazy(
        "One company in the fields of ``alliance-companies/1``; empty optional fields are\n"
        "absent. Writing validates the whole record with the format's rules; ``key`` is\n"
        "read-only (the company's own)."
    )
)
class CompanyRecordSerializer(serializers.Serializer):
    key = serializers.CharField(
        read_only=True,
        help_text=gettext_lazy(
            "Stable external id. The company's owner may change it on the site; a former "
            "key still finds the company (`GET /api/v1/companies/{key}/`)."
        ),
    )
    name = serializers.CharField(min_length=1, max_length=200)
    language = serializers.ChoiceField(
        choices=LANGUAGE_CHOICES, help_text=gettext_lazy("Language of the free text.")
    )
    industry = serializers.ChoiceField(
        choices=ISIC_SECTION_CHOICES, help_text=gettext_lazy("ISIC Rev.4 section letter.")
    )
    industry_division = serializers.RegexField(
        r"^[0-9]{2}$",
        required=False,
        help_text=gettext_lazy("ISIC Rev.4 division inside the section."),
    )
    region = serializers.RegexField(
        r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$",
        required=False,
        help_text=gettext_lazy("ISO 3166 code: JP, JP-13."),
    )
    employees = serializers.IntegerField(min_value=0, required=False)
    founded = serializers.IntegerField(min_value=0, required=False)
    description = serializers.CharField(max_length=MAX_DESCRIPTION_LENGTH, required=False)
    value_chain = ValueChainSerializer()
    capabilities = _phrases(
        MAX_PHRASES, MAX_PHRASE_LENGTH, gettext_lazy("What the company brings.")
    )
    needs = _phrases(
        MAX_PHRASES, MAX_PHRASE_LENGTH, gettext_lazy("What it looks for in a partner.")
    )
    goals = _phrases(MAX_GOALS, MAX_GOAL_LENGTH, gettext_lazy("Long-term goals it wants to share."))

    def to_representation(self, instance: Company) -> dict[str, Any]:
        return company_record(instance)

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                {api_settings.NON_FIELD_ERRORS_KEY: [_("Send a company record: a JSON object.")]}
            )
        key = self.instance.key if self.instance is not None else data.get("key")
        if "key" in data and data["key"] != key:
            raise serializers.ValidationError(
                {"key": [_("is read-only: a company's key cannot be changed")]}
            )
        record = {**data, "key": key}
        problems = record_problems(record, index=0)
        if problems:
            raise serializers.ValidationError(problems_as_fields(problems))
        return record_fields(record)

    def update(self, instance: Company, validated_data: dict[str, Any]) -> Company:
        try:
            return company_update(company=instance, data=validated_data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from None


def company_record(company: Company) -> dict[str, Any]:
    """The company's record of the exchange format, as ``export_companies`` writes it."""
    return row_record(company.key, {name: getattr(company, name) for name in FORMAT_FIELDS})


class CompanyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Company
        fields = ["key", "name"]


class NotificationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    company = CompanyRefSerializer(
        read_only=True, help_text=gettext_lazy("Your company it concerns.")
    )
    other = CompanyRefSerializer(read_only=True, help_text=gettext_lazy("The other company."))
    url = serializers.SerializerMethodField(
        help_text=gettext_lazy("The page in Kyoso it leads to.")
    )

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "kind_display",
            "company",
            "other",
            "interest",
            "match",
            "proposal",
            "url",
            "read_at",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, notification: Notification) -> str:
        link = notification_link(notification)
        request = self.context.get("request")
        return request.build_absolute_uri(link) if request else link


class NotificationsReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=1000,
        help_text=gettext_lazy("Notifications to mark read; leave out to mark all of them read."),
    )


class NotificationsReadResultSerializer(serializers.Serializer):
    marked = serializers.IntegerField(
        help_text=gettext_lazy("How many unread notifications are now read.")
    )


class ImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    changed_keys = serializers.ListField(
        child=serializers.CharField(),
        help_text=gettext_lazy("Keys of the companies created or updated."),
    )


class RecomputeResultSerializer(serializers.Serializer):
    run = serializers.IntegerField(
        allow_null=True, help_text=gettext_lazy("The run's id, when known at once (else null).")
    )
    task = serializers.CharField(
        help_text=gettext_lazy("The id of the Celery task that starts the run.")
    )
