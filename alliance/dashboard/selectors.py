"""Figures of the staff dashboard, each one query (or a few) over the whole platform."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from matching.models import MatchRun, SuggestionList
from partners.models import (
    Alliance,
    AllianceProposal,
    Company,
    Interest,
    Match,
    Membership,
)

NEW_DAYS = 7
TREND_WEEKS = 8


@dataclass(frozen=True)
class Figure:
    """One key figure: its total, how many are new in the last ``NEW_DAYS`` days, and
    how many were created in each of the last ``TREND_WEEKS`` weeks (oldest first)."""

    total: int
    new: int
    weekly: tuple[int, ...]


@dataclass(frozen=True)
class Funnel:
    """Companies at each step from being suggested to an agreed alliance."""

    suggested: int
    interested: int
    matched: int
    proposed: int
    allied: int


def ready_companies() -> QuerySet[Company]:
    """Companies whose profile the engine can match (``profile_readiness``): an industry,
    and a long-term goal or both a need and a capability."""
    return Company.objects.exclude(industry="").filter(
        ~Q(goals=[]) | (~Q(needs=[]) & ~Q(capabilities=[]))
    )


def _figure(rows: QuerySet, field: str, now: datetime) -> Figure:
    starts = [now - timedelta(weeks=TREND_WEEKS - i) for i in range(TREND_WEEKS + 1)]
    stamps = rows.filter(**{f"{field}__gte": starts[0]}).values_list(field, flat=True)
    weekly = [0] * TREND_WEEKS
    for stamp in stamps:
        week = min(TREND_WEEKS - 1, int((stamp - starts[0]) / timedelta(weeks=1)))
        weekly[week] += 1
    new = rows.filter(**{f"{field}__gte": now - timedelta(days=NEW_DAYS)}).count()
    return Figure(rows.count(), new, tuple(weekly))


def platform_figures(*, now: datetime | None = None) -> dict[str, Figure]:
    """Key figures with their trends: companies, members, interests, matches, proposals
    and alliances."""
    now = now or timezone.now()
    return {
        "companies": _figure(Company.objects.all(), "created_at", now),
        "members": _members_figure(now),
        "interests": _figure(Interest.objects.all(), "created_at", now),
        "matches": _figure(Match.objects.all(), "created_at", now),
        "proposals": _figure(AllianceProposal.objects.all(), "created_at", now),
        "alliances": _figure(Alliance.objects.all(), "created_at", now),
    }


def _members_figure(now: datetime) -> Figure:
    """Users who belong to a company, counted once, dated by their first membership."""
    first: dict[int, datetime] = {}
    for user_id, created in Membership.objects.filter(user__is_active=True).values_list(
        "user_id", "created_at"
    ):
        if user_id not in first or created < first[user_id]:
            first[user_id] = created
    since = now - timedelta(weeks=TREND_WEEKS)
    weekly = [0] * TREND_WEEKS
    for created in first.values():
        if created >= since:
            weekly[min(TREND_WEEKS - 1, int((created - since) / timedelta(weeks=1)))] += 1
    new = sum(created >= now - timedelta(days=NEW_DAYS) for created in first.values())
    return Figure(len(first), new, tuple(weekly))


def profile_figures() -> dict[str, float | int]:
    """How many companies can be matched, and the share of those with suggestions."""
    visible = Company.objects.exclude(visibility=Company.Visibility.HIDDEN)
    ready = ready_companies().exclude(visibility=Company.Visibility.HIDDEN).count()
    with_suggestions = SuggestionList.objects.filter(company__in=visible).count()
    total = visible.count()
    return {
        "ready": ready,
        "visible": total,
        "with_suggestions": with_suggestions,
        "coverage": with_suggestions / total if total else 0.0,
    }


def _either_side(rows: QuerySet, a: str, b: str) -> int:
    """Companies that are side ``a`` or side ``b`` of at least one of ``rows``."""
    return Company.objects.filter(Q(id__in=rows.values(a)) | Q(id__in=rows.values(b))).count()


def funnel() -> Funnel:
    """How many companies reached each step (a company counts once per step)."""
    return Funnel(
        suggested=SuggestionList.objects.count(),
        interested=Company.objects.filter(id__in=Interest.objects.values("sender_id")).count(),
        matched=_either_side(Match.objects.all(), "company_a_id", "company_b_id"),
        proposed=_either_side(
            AllianceProposal.objects.all(), "match__company_a_id", "match__company_b_id"
        ),
        allied=_either_side(Alliance.objects.all(), "company_a_id", "company_b_id"),
    )


def recent_runs(*, limit: int = 10) -> list[MatchRun]:
    """The latest full runs, newest first (the current one included)."""
    return list(
        MatchRun.objects.filter(kind=MatchRun.Kind.FULL)
        .defer("exposure_prices")
        .order_by("-created_at", "-id")[:limit]
    )


@dataclass(frozen=True)
class HeatMap:
    """Companies per ISIC section (rows) and value-chain strength (columns)."""

    sections: tuple[tuple[str, str], ...]  # (letter, label) of sections with companies
    activities: tuple[tuple[str, str], ...]  # (code, label)
    counts: tuple[tuple[int, ...], ...]  # counts[row][column]

    @property
    def largest(self) -> int:
        return max((max(row) for row in self.counts if row), default=0)


def section_activity_heatmap() -> HeatMap:
    """How many visible companies of each ISIC section are strong in each activity."""
    from partners.reference import ISIC_SECTION_CHOICES, VALUE_CHAIN_CHOICES

    column = {code: i for i, (code, _label) in enumerate(VALUE_CHAIN_CHOICES)}
    table: dict[str, list[int]] = {}
    rows = Company.objects.exclude(visibility=Company.Visibility.HIDDEN).values_list(
        "industry", "strengths"
    )
    for industry, strengths in rows.iterator(chunk_size=5000):
        counts = table.setdefault(industry, [0] * len(column))
        for code in set(strengths or ()):
            if code in column:
                counts[column[code]] += 1
    sections = tuple((code, label) for code, label in ISIC_SECTION_CHOICES if code in table)
    return HeatMap(
        sections=sections,
        activities=tuple(VALUE_CHAIN_CHOICES),
        counts=tuple(tuple(table[code]) for code, _label in sections),
    )
