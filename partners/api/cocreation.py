"""Co-creation in the API: interests, matches, alliance proposals and alliances.

The same services as the pages (``partners.services.cocreation``), so the rules are
identical; their refusals become 400 in the error format. Every object is scoped to
the requesting user's companies: another company's interest, match, proposal or
alliance answers 404, as a missing one does. Acting on the wrong side of an object
you can see (answering your own proposal, declining an interest you sent) is 403.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from alliance.api.exceptions import InputRefused
from alliance.api.fields import StrictCharField
from alliance.api.schema import error_responses, interpolate_lazy, no_content
from partners.models import Alliance, AllianceProposal, Company, Interest, Match
from partners.reference import LANGUAGE_CHOICES, VALUE_CHAIN_CHOICES
from partners.selectors import (
    alliances_of_user,
    company_alliances,
    company_visible_to,
    interests_received,
    interests_sent,
    match_for_user,
    match_proposals,
    matches_of,
    user_is_member,
)
from partners.services import cocreation

from .membership import COMPANY_PARAMETER, refusal, requester_company
from .serializers import CompanyRecordSerializer, CompanyRefSerializer

TAG = "co-creation"

# --- Serializers ----------------------------------------------------------------------------


class InterestSerializer(serializers.ModelSerializer):
    sender = CompanyRefSerializer(read_only=True)
    recipient = CompanyRefSerializer(read_only=True)
    match = serializers.SerializerMethodField(
        help_text=gettext_lazy("The match the interest made, once it is mutual (else null).")
    )

    class Meta:
        model = Interest
        fields = [
            "id",
            "sender",
            "recipient",
            "message",
            "status",
            "decline_reason",
            "match",
            "created_at",
            "answered_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_match(self, interest: Interest) -> int | None:
        if interest.status != Interest.Status.MUTUAL:
            return None
        match = cocreation.match_between(interest.sender, interest.recipient)
        return match.pk if match else None


class InterestSendSerializer(serializers.Serializer):
    partner = StrictCharField(help_text=gettext_lazy("Key of the company you are interested in."))
    message = StrictCharField(
        required=False,
        allow_blank=True,
        help_text=interpolate_lazy(
            gettext_lazy(
                "Optional: why you would like to work together (at most %(count)s characters)."
            ),
            count=cocreation.MAX_MESSAGE_LENGTH,
        ),
    )


class DeclineSerializer(serializers.Serializer):
    reason = StrictCharField(
        required=False,
        allow_blank=True,
        help_text=interpolate_lazy(
            gettext_lazy("Optional; the other company sees it (at most %(count)s characters)."),
            count=cocreation.MAX_MESSAGE_LENGTH,
        ),
    )


class ContactSerializer(serializers.Serializer):
    contact_name = StrictCharField(allow_blank=True)
    contact_email = serializers.EmailField(allow_blank=True)
    contact_phone = StrictCharField(allow_blank=True)
    website = serializers.URLField(allow_blank=True)


def contact_of(company: Company) -> dict[str, str]:
    return {
        name: getattr(company, name)
        for name in ("contact_name", "contact_email", "contact_phone", "website")
    }


class MatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    company = CompanyRefSerializer(help_text=gettext_lazy("Your side of the match."))
    partner = CompanyRefSerializer(help_text=gettext_lazy("The other side."))
    created_at = serializers.DateTimeField()


class MatchDetailSerializer(MatchSerializer):
    partner_profile = CompanyRecordSerializer(help_text=gettext_lazy("The partner's profile."))
    partner_contact = ContactSerializer(
        help_text=gettext_lazy("Revealed by the match: how to reach them.")
    )
    open_proposal = serializers.IntegerField(
        allow_null=True, help_text=gettext_lazy("The proposal waiting for an answer, if any.")
    )
    alliances = serializers.ListField(
        child=serializers.IntegerField(), help_text=gettext_lazy("Alliances agreed in this match.")
    )


def match_data(match: Match, company: Company, *, detail: bool = False) -> dict[str, Any]:
    partner = match.other(company)
    data: dict[str, Any] = {
        "id": match.pk,
        "company": company,
        "partner": partner,
        "created_at": match.created_at,
    }
    if detail:
        open_proposal = match.proposals.filter(status=AllianceProposal.Status.OPEN).first()
        data.update(
            partner_profile=partner,
            partner_contact=contact_of(partner),
            open_proposal=open_proposal.pk if open_proposal else None,
            alliances=list(match.alliances.order_by("-created_at").values_list("pk", flat=True)),
        )
    return MatchDetailSerializer(data).data if detail else MatchSerializer(data).data


@extend_schema_field(
    {"type": "string", "format": "date", "pattern": f"^{str(cocreation.FIRST_YEAR)[:2]}[0-9]{{2}}-"}
)
class ProposalStartField(serializers.DateField):
    """A start date, documented with the years ``proposal_terms`` accepts."""


@extend_schema_serializer(  # the class's description, in the schema's language
    description=gettext_lazy(
        "The terms of a proposal, typed and documented as ``proposal_terms`` (the pages'\n"
        "own rules, applied after this) accepts them. The period is ``starts_on`` and\n"
        "``duration_months``; an ``ends_on`` date (after the start) instead of the duration is\n"
        "still read, as earlier versions of the API documented."
    )
)
class ProposalTermsSerializer(serializers.Serializer):
    shared_goal = StrictCharField(
        max_length=500,
        help_text=gettext_lazy("The goal to reach together: at most 500 characters."),
    )
    value_chain_change = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text=gettext_lazy("What will work differently together."),
    )
    activities = serializers.ListField(
        child=serializers.ChoiceField(choices=VALUE_CHAIN_CHOICES),
        required=False,
        help_text=gettext_lazy(
            "Codes of the value-chain activities concerned (e.g. marketing_sales)."
        ),
    )
    starts_on = ProposalStartField(
        help_text=interpolate_lazy(
            gettext_lazy(
                "The first day, in %(first_year)s–%(last_year)s, and not in the past: today or "
                "later in the site's time zone (%(time_zone)s). A start in the past is refused "
                "with 409 `conflict` (the request was valid until that day passed), "
                "`fields.starts_on` saying why."
            ),
            first_year=cocreation.FIRST_YEAR,
            last_year=cocreation.LAST_YEAR,
            time_zone=settings.TIME_ZONE,
        )
    )
    duration_months = serializers.IntegerField(
        min_value=1,
        max_value=cocreation.MAX_PERIOD_MONTHS,
        help_text=interpolate_lazy(
            gettext_lazy("1 to %(months)s months."), months=cocreation.MAX_PERIOD_MONTHS
        ),
    )
    conditions = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text=gettext_lazy("Who contributes what, costs, results…"),
    )
    translation_language = serializers.ChoiceField(
        choices=LANGUAGE_CHOICES,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy(
            "Optional: the language of the second texts below (default: the "
            "partner's language, `language` of its profile). Ignored without a second text."
        ),
    )
    shared_goal_translation = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=500,
        help_text=gettext_lazy(
            "Optional: the shared goal again, written by you in the partner's "
            "language (no machine translation). At most 500 characters."
        ),
    )
    value_chain_change_translation = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text=gettext_lazy(
            "Optional: the change in the value chain again, in the partner's language."
        ),
    )
    conditions_translation = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text=gettext_lazy("Optional: the conditions again, in the partner's language."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        data = kwargs.get("data")
        if isinstance(data, dict) and "ends_on" in data:
            self.fields["ends_on"] = serializers.DateField(allow_null=True)
            if data.get("duration_months") is None:
                self.fields["duration_months"].required = False
                self.fields["duration_months"].allow_null = True

    def terms(self) -> dict[str, Any]:
        return dict(self.validated_data)


class ProposalSerializer(serializers.ModelSerializer):
    proposed_by = CompanyRefSerializer(
        read_only=True, help_text=gettext_lazy("The side that proposed it.")
    )
    languages = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "The language each company of the match writes its texts in (`language` "
            "of its profile), by company key."
        )
    )
    translation_language = serializers.ChoiceField(
        choices=LANGUAGE_CHOICES,
        allow_blank=True,
        read_only=True,
        help_text=gettext_lazy("The language of the second texts (empty when there are none)."),
    )

    class Meta:
        model = AllianceProposal
        fields = [
            "id",
            "match",
            "version",
            "previous",
            "proposed_by",
            "shared_goal",
            "value_chain_change",
            "activities",
            "starts_on",
            "ends_on",
            "duration_months",
            "conditions",
            "status",
            "response_note",
            "answered_at",
            "created_at",
            "languages",
            "translation_language",
            "shared_goal_translation",
            "value_chain_change_translation",
            "conditions_translation",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "shared_goal_translation": {
                "help_text": gettext_lazy(
                    "The writer's own second text of the goal, in "
                    "`translation_language` (may be empty)."
                )
            },
            "value_chain_change_translation": {
                "help_text": gettext_lazy("Second text of the change.")
            },
            "conditions_translation": {"help_text": gettext_lazy("Second text of the conditions.")},
        }

    @extend_schema_field(
        {
            "type": "object",
            "additionalProperties": {"type": "string", "enum": [c for c, _n in LANGUAGE_CHOICES]},
            "example": {"maker": "ja", "trader": "en"},
        }
    )
    def get_languages(self, proposal: AllianceProposal) -> dict[str, str]:
        match = proposal.match
        return {side.key: side.language for side in (match.company_a, match.company_b)}


class AllianceSerializer(serializers.ModelSerializer):
    company_a = CompanyRefSerializer(read_only=True)
    company_b = CompanyRefSerializer(read_only=True)

    class Meta:
        model = Alliance
        fields = [
            "id",
            "match",
            "proposal",
            "company_a",
            "company_b",
            "shared_goal",
            "value_chain_change",
            "activities",
            "starts_on",
            "ends_on",
            "conditions",
            "private_a",
            "private_b",
            "created_at",
        ]
        read_only_fields = fields


# --- Helpers --------------------------------------------------------------------------------


def _interest_of_either_side(request: Request, id: int) -> Interest:
    """The interest if the user belongs to its sender or its recipient; 404 otherwise, the
    same for a missing interest and another company's, so that ids cannot be counted."""
    interest = Interest.objects.select_related("sender", "recipient").filter(pk=id).first()
    if interest is None or not (
        user_is_member(user=request.user, company=interest.recipient)
        or user_is_member(user=request.user, company=interest.sender)
    ):
        raise NotFound(_("No interest found."))
    return interest


