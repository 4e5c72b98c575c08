"""How strong a suggestion is, in words: bands of the pair score, levels of its components.

The engine's scores are calibrated similarities, good for ordering a list but not
precise enough to be read as percentages: "0.63" and "0.61" mean the same thing
to a person choosing whom to contact. The page therefore shows a few words.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: Reciprocal pair scores (``Suggestion.score``, in [0, 1]) at or above which a
#: suggestion is a "Strong match". The score is the harmonic mean of both
#: directions, and each direction's text evidence is calibrated so that 0 is a
#: typical unrelated phrase pair and 1 the top half-percent of the population;
#: 0.6 needs clear evidence on *both* sides (e.g. a need answered almost word for
#: word each way, or one answered need plus a shared goal).
STRONG_MATCH_SCORE = 0.6
#: At or above this (and below ``STRONG_MATCH_SCORE``) a suggestion is a "Good
#: match": at least one side's need or goal is clearly answered and the other side
#: has some evidence too. Everything listed below it (the engine lists nothing
#: under ``MATCHING_MIN_SCORE``) is a "Possible match": worth a look, weakly evidenced.
GOOD_MATCH_SCORE = 0.3

#: A component (each in [0, 1]) reads "High" at or above the first value, "Medium"
#: at or above the second, "Low" above the third, and "None" otherwise.
COMPONENT_LEVELS = (0.66, 0.33, 0.05)

#: The pair-level components of ``Suggestion.components`` shown on a card, in order.
COMPONENTS = ("complementarity", "goals", "value_chain", "cross_industry")

COMPONENT_NAMES = {
    "complementarity": _("Complementarity"),
    "goals": _("Shared goals"),
    "value_chain": _("Value chain"),
    "cross_industry": _("Cross-industry"),
}
COMPONENT_HELP = {
    "complementarity": _("How well each side's capabilities answer the other side's needs."),
    "goals": _("How closely your long-term goals point the same way."),
    "value_chain": _("How much more of the value chain you cover together than alone."),
    "cross_industry": _("How far apart your industries are: further apart brings newer ideas."),
}
LEVEL_NAMES = (_("None"), _("Low"), _("Medium"), _("High"))


@dataclass(frozen=True)
class Band:
    slug: str
    label: Promise
    description: Promise


BANDS = (
    Band(
        "strong",
        _("Strong match"),
        _("Clear evidence on both sides: each brings what the other looks for."),
    ),
    Band(
        "good",
        _("Good match"),
        _("Clear evidence on at least one side, and some on the other."),
    ),
    Band(
        "possible",
        _("Possible match"),
        _("Some evidence: worth a look, but less certain."),
    ),
)


def match_band(score: float) -> Band:
    """The band of a pair score (see ``STRONG_MATCH_SCORE`` and ``GOOD_MATCH_SCORE``)."""
    if score >= STRONG_MATCH_SCORE:
        return BANDS[0]
    if score >= GOOD_MATCH_SCORE:
        return BANDS[1]
    return BANDS[2]


@dataclass(frozen=True)
class ComponentLevel:
    code: str
    name: Promise
    help: Promise
    level: int  # 0 (none) to 3 (high)

    @property
    def level_name(self) -> Promise:
        return LEVEL_NAMES[self.level]


def component_level(value: float) -> int:
    """0 (none) to 3 (high) for a component value in [0, 1] (see ``COMPONENT_LEVELS``)."""
    high, medium, low = COMPONENT_LEVELS
    if value >= high:
        return 3
    if value >= medium:
        return 2
    return 1 if value > low else 0


def component_levels(components: dict) -> list[ComponentLevel]:
    """The pair-level components of a suggestion as levels (a missing one counts as 0)."""
    return [
        ComponentLevel(
            code,
            COMPONENT_NAMES[code],
            COMPONENT_HELP[code],
            component_level(float(components.get(code) or 0.0)),
        )
        for code in COMPONENTS
    ]
