"""Reads of the matching app: profiles for the engine, current lists, runs.

What the suggestions page reads (filters, counts, status) is in ``browsing``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, QuerySet

from matching.engine import CompanySuggestions, MatchingConfig, Profile
from matching.engine import Suggestion as EngineSuggestion
from matching.models import MatchRun, Suggestion, SuggestionList
from partners.models import Company

PROFILE_FIELDS = (
    "id",
    "key",
    "language",
    "industry",
    "industry_division",
    "strengths",
    "seeks",
    "capabilities",
    "needs",
    "goals",
)


def matching_config(*, include_same_division: bool = False) -> MatchingConfig:
    """The engine's configuration from settings (``MATCHING_ENGINE``, ``MATCHING_TOP_K``)."""
    values = dict(settings.MATCHING_ENGINE)
    values["top_k"] = settings.MATCHING_TOP_K
    values["include_same_division"] = include_same_division
    return MatchingConfig.from_mapping(values)


def matchable_companies() -> QuerySet[Company]:
    """Companies that take part in matching: every one that is not hidden."""
    return Company.objects.exclude(visibility=Company.Visibility.HIDDEN)


def company_profile(row: dict) -> Profile:
    """The engine's view of one company (``row`` holds ``PROFILE_FIELDS``)."""
    return Profile(
        key=row["key"],
        language=row["language"],
        industry=row["industry"],
        division=row["industry_division"] or None,
        strengths=tuple(row["strengths"] or ()),
        seeks=tuple(row["seeks"] or ()),
        capabilities=tuple(row["capabilities"] or ()),
        needs=tuple(row["needs"] or ()),
        goals=tuple(row["goals"] or ()),
    )


@dataclass
class Population:
    """Every matchable company as engine profiles, with their database ids."""

    profiles: list[Profile]
    id_of: dict[str, int]
    section_of: dict[str, str]

    @property
    def key_of(self) -> dict[int, str]:
        return {pk: key for key, pk in self.id_of.items()}


def population_load(*, company_ids: Iterable[int] | None = None) -> Population:
    """Profiles of all non-hidden companies (or only of ``company_ids``, if given)."""
    rows = matchable_companies().order_by("key")
    if company_ids is not None:
        rows = rows.filter(id__in=list(company_ids))
    profiles, id_of, section_of = [], {}, {}
    for row in rows.values(*PROFILE_FIELDS).iterator(chunk_size=5000):
        profiles.append(company_profile(row))
        id_of[row["key"]] = row["id"]
        section_of[row["key"]] = row["industry"]
    return Population(profiles, id_of, section_of)


def current_suggestions(company_ids: Iterable[int] | None = None) -> QuerySet[Suggestion]:
    """Rows of the runs that companies' lists point to (optionally of ``company_ids`` only)."""
    rows = Suggestion.objects.filter(run_id=F("company__suggestion_list__run_id"))
    if company_ids is not None:
        rows = rows.filter(company_id__in=list(company_ids))
    return rows


def suggestions_for_company(*, company: Company) -> QuerySet[Suggestion]:
    """The company's current suggestions, best first: all rows of one run, never half of one."""
    pointer = SuggestionList.objects.filter(company=company).values_list("run_id", flat=True)
    return (
        Suggestion.objects.filter(company=company, run_id__in=pointer.order_by()[:1])
        .select_related("partner")
        .order_by("rank")
    )


def companies_listing(*, company_id: int) -> list[int]:
    """Ids of companies whose current list contains ``company_id``."""
    return list(
        current_suggestions().filter(partner_id=company_id).values_list("company_id", flat=True)
    )


def current_lists(*, company_ids: Iterable[int]) -> dict[int, CompanySuggestions]:
    """The current lists of ``company_ids`` as engine records (empty list if none), with
    each owner's ISIC section (it bounds how many peers the list holds)."""
    ids = list(company_ids)
    rows_of = Company.objects.filter(id__in=ids).values_list("id", "key", "industry")
    owners = {pk: (key, section or None) for pk, key, section in rows_of}
    lists: dict[int, list[EngineSuggestion]] = {pk: [] for pk in ids}
    rows = current_suggestions(ids).select_related("partner").order_by("company_id", "rank")
    for row in rows:
        lists[row.company_id].append(
            EngineSuggestion(
                partner=row.partner.key,
                rank=row.rank,
                score=row.score,
                partner_section=row.partner.industry,
                components=row.components,
                reasons=row.reasons,
            )
        )
    return {
        pk: CompanySuggestions(owners[pk][0], items, owners[pk][1])
        for pk, items in lists.items()
        if pk in owners
    }


def match_run_latest(*, kind: str = MatchRun.Kind.FULL) -> MatchRun | None:
    """The latest complete run of ``kind`` (full runs by default), or None."""
    runs = MatchRun.objects.filter(kind=kind, status=MatchRun.Status.COMPLETE)
    return runs.order_by("-finished_at", "-id").first()


def match_run_active() -> MatchRun | None:
    """The full run now pending, running or publishing, if any."""
    active = (MatchRun.Status.PENDING, MatchRun.Status.RUNNING, MatchRun.Status.PUBLISHING)
    return MatchRun.objects.filter(kind=MatchRun.Kind.FULL, status__in=active).first()


@dataclass(frozen=True)
class RunProgress:
    run_id: int
    status: str
    blocks_done: int
    blocks_total: int
    progress: float
    companies: int
    suggestions: int


def match_run_progress(*, run_id: int) -> RunProgress:
    """A run's state for progress bars and the admin."""
    return run_progress(MatchRun.objects.get(pk=run_id))


def run_progress(run: MatchRun) -> RunProgress:
    """``match_run_progress`` of a run already loaded."""
    return RunProgress(
        run_id=run.pk,
        status=run.status,
        blocks_done=run.blocks_done,
        blocks_total=run.blocks_total,
        progress=run.progress,
        companies=run.companies_count,
        suggestions=run.suggestions_count,
    )


def export_lists(*, top: int | None = None) -> Iterator[CompanySuggestions]:
    """Every company's current list, by company key, as engine records (for the export)."""
    rows = (
        current_suggestions()
        .select_related("company", "partner")
        .order_by("company__key", "rank")
        .only("rank", "score", "components", "reasons", "company__key", "partner__key",
              "partner__industry")
    )  # fmt: skip
    company, items = None, []
    for row in rows.iterator(chunk_size=5000):
        if row.company.key != company:
            if company is not None:
                yield CompanySuggestions(company, items)
            company, items = row.company.key, []
        if top is None or row.rank <= top:
            items.append(
                EngineSuggestion(
                    row.partner.key, row.rank, row.score, row.partner.industry,
                    row.components, row.reasons,
                )
            )  # fmt: skip
    if company is not None:
        yield CompanySuggestions(company, items)