def _attempt(action, **kwargs):
    """Run a service; its refusal becomes a 400 in the error format."""
    try:
        return action(**kwargs)
    except ValidationError as error:
        raise refusal(error) from None


def _match_or_404(request: Request, pk: int) -> tuple[Match, Company]:
    found = match_for_user(user=request.user, match_id=pk)
    if found is None:
        raise NotFound(_("No match found."))
    return found


def _proposal_or_404(request: Request, pk: int) -> tuple[AllianceProposal, Company]:
    proposal = AllianceProposal.objects.select_related("match", "proposed_by").filter(pk=pk).first()
    if proposal is None or match_for_user(user=request.user, match_id=proposal.match_id) is None:
        raise NotFound(_("No proposal found."))
    return proposal, proposal.proposed_by


def _terms(request: Request) -> dict[str, Any]:
    serializer = ProposalTermsSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.terms()


ID_PARAMETER = OpenApiParameter("id", int, location=OpenApiParameter.PATH)
TERMS_EXAMPLE = OpenApiExample(
    "Terms",
    value={
        "shared_goal": "Bring Japanese fermented foods to European tables",
        "value_chain_change": "Their export channel carries our products",
        "activities": ["marketing_sales", "outbound_logistics"],
        # The first of April after today: an example that is never in the past.
        "starts_on": date(cocreation.proposal_first_day().year + 1, 4, 1).isoformat(),
        "duration_months": 12,
        "conditions": "Costs shared equally; results owned jointly.",
    },
    request_only=True,
)
TERMS_REFUSED = OpenApiExample(
    "Refused terms",
    value={
        "code": "invalid",
        "message": "The request was refused: the fields say what to correct.",
        "fields": {
            "shared_goal": ["Name the goal you want to reach together."],
            "ends_on": ["Give an end date or a duration in months."],
        },
    },
    response_only=True,
    status_codes=["400"],
)
TERMS_IN_THE_PAST = OpenApiExample(
    "Start in the past",
    value={
        "code": "conflict",
        "message": "Start: 2026-04-01 is in the past. A proposal starts today (2026-12-07) "
        "or later.",
        "fields": {
            "starts_on": [
                "Start: 2026-04-01 is in the past. A proposal starts today (2026-12-07) or later."
            ]
        },
    },
    response_only=True,
    status_codes=["409"],
)


