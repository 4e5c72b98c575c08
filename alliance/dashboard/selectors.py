"""Figures of the staff dashboard, each one query (or a few) over the whole platform."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Count, F, Min, Q, QuerySet
from django.utils import timezone

from matching.models import MatchRun, SuggestionList
from partners.models import (
    Alliance,
    AllianceProposal,
    Company,
    Interest,
    Match,
    User,
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
    """Total, new and weekly counts of ``rows`` by their ``field`` date, in one query."""
    starts = [now - timedelta(weeks=TREND_WEEKS - i) for i in range(TREND_WEEKS)]
    ends = [*starts[1:], now + timedelta(days=1)]  # the last week takes anything later too
    weeks = {
        f"w{i}": Count("pk", filter=Q(**{f"{field}__gte": start, f"{field}__lt": end}))
        for i, (start, end) in enumerate(zip(starts, ends, strict=True))
    }
    counts = rows.aggregate(
        total=Count("pk"),
        new=Count("pk", filter=Q(**{f"{field}__gte": now - timedelta(days=NEW_DAYS)})),
        **weeks,
    )
    return Figure(
        counts["total"], counts["new"], tuple(counts[f"w{i}"] for i in range(TREND_WEEKS))
    )


def platform_figures(*, now: datetime | None = None) -> dict[str, Figure]:
    """Key figures with their trends: companies, members, interests, matches, proposals
    and alliances."""
    now = now or timezone.now()
    # Members: active users who belong to a company, dated by their first membership.
    members = User.objects.filter(is_active=True, memberships__isnull=False).annotate(
        joined=Min("memberships__created_at")
    )
    return {
        "companies": _figure(Company.objects.all(), "created_at", now),
        "members": _figure(members, "joined", now),
        "interests": _figure(Interest.objects.all(), "created_at", now),
        "matches": _figure(Match.objects.all(), "created_at", now),
        "proposals": _figure(AllianceProposal.objects.all(), "created_at", now),
        "alliances": _figure(Alliance.objects.all(), "created_at", now),
    }


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


ACTIVE_STATUSES = (
    MatchRun.Status.PENDING,
    MatchRun.Status.RUNNING,
    MatchRun.Status.PUBLISHING,
)


def recent_runs(*, limit: int = 10) -> list[MatchRun]:
    """The latest full runs, newest first (the current one included)."""
    return list(
        MatchRun.objects.filter(kind=MatchRun.Kind.FULL)
        .defer("exposure_cutoffs")
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


# Companies per (section, strength), one row per pair, counted in the database: each
# company's strengths array is unnested by the database's own JSON table function.
_HEATMAP_SQL = {
    "postgresql": (
        "SELECT c.industry, s.code, COUNT(DISTINCT c.id) FROM partners_company c "
        "CROSS JOIN LATERAL jsonb_array_elements_text(c.strengths) AS s(code) "
        "WHERE c.visibility <> %s GROUP BY c.industry, s.code"
    ),
    "sqlite": (
        "SELECT c.industry, s.value, COUNT(DISTINCT c.id) FROM partners_company c, "
        "json_each(c.strengths) AS s WHERE c.visibility <> %s GROUP BY c.industry, s.value"
    ),
}


def section_activity_heatmap() -> HeatMap:
    """How many visible companies of each ISIC section are strong in each activity."""
    from partners.reference import ISIC_SECTION_CHOICES, VALUE_CHAIN_CHOICES

    column = {code: i for i, (code, _label) in enumerate(VALUE_CHAIN_CHOICES)}
    table: dict[str, list[int]] = {}
    sections_with_companies = set(
        Company.objects.exclude(visibility=Company.Visibility.HIDDEN)
        .values_list("industry", flat=True)
        .distinct()
    )
    with connection.cursor() as cursor:
        cursor.execute(_HEATMAP_SQL[connection.vendor], [Company.Visibility.HIDDEN])
        for industry, code, count in cursor.fetchall():
            if code in column:
                table.setdefault(industry, [0] * len(column))[column[code]] = count
    sections = tuple(
        (code, label) for code, label in ISIC_SECTION_CHOICES if code in sections_with_companies
    )
    return HeatMap(
        sections=sections,
        activities=tuple(VALUE_CHAIN_CHOICES),
        counts=tuple(tuple(table.get(code, [0] * len(column))) for code, _label in sections),
    )


@dataclass(frozen=True)
class IndustryMix:
    """Pairs (matches or alliances) by how far apart the two companies' industries are."""

    total: int
    other_section: int  # different ISIC sections: cross-industry
    other_division: int  # same section, different (or unknown) division
    same_division: int

    @property
    def cross_share(self) -> float:
        return self.other_section / self.total if self.total else 0.0


