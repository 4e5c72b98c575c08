"""Reads of the suggestions page: a company's current list as its members browse it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from matching.models import (
    Dismissal,
    MatchRun,
    SavedSuggestion,
    Suggestion,
    SuggestionList,
    SuggestionsSeen,
)
from matching.selectors import (
    RunProgress,
    current_suggestions,
    run_progress,
    suggestions_for_company,
)
from partners.models import Company, Interest, User

#: Orders of the suggestions page: best match first (the list's rank), newest partners
#: first, or by name.
SUGGESTION_SORTS = {
    "best": ("rank", "id"),
    "newest": ("-partner__created_at", "rank"),
    "name": ("partner__name", "rank"),
}
ACTIVE_RUN_STATUSES = (MatchRun.Status.PENDING, MatchRun.Status.RUNNING, MatchRun.Status.PUBLISHING)
#: A profile saved less than this long ago whose rescoring has not started yet is
#: reported as "being prepared": its task is waiting in the queue.
RESCORE_QUEUE_GRACE = timedelta(minutes=10)
#: A company rescoring still running after this long was lost with its worker.
COMPANY_RUN_STALE_AFTER = timedelta(minutes=15)


@dataclass(frozen=True)
class ProfileReadiness:
    """What a profile lacks before Kyoso can suggest partners for it.

    ``missing`` holds the profile fields to fill ("industry", "goals", "needs",
    "capabilities"); ``hidden`` means the company chose to be hidden, and hidden
    companies take no part in matching at all.
    """

    missing: tuple[str, ...]
    hidden: bool

    @property
    def ready(self) -> bool:
        return not self.missing and not self.hidden


def profile_readiness(*, company: Company) -> ProfileReadiness:
    """Whether the engine can find partners for the company, and what is missing if not.

    The engine pairs companies on text evidence in *both* directions: a pair's score
    is the harmonic mean of the two sides, and value chain and industry only count in
    proportion to a side's text evidence (``engine/score.py``). A side's evidence is
    a shared long-term goal, or a need of one company answered by a capability of the
    other. So a profile needs at least one long-term goal, or else both a need (to be
    answered) and a capability (to answer the partner's needs); and an industry.
    Value-chain strengths help but are not required.
    """
    missing = [] if company.industry else ["industry"]
    if not company.goals and not (company.needs and company.capabilities):
        missing.append("goals")
        missing += [name for name in ("needs", "capabilities") if not getattr(company, name)]
    return ProfileReadiness(tuple(missing), company.visibility == Company.Visibility.HIDDEN)


def _shown_suggestions(company: Company) -> QuerySet[Suggestion]:
    """The current list without partners that are now hidden, each row marked ``is_dismissed``."""
    dismissed = Dismissal.objects.filter(company=company, partner=OuterRef("partner_id"))
    return (
        suggestions_for_company(company=company)
        .exclude(partner__visibility=Company.Visibility.HIDDEN)
        .annotate(is_dismissed=Exists(dismissed))
    )


def suggestions_browse(
    *,
    company: Company,
    industry: str = "",
    region: str = "",
    activity: str = "",
    include_same_industry: bool = False,
    saved_only: bool = False,
    sort: str = "best",
) -> QuerySet[Suggestion]:
    """The company's suggestions as its members browse them.

    Only the company's current list (``suggestions_for_company``: every row of the run
    its ``SuggestionList`` points to), without partners it dismissed or that are now
    hidden. Partners in the company's own ISIC section are left out unless
    ``include_same_industry`` (cross-industry first: same-industry pairs only on
    request). Filters: the partner's ``industry`` (section), ``region`` (a country
    code also matches its subdivisions), ``activity`` (a value-chain strength), and
    ``saved_only``. Rows carry the partner (``select_related``), ``is_saved`` and
    ``interest_status`` (of the company's interest in the partner, or None).
    """
    saved = SavedSuggestion.objects.filter(company=company, partner=OuterRef("partner_id"))
    interest = Interest.objects.filter(sender=company, recipient=OuterRef("partner_id"))
    rows = (
        _shown_suggestions(company)
        .filter(is_dismissed=False)
        .annotate(is_saved=Exists(saved), interest_status=Subquery(interest.values("status")[:1]))
    )
    if not include_same_industry:
        rows = rows.exclude(partner__industry=company.industry)
    if industry:
        rows = rows.filter(partner__industry=industry)
    if region:
        region = region.upper()
        rows = rows.filter(Q(partner__region=region) | Q(partner__region__startswith=f"{region}-"))
    if activity:
        # JSON lists are stored as text on every backend; the quoted code is exact.
        rows = rows.filter(partner__strengths__icontains=f'"{activity}"')
    if saved_only:
        rows = rows.filter(is_saved=True)
    return rows.order_by(*SUGGESTION_SORTS.get(sort, SUGGESTION_SORTS["best"]))


def suggestions_new(*, user: User, company: Company) -> QuerySet[Suggestion]:
    """The suggestions the page shows by default (``suggestions_browse``) whose partner
    was not in the list when ``user`` last opened the suggestions page: all of them if
    they never did. One query to read what was seen."""
    seen = (
        SuggestionsSeen.objects.filter(user=user, company=company)
        .values_list("partner_ids", flat=True)
        .first()
    )
    rows = suggestions_browse(company=company)
    return rows.exclude(partner_id__in=seen) if seen else rows


@dataclass(frozen=True)
class SuggestionsSummary:
    """Counts over the company's current list (partners now hidden left out)."""

    total: int
    dismissed: int
    same_industry: int  # not dismissed, in the company's own ISIC section
    saved: int  # not dismissed
    #: How many suggestions a list holds at most (``MATCHING_TOP_K``).
    wanted: int = 10

    @property
    def available(self) -> int:
        """Suggestions not dismissed: what the page can show with the widest filters."""
        return self.total - self.dismissed

    @property
    def short(self) -> bool:
        """The engine found fewer partners than a list holds: it never fills a list with
        pairs that lack a real match (``MatchingConfig.evidence_threshold``)."""
        return 0 < self.total < self.wanted


def suggestions_summary(*, company: Company) -> SuggestionsSummary:
    """How many suggestions the list holds, were dismissed, are same-industry or saved."""
    saved = SavedSuggestion.objects.filter(company=company, partner=OuterRef("partner_id"))
    kept = Q(is_dismissed=False)
    counts = (
        _shown_suggestions(company)
        .annotate(is_saved=Exists(saved))
        .order_by()
        .aggregate(
            total=Count("id"),
            dismissed=Count("id", filter=Q(is_dismissed=True)),
            same_industry=Count("id", filter=kept & Q(partner__industry=company.industry)),
            saved=Count("id", filter=kept & Q(is_saved=True)),
        )
    )
    return SuggestionsSummary(**counts, wanted=settings.MATCHING_TOP_K)


def reasons_from_partners(*, company: Company, partner_ids: Iterable[int]) -> dict[int, list]:
    """For each of ``partner_ids`` whose current list holds ``company``: that row's reasons
    (written from the partner's side), by partner id. One query."""
    rows = current_suggestions(partner_ids).filter(partner=company)
    return dict(rows.values_list("company_id", "reasons"))


def partner_is_suggested(*, company: Company, partner: Company) -> bool:
    """Whether ``partner`` is in the company's current list."""
    return suggestions_for_company(company=company).filter(partner=partner).exists()


def dismissals_of(*, company: Company) -> QuerySet[Dismissal]:
    """The partners the company dismissed, newest first, with the partner
    (``select_related``); partners now hidden are left out, as from its suggestions."""
    return (
        Dismissal.objects.filter(company=company)
        .exclude(partner__visibility=Company.Visibility.HIDDEN)
        .select_related("partner")
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class SuggestionsStatus:
    """Where a company's list stands: computed or not, and whether a run will change it."""

    list_run_id: int | None  # the run the list points to; None: never computed
    run: RunProgress | None  # a run now computing that will replace the list
    queued: bool  # the profile changed and its rescoring has not started yet

    @property
    def has_list(self) -> bool:
        return self.list_run_id is not None

    @property
    def busy(self) -> bool:
        return self.run is not None or self.queued

    @property
    def progress(self) -> float | None:
        """Share done, or None when unknown (a queued or single-company rescoring)."""
        if self.run is None or not self.run.blocks_total:
            return None
        return self.run.progress


def suggestions_list_run(*, company: Company) -> int | None:
    """The run the company's current list points at (None: no list yet)."""
    return SuggestionList.objects.filter(company=company).values_list("run_id", flat=True).first()


def suggestions_status(*, company: Company) -> SuggestionsStatus:
    """Whether the company's suggestions exist and whether they are being computed.

    Computing: a full run is pending, running or publishing, or a rescoring of this
    company is (started less than ``COMPANY_RUN_STALE_AFTER`` ago). Queued: the
    profile was saved less than ``RESCORE_QUEUE_GRACE`` ago and neither a full run nor
    its own rescoring has started since (other companies' rescorings may have moved
    its list meanwhile: they do not answer the change).
    """
    pointer = suggestions_list_run(company=company)
    now = timezone.now()
    ours = Q(kind=MatchRun.Kind.FULL) | Q(kind=MatchRun.Kind.COMPANY, company=company)
    active = MatchRun.objects.filter(ours, status__in=ACTIVE_RUN_STATUSES).exclude(
        kind=MatchRun.Kind.COMPANY, created_at__lt=now - COMPANY_RUN_STALE_AFTER
    )
    run = active.order_by("-created_at", "-id").first()
    changed = company.updated_at
    queued = (
        run is None
        and changed > now - RESCORE_QUEUE_GRACE
        and not MatchRun.objects.filter(ours, created_at__gte=changed).exists()
    )
    return SuggestionsStatus(
        list_run_id=pointer,
        run=run_progress(run) if run else None,
        queued=queued,
    )