# --- Interests ------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        operation_id="interests_list",
        tags=[TAG],
        summary=gettext_lazy("Interests your company received or sent"),
        description=gettext_lazy(
            "`box=received` (default): interests other companies expressed in yours; "
            "`box=sent`: those yours expressed. Newest first."
        ),
        parameters=[
            COMPANY_PARAMETER,
            OpenApiParameter(
                "box", str, enum=["received", "sent"], description=gettext_lazy("Which box.")
            ),
        ],
        responses={200: InterestSerializer(many=True), **error_responses(400, 404)},
    ),
    post=extend_schema(
        operation_id="interests_send",
        tags=[TAG],
        summary=gettext_lazy("Express interest in a company"),
        description=gettext_lazy(
            "Your company expresses interest in `partner`. When the partner had already "
            "expressed interest in yours, both interests become `mutual` and a match is "
            "made (its id is in `match`): you then see each other's contact details. "
            "Refused (400): a second interest in the same company, a company that cannot "
            "be contacted, too many interests in 24 hours, a message too long. A company "
            "you cannot see answers 404."
        ),
        parameters=[COMPANY_PARAMETER],
        request=InterestSendSerializer,
        responses={201: InterestSerializer, **error_responses(400, 404, 409)},
        examples=[
            OpenApiExample(
                "Interest",
                value={"partner": "tanaka-sports", "message": "Let's make sportswear together."},
                request_only=True,
            )
        ],
    ),
)
class InterestListView(generics.GenericAPIView):
    serializer_class = InterestSerializer

    def get_queryset(self):
        company = requester_company(self.request)
        box = self.request.query_params.get("box", "received")
        if box not in ("received", "sent"):
            raise InputRefused({"box": [_("must be received or sent")]})
        rows = (interests_sent if box == "sent" else interests_received)(company=company)
        return rows.order_by("-created_at", "-id")

    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(InterestSerializer(page, many=True).data)

    def post(self, request: Request) -> Response:
        company = requester_company(request)
        serializer = InterestSendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        partner = Company.objects.filter(key=serializer.validated_data["partner"]).first()
        if (
            partner is None
            or partner.pk == company.pk
            or not company_visible_to(user=request.user, company=partner)
        ):
            raise NotFound(_("No company found."))
        interest = _attempt(
            cocreation.interest_send,
            user=request.user,
            sender=company,
            recipient=partner,
            message=serializer.validated_data.get("message", ""),
        )
        return Response(InterestSerializer(interest).data, status=status.HTTP_201_CREATED)


