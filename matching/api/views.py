"""API views of the suggestions: the same selectors, cards and feedback services as the
suggestions page (``matching.views``), scoped to the requesting member's company."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponseBase
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from alliance.api.exceptions import InputRefused
from alliance.api.pagination import ApiPagination
from alliance.api.schema import error_responses, no_content
from alliance.api.throttling import UserRateThrottle
from alliance.kept import kept_answer
from matching.cards import short_list_note, suggestion_cards
from matching.forms import SORT_CHOICES, SuggestionFilterForm
from matching.selectors import browsing
from matching.services import feedback
from partners.api.filters import activity_filter, industry_filter, region_filter
from partners.api.membership import COMPANY_PARAMETER, refusal, requester_company
from partners.models import Company
from partners.selectors import company_visible_to

from . import examples
from .serializers import (
    DismissalSerializer,
    DismissSerializer,
    SavedResultSerializer,
    SuggestionSerializer,
    suggestion_data,
)

#: Filters that are booleans: ``true`` or ``false`` (the page's checkboxes send "on").
BOOLEAN_FILTERS = ("same_industry", "saved")


class SuggestionPagination(ApiPagination):
    """A page of suggestions and, in ``list``, what the company's whole current list
    holds: ``size`` partners (dismissed ones included), at most ``wanted``, and a
    ``note`` in the request's language when the engine found fewer (null otherwise):
    it never fills a list with pairs that lack a real match."""

    summary: browsing.SuggestionsSummary | None = None

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        if self.summary is not None:
            response.data["list"] = {
                "size": self.summary.total,
                "wanted": self.summary.wanted,
                "note": short_list_note(self.summary),
            }
        return response

    def get_paginated_response_schema(self, schema: dict) -> dict:
        out = super().get_paginated_response_schema(schema)
        out["properties"]["list"] = {
            "type": "object",
            "required": ["size", "wanted", "note"],
            "properties": {
                "size": {"type": "integer", "minimum": 0, "example": 3},
                "wanted": {"type": "integer", "minimum": 1, "example": 10},
                "note": {
                    "type": ["string", "null"],
                    "example": "Kyoso found 3 partners with a clear match in both directions "
                    "today. …",
                },
            },
        }
        out.setdefault("required", []).append("list")
        return out


@extend_schema_view(
    get=extend_schema(
        operation_id="suggestions_list",
        tags=["suggestions"],
        summary=gettext_lazy("Your company's suggested partners"),
        description=gettext_lazy(
            "The current list of suggested partners of your company, as the suggestions "
            "page shows it: without partners you dismissed or that are now hidden, and "
            "without partners of your own industry (ISIC section) unless "
            "`same_industry=true`. Each has the partner's public profile, its rank, the "
            "score and its band, the component levels (pair-level and per direction) and "
            "the reasons, both ways, in the request's language (`Accept-Language`). "
            "A list holds at most `list.wanted` partners and may hold fewer: only pairs "
            "with a real match are suggested, never weaker ones to fill it; `list.note` "
            "then says so in the request's language."
        ),
        parameters=[
            COMPANY_PARAMETER,
            industry_filter(gettext_lazy("Partner's ISIC section letter.")),
            region_filter(gettext_lazy("Where the partner is.")),
            activity_filter(gettext_lazy("A value-chain activity it is strong in.")),
            OpenApiParameter(
                "same_industry",
                bool,
                description=gettext_lazy("true: include partners of your own industry."),
            ),
            OpenApiParameter(
                "saved", bool, description=gettext_lazy("true: only partners you saved.")
            ),
            OpenApiParameter(
                "sort",
                str,
                enum=["", *(code for code, _label in SORT_CHOICES)],
                description=gettext_lazy(
                    "best (default): best match first; newest: newest partners "
                    "first; name: by name."
                ),
            ),
        ],
        responses={200: SuggestionSerializer(many=True), **error_responses(400, 404)},
        examples=[examples.SUGGESTIONS_PAGE, examples.FILTER_REFUSED],
    )
)
class SuggestionListView(generics.ListAPIView):
    serializer_class = SuggestionSerializer
    pagination_class = SuggestionPagination
    # Only members read it (IsAuthenticated): of the default throttles only the user's
    # applies (the anonymous one never sees a request, and it has no scope).
    throttle_classes = [UserRateThrottle]

    def get_queryset(self):
        self.company = requester_company(self.request)
        params = self.request.query_params.copy()
        params.pop("company", None)
        form = SuggestionFilterForm(params)
        errors = {field: [str(m) for m in messages] for field, messages in form.errors.items()}
        for name in BOOLEAN_FILTERS:
            if params.get(name, "false").lower() not in ("true", "false"):
                errors[name] = [_("must be true or false")]
        if errors:
            raise InputRefused(errors)
        return browsing.suggestions_browse(company=self.company, **form.filters())

    def list(self, request: Request, *args, **kwargs) -> HttpResponseBase:
        # Kept per member and request (``alliance.kept``): the company is named by the
        # query (``?company=``) and the member's memberships by their version.
        kept = kept_answer(
            request,
            kind="api-suggestions",
            user_id=request.user.pk,
            parts=[request.accepted_media_type],
        )
        return kept.answer(request, self._rendered, vary=("Accept", "Authorization", "Cookie"))

    def _rendered(self) -> Response:
        self.company = requester_company(self.request)
        rows = self.paginate_queryset(self.get_queryset())
        self.paginator.summary = browsing.suggestions_summary(company=self.company)
        cards = suggestion_cards(company=self.company, rows=rows)
        response = self.get_paginated_response([suggestion_data(card) for card in cards])
        # Rendered here as ``finalize_response`` would, to keep the bytes.
        response.accepted_renderer = self.request.accepted_renderer
        response.accepted_media_type = self.request.accepted_media_type
        response.renderer_context = self.get_renderer_context()
        return response.render()


class _SuggestionActionView(APIView):
    """An action on one suggested partner, named by its key."""

    def parties(self, request: Request, key: str) -> tuple[Company, Company]:
        company = requester_company(request)
        partner = Company.objects.filter(key=key).first()
        if partner is None:
            # The same answer as a partner that is not suggested: this door does not
            # tell which companies exist.
            raise NotFound(feedback.not_suggested_error().messages[0])
        return company, partner

    def attempt(self, action, **kwargs):
        try:
            return action(**kwargs)
        except ValidationError as error:
            # Not among the suggestions (one's own company never is): 404, as for a key
            # that names no company.
            if any(e.code in ("not_suggested", "self") for e in error.error_list):
                raise NotFound(error.messages[0]) from None
            raise refusal(error) from None

    def removed_or_404(self, remove, request: Request, key: str) -> Response:
        """Undo ``remove`` (a dismissal, a save) for the partner: 204, also when there was
        nothing to undo; 404 if nothing was removed and the partner is one the user may
        not see, as for an unknown key (it must not tell which hidden companies exist)."""
        company, partner = self.parties(request, key)
        removed = self.attempt(remove, user=request.user, company=company, partner=partner)
        if not removed and not company_visible_to(user=request.user, company=partner):
            raise NotFound(feedback.not_suggested_error().messages[0])
        return Response(status=status.HTTP_204_NO_CONTENT)


KEY_PARAMETER = OpenApiParameter(
    "key", str, location=OpenApiParameter.PATH, description=gettext_lazy("The partner's key.")
)


class SuggestionDismissView(_SuggestionActionView):
    @extend_schema(
        operation_id="suggestions_dismiss",
        tags=["suggestions"],
        summary=gettext_lazy("Dismiss a suggested partner"),
        description=gettext_lazy(
            "Hides the partner from your company's suggestions (and from its saved ones) "
            "until the dismissal is undone (`DELETE` on this path). Dismissing twice keeps "
            "the first dismissal. Scores are not "
            "changed: dismissals never teach the engine. A partner that is not among "
            "your current or saved suggestions answers 404, as an unknown key does."
        ),
        parameters=[KEY_PARAMETER, COMPANY_PARAMETER],
        request=DismissSerializer,
        responses={200: DismissalSerializer, **error_responses(400, 404)},
        examples=[
            OpenApiExample(
                "Dismiss", value={"reason": "known", "note": "Met them in Osaka"}, request_only=True
            ),
        ],
    )
    def post(self, request: Request, key: str) -> Response:
        company, partner = self.parties(request, key)
        serializer = DismissSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        dismissal = self.attempt(
            feedback.suggestion_dismiss,
            user=request.user,
            company=company,
            partner=partner,
            reason=serializer.validated_data.get("reason", ""),
            note=serializer.validated_data.get("note", ""),
        )
        return Response(DismissalSerializer(dismissal).data)

    @extend_schema(
        operation_id="suggestions_undismiss",
        tags=["suggestions"],
        summary=gettext_lazy("Undo a dismissal"),
        description=gettext_lazy(
            "Takes back your company's dismissal of the partner: it shows among your "
            "suggestions again at once, if it is still in your current list (else when "
            "a later list holds it). Harmless if the partner is not dismissed. A key "
            "that names no company you can see, and that you did not dismiss, answers 404."
        ),
        parameters=[KEY_PARAMETER, COMPANY_PARAMETER],
        request=None,
        responses={**no_content(), **error_responses(404)},
    )
    def delete(self, request: Request, key: str) -> Response:
        return self.removed_or_404(feedback.dismissal_undo, request, key)


@extend_schema_view(
    get=extend_schema(
        operation_id="suggestions_dismissed",
        tags=["suggestions"],
        summary=gettext_lazy("The partners your company dismissed"),
        description=gettext_lazy(
            "Your company's dismissals, newest first (partners now hidden left out). "
            "Undo one with `DELETE /api/v1/suggestions/{key}/dismiss/`."
        ),
        parameters=[COMPANY_PARAMETER],
        responses={200: DismissalSerializer(many=True), **error_responses(404)},
    )
)
class DismissalListView(generics.ListAPIView):
    serializer_class = DismissalSerializer

    def get_queryset(self):
        return browsing.dismissals_of(company=requester_company(self.request))


class SuggestionSaveView(_SuggestionActionView):
    @extend_schema(
        operation_id="suggestions_save",
        tags=["suggestions"],
        summary=gettext_lazy("Save a suggested partner for later"),
        description=gettext_lazy(
            "Keeps the partner among your company's saved suggestions (saving twice keeps "
            "one save). A dismissed partner cannot be saved (400); one not among your "
            "current suggestions answers 404."
        ),
        parameters=[KEY_PARAMETER, COMPANY_PARAMETER],
        request=None,
        responses={200: SavedResultSerializer, **error_responses(400, 404)},
        examples=[
            OpenApiExample(
                "Saved", value={"partner": "sato-textiles", "saved": True}, response_only=True
            )
        ],
    )
    def post(self, request: Request, key: str) -> Response:
        company, partner = self.parties(request, key)
        self.attempt(feedback.suggestion_save, user=request.user, company=company, partner=partner)
        return Response({"partner": partner.key, "saved": True})

    @extend_schema(
        operation_id="suggestions_unsave",
        tags=["suggestions"],
        summary=gettext_lazy("Forget a saved partner"),
        description=gettext_lazy(
            "Removes the partner from your saved suggestions (harmless if not saved)."
        ),
        parameters=[KEY_PARAMETER, COMPANY_PARAMETER],
        request=None,
        responses={**no_content(), **error_responses(404)},
    )
    def delete(self, request: Request, key: str) -> Response:
        return self.removed_or_404(feedback.suggestion_unsave, request, key)
