"""What changed from one version of an alliance proposal to the next.

Pure: reads the terms as attributes of two objects (proposals, or anything with the
same attribute names) and returns plain rows; no database, no templates. The match
page shows the rows under each version after the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .reference import LANGUAGE_CHOICES

#: A text longer than this (or on several lines) is shown as before and after, not inline.
INLINE_TEXT_LENGTH = 60

#: The terms compared, in the order the page lists them: (attribute, label, kind).
TERMS: tuple[tuple[str, Promise, str], ...] = (
    ("shared_goal", _("Shared goal"), "text"),
    ("value_chain_change", _("Change in the value chain"), "text"),
    ("activities", _("Value-chain activities concerned"), "activities"),
    ("starts_on", _("Start"), "date"),
    ("ends_on", _("End"), "date"),
    ("duration_months", _("Duration in months"), "months"),
    ("conditions", _("Conditions"), "text"),
    ("translation_language", _("Language of the second text"), "language"),
    ("shared_goal_translation", _("Shared goal, second text"), "text"),
    ("value_chain_change_translation", _("Change in the value chain, second text"), "text"),
    ("conditions_translation", _("Conditions, second text"), "text"),
)
#: Each text and its second text (the writer's own words in the partner's language).
TEXT_PAIRS = (
    ("shared_goal", "shared_goal_translation"),
    ("value_chain_change", "value_chain_change_translation"),
    ("conditions", "conditions_translation"),
)
_LANGUAGES = dict(LANGUAGE_CHOICES)


@dataclass(frozen=True)
class TermChange:
    """One term that differs. ``before``/``after`` are the values (``None`` when empty;
    a language as its name); ``added``/``removed`` the codes of a list of activities;
    ``inline`` says whether "before → after" reads well on one line."""

    field: str
    label: Promise
    kind: str
    before: Any
    after: Any
    inline: bool = True
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


def _empty_as_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
    return value if value not in ("", None, [], ()) else None


def _reads_inline(*texts: str | None) -> bool:
    return all(
        text is None or (len(text) <= INLINE_TEXT_LENGTH and "\n" not in text) for text in texts
    )


def _change(field: str, label: Promise, kind: str, before: Any, after: Any) -> TermChange | None:
    if kind == "activities":
        old, new = list(before or []), list(after or [])
        added = tuple(code for code in new if code not in old)
        removed = tuple(code for code in old if code not in new)
        if not added and not removed:
            return None  # the same activities, perhaps in another order
        return TermChange(field, label, kind, tuple(old), tuple(new), True, added, removed)
    before, after = _empty_as_none(before), _empty_as_none(after)
    if before == after:
        return None
    if kind == "language":
        before, after = _LANGUAGES.get(before, before), _LANGUAGES.get(after, after)
    inline = _reads_inline(before, after) if kind == "text" else True
    return TermChange(field, label, kind, before, after, inline)


def _earlier_lined_up(earlier: object, later: object) -> dict[str, Any]:
    """``earlier``'s terms, each text lined up with the text of ``later`` in the same
    language. A side answering in its own language turns the texts round (its language
    first, the partner's second, the second-text language swapped): a pair turned round
    is compared crossed when that differs in fewer texts, so only real edits show."""
    before = {field: getattr(earlier, field, None) for field, _label, _kind in TERMS}
    was, now = before["translation_language"], getattr(later, "translation_language", None)
    if not (was and now and was != now):
        return before
    for original, second in TEXT_PAIRS:
        old = (_empty_as_none(before[original]), _empty_as_none(before[second]))
        new = (_empty_as_none(getattr(later, original, None)),
               _empty_as_none(getattr(later, second, None)))  # fmt: skip
        straight = (old[0] != new[0]) + (old[1] != new[1])
        crossed = (old[1] != new[0]) + (old[0] != new[1])
        if crossed < straight:
            before[original], before[second] = before[second], before[original]
    return before


def proposal_changes(earlier: object, later: object) -> list[TermChange]:
    """The terms of ``later`` that differ from ``earlier``, in the order of ``TERMS``
    (an empty list when they agree). Texts are compared without surrounding spaces,
    and in the same language (``_earlier_lined_up``)."""
    before = _earlier_lined_up(earlier, later)
    rows = []
    for field, label, kind in TERMS:
        change = _change(field, label, kind, before[field], getattr(later, field, None))
        if change is not None:
            rows.append(change)
    return rows