class InterestDeclineView(APIView):
    @extend_schema(
        operation_id="interests_decline",
        tags=[TAG],
        summary=gettext_lazy("Decline an interest your company received"),
        description=gettext_lazy(
            "Declines a pending interest; the sender sees the optional reason. Only the "
            "recipient's members may (the sender's get 403); an interest already "
            "answered is refused (400); others' interests answer 404."
        ),
        parameters=[ID_PARAMETER],
        request=DeclineSerializer,
        responses={200: InterestSerializer, **error_responses(400, 403, 404, 409)},
    )
    def post(self, request: Request, id: int) -> Response:
        interest = _interest_of_either_side(request, id)
        if not user_is_member(user=request.user, company=interest.recipient):
            raise PermissionDenied(_("Only the company that received it can decline it."))
        serializer = DeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        declined = _attempt(
            cocreation.interest_decline,
            user=request.user,
            interest=interest,
            reason=serializer.validated_data.get("reason", ""),
        )
        return Response(InterestSerializer(declined).data)


class InterestWithdrawView(APIView):
    @extend_schema(
        operation_id="interests_withdraw",
        tags=[TAG],
        summary=gettext_lazy("Withdraw an interest your company sent"),
        description=gettext_lazy(
            "Takes back an interest still waiting for an answer (`pending`): it is "
            "deleted, the recipient no longer sees it (its notification goes too) and its "
            "webhooks get `interest.withdrawn`. Your company may express interest in the "
            "same company again later; a withdrawn interest still counts against the "
            "daily limit of interests from the time it was sent. Only the sender's "
            "members may (the recipient's get 403); an interest already mutual or "
            "declined is refused (409); others' interests, and one already withdrawn "
            "(it no longer exists), answer 404."
        ),
        parameters=[ID_PARAMETER],
        request=None,
        responses={**no_content(), **error_responses(403, 404, 409)},
    )
    def post(self, request: Request, id: int) -> Response:
        interest = _interest_of_either_side(request, id)
        _attempt(cocreation.interest_withdraw, user=request.user, interest=interest)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Matches --------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        operation_id="matches_list",
        tags=[TAG],
        summary=gettext_lazy("Your company's matches"),
        description=gettext_lazy("Companies whose interest in yours is mutual, newest first."),
        parameters=[COMPANY_PARAMETER],
        responses={200: MatchSerializer(many=True), **error_responses(404)},
    )
)
class MatchListView(generics.GenericAPIView):
    serializer_class = MatchSerializer

    def get(self, request: Request) -> Response:
        company = requester_company(request)
        page = self.paginate_queryset(matches_of(company=company).order_by("-created_at", "-id"))
        return self.get_paginated_response([match_data(match, company) for match in page])


