"""API views: thin doors into the services and selectors the pages use.

Every queryset is scoped to what the requesting user may see: their own
company and notifications, listed companies, and companies the site would show
them (``company_visible_to``); staff operations need ``is_staff``.
"""

from __future__ import annotations

from celery.result import EagerResult
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, permissions, status
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as InputError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from alliance.api.exceptions import InputRefused
from alliance.api.schema import error_responses
from matching.tasks import match_run_start_task
from partners.api.filters import activity_filter, industry_filter, region_filter
from partners.api.record_schema import company_patch_schema, company_write_schema
from partners.exchange.problems import ImportValidationError
from partners.forms import DirectoryFilterForm
from partners.models import Company
from partners.selectors import (
    company_by_key,
    company_of_member,
    company_visible_to,
    directory_companies,
    notifications_of,
)
from partners.services.exchange import companies_import
from partners.services.notifications import notifications_mark_read

from . import examples
from .serializers import (
    CompanyRecordSerializer,
    ImportResultSerializer,
    NotificationSerializer,
    NotificationsReadResultSerializer,
    NotificationsReadSerializer,
    RecomputeResultSerializer,
    company_record,
    problems_as_fields,
    record_merge_patch,
    record_patch_problems,
)

COMPANY_PARAMETER = OpenApiParameter(
    "company",
    str,
    description=gettext_lazy(
        "Key of one of your companies, if you belong to several (default: your first). "
        "A key the company had before its owner changed it works too."
    ),
)