def _industry_mix(rows: QuerySet, a: str, b: str) -> IndustryMix:
    same_section = Q(**{f"{a}__industry": F(f"{b}__industry")})
    same_division = (
        same_section
        & Q(**{f"{a}__industry_division": F(f"{b}__industry_division")})
        & ~Q(**{f"{a}__industry_division": ""})
    )
    counts = rows.aggregate(
        total=Count("pk"),
        same_section=Count("pk", filter=same_section),
        same_division=Count("pk", filter=same_division),
    )
    return IndustryMix(
        total=counts["total"],
        other_section=counts["total"] - counts["same_section"],
        other_division=counts["same_section"] - counts["same_division"],
        same_division=counts["same_division"],
    )


def industry_mix() -> dict[str, IndustryMix]:
    """Cross-industry share of matches and of alliances."""
    return {
        "matches": _industry_mix(Match.objects.all(), "company_a", "company_b"),
        "alliances": _industry_mix(Alliance.objects.all(), "company_a", "company_b"),
    }


def latest_run_stats() -> MatchRun | None:
    """The latest complete full run that has its distributions counted (``stats``)."""
    return (
        MatchRun.objects.filter(
            kind=MatchRun.Kind.FULL, status=MatchRun.Status.COMPLETE, stats__isnull=False
        )
        .defer("exposure_cutoffs")
        .order_by("-finished_at", "-id")
        .first()
    )


# --- The platform-wide figures as one snapshot (counted by a worker, read by the page) --


@dataclass(frozen=True)
class Platform:
    """Every platform-wide figure of the dashboard, as counted at ``computed_at``."""

    figures: dict[str, Figure]
    profiles: dict
    funnel: Funnel
    heatmap: HeatMap
    mix: dict[str, IndustryMix]
    computed_at: datetime
    seconds: float


def platform_count() -> dict:
    """Count every platform-wide figure now; plain JSON for ``Snapshot.data`` (codes, not
    labels: those are put back in the reader's language by ``platform_from``)."""
    heatmap = section_activity_heatmap()
    return {
        "figures": {name: asdict(figure) for name, figure in platform_figures().items()},
        "profiles": profile_figures(),
        "funnel": asdict(funnel()),
        "heatmap": {
            "sections": [code for code, _label in heatmap.sections],
            "counts": [list(row) for row in heatmap.counts],
        },
        "mix": {name: asdict(value) for name, value in industry_mix().items()},
    }


def platform_from(data: dict, *, computed_at: datetime, seconds: float) -> Platform:
    """The figures of ``platform_count``'s ``data``, labelled in the active language."""
    from partners.reference import ISIC_SECTION_CHOICES, VALUE_CHAIN_CHOICES

    labels = dict(ISIC_SECTION_CHOICES)
    return Platform(
        figures={
            name: Figure(f["total"], f["new"], tuple(f["weekly"]))
            for name, f in data["figures"].items()
        },
        profiles=data["profiles"],
        funnel=Funnel(**data["funnel"]),
        heatmap=HeatMap(
            sections=tuple((code, labels[code]) for code in data["heatmap"]["sections"]),
            activities=tuple(VALUE_CHAIN_CHOICES),
            counts=tuple(tuple(row) for row in data["heatmap"]["counts"]),
        ),
        mix={name: IndustryMix(**value) for name, value in data["mix"].items()},
        computed_at=computed_at,
        seconds=seconds,
    )


def platform_latest(*, max_age: float) -> Platform | None:
    """The last counted figures, if counted less than ``max_age`` seconds ago."""
    from alliance.dashboard.models import Snapshot

    snapshot = Snapshot.objects.filter(
        key=PLATFORM_SNAPSHOT, computed_at__gte=timezone.now() - timedelta(seconds=max_age)
    ).first()
    if snapshot is None:
        return None
    return platform_from(snapshot.data, computed_at=snapshot.computed_at, seconds=snapshot.seconds)


PLATFORM_SNAPSHOT = "platform"