class MatchDetailView(APIView):
    @extend_schema(
        operation_id="matches_read",
        tags=[TAG],
        summary=gettext_lazy("One match, with the partner's contact details"),
        description=gettext_lazy(
            "A match of one of your companies: the partner's profile and the contact "
            "details the match reveals, the proposal waiting for an answer and the "
            "alliances agreed. Others' matches answer 404."
        ),
        parameters=[ID_PARAMETER],
        responses={200: MatchDetailSerializer, **error_responses(404)},
    )
    def get(self, request: Request, id: int) -> Response:
        match, company = _match_or_404(request, id)
        return Response(match_data(match, company, detail=True))


# --- Proposals ------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        operation_id="proposals_list",
        tags=[TAG],
        summary=gettext_lazy("The alliance proposals of a match"),
        description=gettext_lazy("Every version of the match's proposals, newest first."),
        parameters=[ID_PARAMETER],
        responses={200: ProposalSerializer(many=True), **error_responses(404)},
    ),
    post=extend_schema(
        operation_id="proposals_create",
        tags=[TAG],
        summary=gettext_lazy("Propose an alliance"),
        description=gettext_lazy(
            "Either side of a match proposes an alliance: a shared goal (required), the "
            "change in the value chain, the activities concerned, a start date and either "
            "an end date (after the start) or a duration of 1 to 120 months, and "
            "conditions. Optionally, the goal, the change and the conditions again in the "
            "partner's language (`*_translation`, your own words: nothing is translated "
            "automatically; `languages` in the answer says which each side writes). "
            "Refused while a version is waiting for an answer, or when the start is in the "
            "past (409 `conflict`); a refused term is named in `fields`."
        ),
        parameters=[ID_PARAMETER],
        request=ProposalTermsSerializer,
        responses={201: ProposalSerializer, **error_responses(400, 404, 409)},
        examples=[TERMS_EXAMPLE, TERMS_REFUSED, TERMS_IN_THE_PAST],
    ),
)
class MatchProposalsView(generics.GenericAPIView):
    serializer_class = ProposalSerializer

    def get(self, request: Request, id: int) -> Response:
        match, _company = _match_or_404(request, id)
        page = self.paginate_queryset(match_proposals(match=match))
        return self.get_paginated_response(ProposalSerializer(page, many=True).data)

    def post(self, request: Request, id: int) -> Response:
        match, company = _match_or_404(request, id)
        proposal = _attempt(
            cocreation.proposal_create,
            user=request.user,
            match=match,
            company=company,
            data=_terms(request),
        )
        return Response(ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)


class _ProposalActionView(APIView):
    #: Whose move it is: "answer" (the side that did not propose) or "author".
    side = "answer"

    def proposal(self, request: Request, id: int) -> AllianceProposal:
        proposal, proposer = _proposal_or_404(request, id)
        authoring = user_is_member(user=request.user, company=proposer)
        if self.side == "answer" and authoring:
            raise PermissionDenied(_("Only the other side can answer this proposal."))
        if self.side == "author" and not authoring:
            raise PermissionDenied(_("Only the side that proposed it can withdraw it."))
        return proposal