class OwnCompanyView(generics.GenericAPIView):
    serializer_class = CompanyRecordSerializer

    def get_object(self) -> Company:
        key = self.request.query_params.get("company", "")
        company = company_of_member(user=self.request.user, key=key)
        if company is None:
            if key:
                raise NotFound(_("You are not a member of a company with this key."))
            raise NotFound(
                _("You are not a member of any company yet: create its profile on the site first.")
            )
        return company

    @extend_schema(
        operation_id="company_own_read",
        tags=["company"],
        summary=gettext_lazy("Your company's profile"),
        description=gettext_lazy(
            "Your company in the fields of the exchange format `alliance-companies/1`: "
            "exactly the record `export_companies` writes for it."
        ),
        parameters=[COMPANY_PARAMETER],
        responses={200: CompanyRecordSerializer, **error_responses(404)},
        examples=[examples.COMPANY_RECORD],
    )
    def get(self, request: Request) -> Response:
        return Response(company_record(self.get_object()))

    @extend_schema(
        operation_id="company_own_replace",
        tags=["company"],
        summary=gettext_lazy("Replace your company's profile"),
        description=gettext_lazy(
            "Send the whole record. The rules are those of an import of the exchange "
            "format; a refused record names each field. `key` is read-only: leave it out "
            "or send the company's own. Fields outside the format (visibility, contact "
            "details) are kept."
        ),
        parameters=[COMPANY_PARAMETER],
        request={"application/json": company_write_schema()},
        responses={200: CompanyRecordSerializer, **error_responses(400, 403, 404)},
        examples=[
            examples.COMPANY_RECORD_WRITE,
            examples.COMPANY_RECORD_ANSWER,
            examples.COMPANY_REFUSED,
        ],
    )
    def put(self, request: Request) -> Response:
        return self._save(self.get_object(), request.data)

    @extend_schema(
        operation_id="company_own_update",
        tags=["company"],
        summary=gettext_lazy("Change some fields of your company's profile"),
        description=gettext_lazy(
            "A JSON Merge Patch (RFC 7396) of the record: the fields sent replace the "
            "stored ones, `value_chain` merges, `null` removes an optional field. The "
            "result must be a valid record of the format. `industry` and "
            "`industry_division` are sent together (the division must belong to the "
            "industry; `null` for none)."
        ),
        parameters=[COMPANY_PARAMETER],
        request={"application/json": company_patch_schema()},
        responses={200: CompanyRecordSerializer, **error_responses(400, 403, 404)},
        examples=[examples.COMPANY_PATCH, examples.COMPANY_REFUSED],
    )
    def patch(self, request: Request) -> Response:
        company = self.get_object()
        if not isinstance(request.data, dict):
            raise InputError(_("Send the fields to change as a JSON object."))
        problems = record_patch_problems(request.data)
        if problems:
            raise InputRefused(problems)
        return self._save(company, record_merge_patch(company_record(company), request.data))

    def _save(self, company: Company, data) -> Response:
        serializer = self.get_serializer(company, data=data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(company_record(company))


@extend_schema_view(
    get=extend_schema(
        operation_id="companies_list",
        tags=["directory"],
        summary=gettext_lazy("The directory of listed companies"),
        description=gettext_lazy(
            "Companies listed in the directory, by name, with the directory page's filters. "
            "Public profile fields only (no contact details)."
        ),
        parameters=[
            OpenApiParameter(
                "q",
                str,
                description=gettext_lazy(
                    "Words from the name, description, capabilities, needs or goals (Japanese too)."
                ),
            ),
            industry_filter(gettext_lazy("ISIC Rev.4 section letter, e.g. C.")),
            activity_filter(gettext_lazy("Value-chain activity it is strong in.")),
            region_filter(gettext_lazy("Where it is.")),
        ],
        responses={200: CompanyRecordSerializer(many=True), **error_responses(400)},
    )
)
class CompanyListView(generics.ListAPIView):
    serializer_class = CompanyRecordSerializer

    def get_queryset(self):
        form = DirectoryFilterForm(self.request.query_params)
        if not form.is_valid():
            raise InputRefused(
                {field: [str(m) for m in messages] for field, messages in form.errors.items()}
            )
        return directory_companies(**form.filters())


@extend_schema_view(
    get=extend_schema(
        operation_id="companies_read",
        tags=["directory"],
        summary=gettext_lazy("One company's public profile"),
        description=gettext_lazy(
            "A company you may see on the site: listed ones, your own, and those visible "
            "to suggested partners when you are one. Others answer 404, as missing ones do.\n\n"
            "A company's owner may change its key (the address of its page). A key it had "
            "before still finds it: the answer is the company under its current `key` (no "
            "redirect), with the current address in the `Content-Location` header, so that "
            "you can store the new key. A company you may not see answers 404 through an "
            "old key too."
        ),
        responses={200: CompanyRecordSerializer, **error_responses(404)},
        examples=[examples.COMPANY_RECORD],
    )
)
class CompanyDetailView(generics.RetrieveAPIView):
    serializer_class = CompanyRecordSerializer
    lookup_field = "key"

    def get_object(self) -> Company:
        company = company_by_key(key=self.kwargs["key"])
        if company is None or not company_visible_to(user=self.request.user, company=company):
            raise NotFound()
        return company

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        company = self.get_object()
        response = Response(company_record(company))
        if company.key != kwargs["key"]:  # found by a former key
            response["Content-Location"] = reverse(
                "partners_api:company_detail", kwargs={"key": company.key}
            )
        return response


@extend_schema_view(
    get=extend_schema(
        operation_id="notifications_list",
        tags=["notifications"],
        summary=gettext_lazy("Your notifications"),
        description=gettext_lazy("Your own notifications, newest first."),
        parameters=[
            OpenApiParameter(
                "unread",
                bool,
                description=gettext_lazy("true: only unread ones; false: only read."),
            ),
        ],
        responses={200: NotificationSerializer(many=True), **error_responses(400)},
    )
)
class NotificationListView(generics.ListAPIView):
    serializer_class = NotificationSerializer

    def get_queryset(self):
        rows = notifications_of(user=self.request.user)
        unread = self.request.query_params.get("unread")
        if unread is None:
            return rows
        if unread.lower() not in ("true", "false", "1", "0"):
            raise InputRefused({"unread": [_("must be true or false")]})
        return rows.filter(read_at__isnull=unread.lower() in ("true", "1"))


class NotificationsReadView(APIView):
    @extend_schema(
        operation_id="notifications_mark_read",
        tags=["notifications"],
        summary=gettext_lazy("Mark notifications read"),
        description=gettext_lazy(
            "Marks your unread notifications read: those whose `ids` are given, or all of "
            "them. Ids of others' notifications are ignored."
        ),
        request=NotificationsReadSerializer,
        responses={200: NotificationsReadResultSerializer, **error_responses(400)},
        examples=[
            OpenApiExample("Some", value={"ids": [12, 15]}, request_only=True),
            OpenApiExample("All", value={}, request_only=True),
            OpenApiExample("Result", value={"marked": 2}, response_only=True),
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = NotificationsReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = serializer.validated_data.get("ids")
        marked = notifications_mark_read(user=request.user, ids=ids)
        return Response({"marked": marked})


class CompaniesImportView(APIView):
    permission_classes = [permissions.IsAdminUser]
    throttle_scope = "import"
    # Said with the 413 of a document over DATA_UPLOAD_MAX_MEMORY_SIZE.
    too_large_hint = gettext_lazy(
        "Send the companies in several smaller documents, or import the whole file on the "
        "server with: python manage.py import_companies FILE (no size limit)."
    )

    @extend_schema(
        operation_id="companies_import",
        tags=["staff"],
        summary=gettext_lazy("Import companies (staff)"),
        description=gettext_lazy(
            "A whole document of the exchange format `alliance-companies/1`: new keys "
            "are created, known keys updated (a key that a company had before its owner "
            "changed it updates that company). All or nothing: if any record breaks a rule, "
            "nothing is written and `fields` names each problem by record and field, "
            "e.g. `companies[3].capabilities[2]`."
        ),
        request=OpenApiTypes.OBJECT,
        responses={200: ImportResultSerializer, **error_responses(400, 403)},
        examples=[examples.IMPORT_DOCUMENT, examples.IMPORT_RESULT, examples.IMPORT_REFUSED],
    )
    def post(self, request: Request) -> Response:
        try:
            result = companies_import(document=request.data)
        except ImportValidationError as error:
            raise InputRefused(import_problem_fields(error), message=str(error)) from None
        return Response(
            {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "changed_keys": result.changed_keys,
            }
        )


def import_problem_fields(error: ImportValidationError) -> dict[str, list]:
    """``companies[3].name`` for a record's field, the field alone for the document's."""
    fields: dict[str, list] = {}
    for problem in error.errors:
        record = "" if problem.record == "document" else problem.record.split(" ", 1)[0]
        fields.update(
            {
                name: fields.get(name, []) + messages
                for name, messages in problems_as_fields([problem], prefix=record).items()
            }
        )
    return fields


class RecomputeView(APIView):
    permission_classes = [permissions.IsAdminUser]
    throttle_scope = "recompute"

    @extend_schema(
        operation_id="matching_recompute",
        tags=["staff"],
        summary=gettext_lazy("Start a full recompute of the suggestions (staff)"),
        description=gettext_lazy(
            "Starts a full matching run on the workers (or returns the one already "
            "running). The suggestions change when the run is complete."
        ),
        request=None,
        responses={202: RecomputeResultSerializer, **error_responses(403)},
        examples=[
            OpenApiExample(
                "Started",
                value={"run": 42, "task": "6f1c…"},
                response_only=True,
                status_codes=["202"],
            )
        ],
    )
    def post(self, request: Request) -> Response:
        result = match_run_start_task.delay()
        run = result.result if isinstance(result, EagerResult) else None
        return Response({"run": run, "task": result.id}, status=status.HTTP_202_ACCEPTED)
