"""Serializers of the suggestions API. A suggestion is read as the suggestions page shows
it (``matching.cards``): the partner's public profile, rank, score, band, component
levels and the reasons in the request's language, as plain text."""

from __future__ import annotations

from html import unescape
from typing import Any

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from matching.bands import COMPONENTS
from matching.cards import SuggestionCard
from matching.models import Dismissal
from partners.api.serializers import CompanyRecordSerializer, company_record


class BandSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=["strong", "good", "possible"], help_text=_("strong, good or possible.")
    )
    label = serializers.CharField(help_text=_("The band's name, in the request's language."))
    description = serializers.CharField(help_text=_("What the band means."))


class ComponentSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=list(COMPONENTS))
    name = serializers.CharField(help_text=_("In the request's language."))
    help = serializers.CharField(help_text=_("What the component measures."))
    value = serializers.FloatField(help_text=_("The engine's value, in [0, 1]."))
    level = serializers.IntegerField(
        min_value=0, max_value=3, help_text=_("0 none, 1 low, 2 medium, 3 high.")
    )
    level_name = serializers.CharField(help_text=_("The level in words."))


class DirectionSerializer(serializers.Serializer):
    score = serializers.FloatField(allow_null=True, help_text=_("This direction's score."))
    complementarity = serializers.FloatField(
        allow_null=True, help_text=_("How well the capabilities answer the needs this way.")
    )
    value_chain = serializers.FloatField(
        allow_null=True, help_text=_("How well the strengths answer what is sought this way.")
    )


class DirectionsSerializer(serializers.Serializer):
    for_you = DirectionSerializer(help_text=_("What the partner brings to your company."))
    for_them = DirectionSerializer(help_text=_("What your company brings to the partner."))


class ReasonsSerializer(serializers.Serializer):
    for_you = serializers.ListField(
        child=serializers.CharField(), help_text=_("Why them for you: sentences, plain text.")
    )
    for_them = serializers.ListField(
        child=serializers.CharField(), help_text=_("Why you for them: sentences, plain text.")
    )
    mutual = serializers.BooleanField(
        help_text=_("Whether your company is in the partner's own current list too.")
    )


@extend_schema_serializer(description=_("One suggested partner (read-only)."))
class SuggestionSerializer(serializers.Serializer):
    partner = CompanyRecordSerializer(help_text=_("The partner's public profile (no contact)."))
    rank = serializers.IntegerField(help_text=_("1 is the best match of the list."))
    score = serializers.FloatField(help_text=_("Reciprocal pair score in [0, 1], for ordering."))
    band = BandSerializer()
    components = ComponentSerializer(many=True, help_text=_("The pair-level components."))
    directions = DirectionsSerializer(help_text=_("The components in each direction."))
    reasons = ReasonsSerializer(help_text=_("In the request's language (Accept-Language)."))
    saved = serializers.BooleanField(help_text=_("Whether your company saved it for later."))
    interest_status = serializers.CharField(
        allow_null=True,
        help_text=_("Your company's interest in the partner: pending, mutual, declined, or null."),
    )


def _plain(sentence: str) -> str:
    return unescape(strip_tags(sentence))


def suggestion_data(card: SuggestionCard) -> dict[str, Any]:
    """A card of the suggestions page as the API's representation."""
    row = card.suggestion
    components = row.components or {}
    return {
        "partner": company_record(card.partner),
        "rank": row.rank,
        "score": row.score,
        "band": {
            "code": card.band.slug,
            "label": str(card.band.label),
            "description": str(card.band.description),
        },
        "components": [
            {
                "code": level.code,
                "name": str(level.name),
                "help": str(level.help),
                "value": float(components.get(level.code) or 0.0),
                "level": level.level,
                "level_name": str(level.level_name),
            }
            for level in card.components
        ],
        "directions": {
            side: {
                name: (components.get(side) or {}).get(name)
                for name in ("score", "complementarity", "value_chain")
            }
            for side in ("for_you", "for_them")
        },
        "reasons": {
            "for_you": [_plain(sentence) for sentence in card.explanation.for_you],
            "for_them": [_plain(sentence) for sentence in card.explanation.for_them],
            "mutual": card.explanation.mutual,
        },
        "saved": bool(getattr(row, "is_saved", False)),
        "interest_status": getattr(row, "interest_status", None),
    }


class DismissSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(
        choices=Dismissal.Reason.choices,
        required=False,
        allow_blank=True,
        help_text=_("Why not (optional)."),
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=Dismissal._meta.get_field("note").max_length,
        help_text=_("A note for your team (optional)."),
    )


class DismissalSerializer(serializers.ModelSerializer):
    partner = serializers.SlugRelatedField(
        slug_field="key", read_only=True, help_text=_("The partner's key.")
    )
    reason = serializers.ChoiceField(
        choices=Dismissal.Reason.choices,
        allow_blank=True,
        read_only=True,
        help_text=_("Why not; empty when not given."),
    )

    class Meta:
        model = Dismissal
        fields = ["partner", "reason", "note", "created_at"]
        read_only_fields = fields


class SavedResultSerializer(serializers.Serializer):
    partner = serializers.CharField(help_text=_("The partner's key."))
    saved = serializers.BooleanField()