class ProposalAcceptView(_ProposalActionView):
    @extend_schema(
        operation_id="proposals_accept",
        tags=[TAG],
        summary=gettext_lazy("Accept a proposal"),
        description=gettext_lazy(
            "The side that did not propose the open version accepts it: the alliance is "
            "made of its terms. The proposing side gets 403; a version no longer open, 400."
        ),
        parameters=[ID_PARAMETER],
        request=None,
        responses={201: AllianceSerializer, **error_responses(400, 403, 404, 409)},
    )
    def post(self, request: Request, id: int) -> Response:
        proposal = self.proposal(request, id)
        alliance = _attempt(cocreation.proposal_accept, user=request.user, proposal=proposal)
        return Response(AllianceSerializer(alliance).data, status=status.HTTP_201_CREATED)


class ProposalDeclineView(_ProposalActionView):
    @extend_schema(
        operation_id="proposals_decline",
        tags=[TAG],
        summary=gettext_lazy("Decline a proposal"),
        description=gettext_lazy(
            "The side that did not propose the open version declines it, for good (a new "
            "proposal can follow). The proposing side gets 403; a version no longer open, 400."
        ),
        parameters=[ID_PARAMETER],
        request=DeclineSerializer,
        responses={200: ProposalSerializer, **error_responses(400, 403, 404, 409)},
    )
    def post(self, request: Request, id: int) -> Response:
        proposal = self.proposal(request, id)
        serializer = DeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        declined = _attempt(
            cocreation.proposal_decline,
            user=request.user,
            proposal=proposal,
            note=serializer.validated_data.get("reason", ""),
        )
        return Response(ProposalSerializer(declined).data)


class ProposalCounterView(_ProposalActionView):
    @extend_schema(
        operation_id="proposals_counter",
        tags=[TAG],
        summary=gettext_lazy("Propose changes to a proposal"),
        description=gettext_lazy(
            "The side that did not propose the open version sends changed terms: that "
            "version is superseded and the new one (the next version) is open for the "
            "other side. The terms follow the rules of a new proposal (a start in the "
            "past: 409 `conflict`)."
        ),
        parameters=[ID_PARAMETER],
        request=ProposalTermsSerializer,
        responses={201: ProposalSerializer, **error_responses(400, 403, 404, 409)},
        examples=[TERMS_EXAMPLE, TERMS_REFUSED, TERMS_IN_THE_PAST],
    )
    def post(self, request: Request, id: int) -> Response:
        proposal = self.proposal(request, id)
        new = _attempt(
            cocreation.proposal_counter,
            user=request.user,
            proposal=proposal,
            data=_terms(request),
        )
        return Response(ProposalSerializer(new).data, status=status.HTTP_201_CREATED)


class ProposalWithdrawView(_ProposalActionView):
    side = "author"

    @extend_schema(
        operation_id="proposals_withdraw",
        tags=[TAG],
        summary=gettext_lazy("Withdraw your proposal"),
        description=gettext_lazy(
            "The side that proposed the open version takes it back. The other side gets "
            "403; a version no longer open, 400."
        ),
        parameters=[ID_PARAMETER],
        request=None,
        responses={200: ProposalSerializer, **error_responses(400, 403, 404, 409)},
    )
    def post(self, request: Request, id: int) -> Response:
        proposal = self.proposal(request, id)
        withdrawn = _attempt(cocreation.proposal_withdraw, user=request.user, proposal=proposal)
        return Response(ProposalSerializer(withdrawn).data)


# --- Alliances ------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        operation_id="alliances_list",
        tags=[TAG],
        summary=gettext_lazy("Your company's alliances"),
        description=gettext_lazy("Alliances your company agreed, newest first (private ones too)."),
        parameters=[COMPANY_PARAMETER],
        responses={200: AllianceSerializer(many=True), **error_responses(404)},
    )
)
class AllianceListView(generics.ListAPIView):
    serializer_class = AllianceSerializer

    def get_queryset(self):
        company = requester_company(self.request)
        return company_alliances(company=company, viewer=self.request.user)


@extend_schema_view(
    get=extend_schema(
        operation_id="alliances_read",
        tags=[TAG],
        summary=gettext_lazy("One alliance"),
        description=gettext_lazy("An alliance of one of your companies; others' answer 404."),
        responses={200: AllianceSerializer, **error_responses(404)},
    )
)
class AllianceDetailView(generics.RetrieveAPIView):
    serializer_class = AllianceSerializer
    lookup_url_kwarg = "id"

    def get_queryset(self):
        return alliances_of_user(user=self.request.user)
