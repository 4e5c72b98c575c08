"""Server-side SVG geometry for the dashboard's pictures (no script, no CDN).

The template draws the shapes; these functions only place them.
"""

from __future__ import annotations

from dataclasses import dataclass

from alliance.dashboard.selectors import HeatMap

CELL = 34
LABEL_WIDTH = 40
HEADER_HEIGHT = 24


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    count: int
    opacity: float  # 0.08 (none) … 1 (the largest count)
    title: str


def heatmap_cells(heatmap: HeatMap) -> dict:
    """Cells, row and column labels and the picture's size for ``heatmap``."""
    largest = heatmap.largest or 1
    cells = [
        Cell(
            x=LABEL_WIDTH + c * CELL,
            y=HEADER_HEIGHT + r * CELL,
            count=count,
            opacity=round(0.08 + 0.92 * count / largest, 3),
            title=f"{section[1]} × {activity[1]}: {count}",
        )
        for r, (section, row) in enumerate(zip(heatmap.sections, heatmap.counts, strict=True))
        for c, (activity, count) in enumerate(zip(heatmap.activities, row, strict=True))
    ]
    return {
        "cells": cells,
        "rows": [
            {"y": HEADER_HEIGHT + r * CELL + CELL // 2 + 5, "letter": code, "label": label}
            for r, (code, label) in enumerate(heatmap.sections)
        ],
        "columns": [
            {"x": LABEL_WIDTH + c * CELL + CELL // 2, "number": c + 1, "label": label}
            for c, (_code, label) in enumerate(heatmap.activities)
        ],
        "width": LABEL_WIDTH + CELL * len(heatmap.activities),
        "height": HEADER_HEIGHT + CELL * len(heatmap.sections),
        "cell": CELL - 2,
    }


BAR_CHART_HEIGHT = 120
BAR_WIDTH = 22
AXIS_LEFT = 44
AXIS_BOTTOM = 22


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    value: int
    label: str  # the x-axis label under the bar ("" for none)
    title: str  # what a pointer over the bar shows


def bar_chart(
    values: list[int], labels: list[str], titles: list[str], *, bar_width: int = BAR_WIDTH
) -> dict:
    """Vertical bars scaled to the largest value, with room for the axes' labels."""
    largest = max(values, default=0) or 1
    bars = []
    for i, (value, label, title) in enumerate(zip(values, labels, titles, strict=True)):
        height = round(BAR_CHART_HEIGHT * value / largest)
        bars.append(
            Bar(
                x=AXIS_LEFT + i * bar_width,
                y=BAR_CHART_HEIGHT - height + 8,
                width=bar_width - 3,
                height=height,
                value=value,
                label=label,
                title=title,
            )
        )
    return {
        "bars": bars,
        "largest": max(values, default=0),
        "width": AXIS_LEFT + bar_width * len(values) + 8,
        "height": BAR_CHART_HEIGHT + 8 + AXIS_BOTTOM,
        "base": BAR_CHART_HEIGHT + 8,
        "label_y": BAR_CHART_HEIGHT + 8 + 16,
        "axis_left": AXIS_LEFT,
        "label_offset": (bar_width - 3) // 2,
    }


def score_chart(scores: list[int]) -> dict:
    """The score histogram: one bar per bin, labelled every fifth of the range."""
    bins = len(scores)
    labels = [f"{i / bins:.1f}" if i % (bins // 5 or 1) == 0 else "" for i in range(bins)]
    titles = [f"{i / bins:.2f}–{(i + 1) / bins:.2f}: {count}" for i, count in enumerate(scores)]
    return bar_chart(scores, labels, titles)


def exposure_chart(buckets: list[dict]) -> dict:
    """Companies by how many lists they appear in ("0", "1–5", …, "101+")."""
    labels = [
        str(b["low"]) if b["low"] == b["high"]
        else f"{b['low']}+" if b["high"] is None
        else f"{b['low']}–{b['high']}"
        for b in buckets
    ]  # fmt: skip
    return bar_chart(
        [b["companies"] for b in buckets],
        labels,
        [f"{label}: {b['companies']}" for label, b in zip(labels, buckets, strict=True)],
        bar_width=2 * BAR_WIDTH,  # wider: these labels are longer than the scores'
    )


LORENZ_SIZE = 150


def lorenz_chart(shares: list[float]) -> dict:
    """The Lorenz curve of exposure: polyline points in a square, from (0, 0) to (1, 1);
    the diagonal is a perfectly even spread."""
    size, pad = LORENZ_SIZE, 8
    points = [(0.0, 0.0)] + [((i + 1) / len(shares), s) for i, s in enumerate(shares)]
    return {
        "size": size + 2 * pad,
        "pad": pad,
        "end": size + pad,
        "inner": size,
        "points": " ".join(f"{pad + x * size:.1f},{pad + (1 - y) * size:.1f}" for x, y in points),
    }


MIX_WIDTH = 360


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    count: int
    kind: str  # other_section, other_division or same_division


def mix_segments(mix) -> list[Segment]:
    """A stacked bar of ``MIX_WIDTH``: pairs across sections, across divisions of one
    section, and within one division (empty when there are no pairs)."""
    if not mix.total:
        return []
    segments, x = [], 0.0
    for kind in ("other_section", "other_division", "same_division"):
        count = getattr(mix, kind)
        width = MIX_WIDTH * count / mix.total
        segments.append(Segment(x=round(x, 1), width=round(width, 1), count=count, kind=kind))
        x += width
    return segments


SPARK_WIDTH, SPARK_HEIGHT = 80, 20


def sparkline(weekly: tuple[int, ...]) -> dict:
    """Small bars of a figure's weekly counts (oldest left)."""
    largest = max(weekly, default=0) or 1
    step = SPARK_WIDTH / max(1, len(weekly))
    return {
        "width": SPARK_WIDTH,
        "height": SPARK_HEIGHT,
        "bars": [
            {
                "x": round(i * step, 1),
                "width": round(step - 2, 1),
                "height": round(SPARK_HEIGHT * n / largest, 1),
                "y": round(SPARK_HEIGHT - SPARK_HEIGHT * n / largest, 1),
                "value": n,
            }
            for i, n in enumerate(weekly)
        ],
    }
