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
