"""Plain input and output records of the engine.

A :class:`Profile` carries exactly what matching may use. Company size and age
(employees, founded) are deliberately absent: the engine is size-blind by
construction, not by a weight set to zero.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Reason = dict[str, Any]


@dataclass(frozen=True)
class Profile:
    """One company as the engine sees it.

    ``industry`` is the ISIC Rev.4 section letter, ``division`` its two-digit
    division or ``None`` when unknown (an unknown division is never treated as
    the same division). ``strengths``/``seeks`` are value-chain activity codes
    (see ``config.ACTIVITIES``; unknown codes are ignored). ``capabilities``,
    ``needs`` and ``goals`` are the company's own short texts, in ``language``.
    """

    key: str
    language: str
    industry: str
    division: str | None
    strengths: tuple[str, ...]
    seeks: tuple[str, ...]
    capabilities: tuple[str, ...]
    needs: tuple[str, ...]
    goals: tuple[str, ...]

    @classmethod
    def from_exchange(cls, record: Mapping[str, Any]) -> Profile:
        """Build from one ``alliance-companies/1`` record (size and age are dropped)."""
        chain = record.get("value_chain") or {}
        return cls(
            key=record["key"],
            language=record.get("language", "en"),
            industry=record["industry"],
            division=record.get("industry_division") or None,
            strengths=tuple(chain.get("strengths") or ()),
            seeks=tuple(chain.get("seeks") or ()),
            capabilities=tuple(record.get("capabilities") or ()),
            needs=tuple(record.get("needs") or ()),
            goals=tuple(record.get("goals") or ()),
        )


@dataclass(frozen=True)
class Suggestion:
    """One partner in a company's list.

    ``score`` in [0, 1] is the reciprocal pair score (the same seen from either
    side; lists are ordered by it). ``components`` holds the pair-level components plus
    ``for_you`` (what the partner brings to this company) and ``for_them``
    (the other way round); ``reasons`` are structured evidence (see
    ``explain.py``), never a bare percentage.
    """

    partner: str
    rank: int
    score: float
    partner_section: str
    components: dict[str, Any]
    reasons: list[Reason] = field(default_factory=list)


@dataclass(frozen=True)
class CompanySuggestions:
    """A company's ranked suggestions (rank 1 first); ``section`` is the company's own
    ISIC section (None when unknown), which bounds how many of its peers a list holds."""

    company: str
    suggestions: list[Suggestion]
    section: str | None = None

    @property
    def partners(self) -> list[str]:
        return [s.partner for s in self.suggestions]
