"""The engine's structured reasons as sentences in the viewer's language.

A reason (see ``matching.engine.explain``) names the companies' own phrases,
value-chain activity codes and ISIC sections. Here each becomes one translated
sentence: the frame comes from the catalogue (named placeholders, so a
translation may reorder them), codes become their translated names, and the
companies' phrases are quoted exactly as written, marked with their language.

Sentences are HTML-safe strings (phrases are escaped and wrapped in
``<span class="phrase" lang="…">``); ``strip_tags`` gives the plain text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from matching.engine.config import ACTIVITIES
from partners.reference import ISIC_SECTIONS, VALUE_CHAIN_ACTIVITIES

Reason = dict

# Swapping these keys turns a reason seen from one company into the same reason
# seen from its partner.
_MIRRORED = (("goal", "partner_goal"), ("activities", "partner_activities"),
             ("section", "partner_section"))  # fmt: skip
_DIRECTION_MIRROR = {"for_you": "for_them", "for_them": "for_you"}


def reason_mirror(reason: Reason) -> Reason:
    """The same reason from the other company's side (directions and pairs swapped)."""
    mirrored = dict(reason)
    if "direction" in reason:
        mirrored["direction"] = _DIRECTION_MIRROR.get(reason["direction"], reason["direction"])
    for mine, theirs in _MIRRORED:
        if mine in reason or theirs in reason:
            mirrored[mine], mirrored[theirs] = reason.get(theirs), reason.get(mine)
    return mirrored


@dataclass(frozen=True)
class Voices:
    """The languages the two companies write their phrases in (for ``lang`` attributes)."""

    own: str
    partner: str


def _phrase(text: str, language: str) -> SafeString:
    return format_html('<span class="phrase" lang="{}">{}</span>', language, text)


def _sentence(frame: str, **parts) -> SafeString:
    """A translated ``frame`` with ``%(name)s`` placeholders, filled with escaped ``parts``."""
    return mark_safe(
        conditional_escape(frame) % {k: conditional_escape(v) for k, v in parts.items()}
    )


def activity_name(code: str) -> str:
    entry = VALUE_CHAIN_ACTIVITIES.get(code)
    return str(entry[0]) if entry else code


def section_name(code: str) -> str:
    return str(ISIC_SECTIONS.get(code, code))


def name_list(names: Iterable[str]) -> str:
    """Names joined in the active language's way (", " in English, "、" in Japanese)."""
    return pgettext("separator between the items of a list", ", ").join(names)


def _activities(codes: Iterable[str]) -> str:
    return name_list(activity_name(code) for code in codes)


def need_sentence(reason: Reason, voices: Voices) -> SafeString:
    if reason["direction"] == "for_you":
        frame = _("Your need “%(need)s” is answered by their capability “%(capability)s”.")
        need, capability = voices.own, voices.partner
    else:
        frame = _("Their need “%(need)s” is answered by your capability “%(capability)s”.")
        need, capability = voices.partner, voices.own
    return _sentence(
        frame,
        need=_phrase(reason["need"], need),
        capability=_phrase(reason["capability"], capability),
    )


def goal_sentence(reason: Reason, voices: Voices) -> SafeString:
    return _sentence(
        _("You share a long-term direction: your goal “%(goal)s” and theirs “%(partner_goal)s”."),
        goal=_phrase(reason["goal"], voices.own),
        partner_goal=_phrase(reason["partner_goal"], voices.partner),
    )


def chain_for_you_sentences(reason: Reason) -> list[SafeString]:
    """What their strengths give you, and how much of the chain you cover together."""
    out = []
    if reason.get("activities"):
        out.append(
            _sentence(
                _("They are strong in %(activities)s, which you look for."),
                activities=_activities(reason["activities"]),
            )
        )
    together, alone = len(reason.get("together") or ()), int(reason.get("alone") or 0)
    if together > alone:
        out.append(
            _sentence(
                _(
                    "Together you cover %(together)s of the %(total)s value-chain activities; "
                    "the stronger of you covers %(alone)s alone."
                ),
                together=together,
                total=len(ACTIVITIES),
                alone=alone,
            )
        )
    return out


def chain_for_them_sentences(reason: Reason) -> list[SafeString]:
    """What your strengths give them."""
    if not reason.get("partner_activities"):
        return []
    return [
        _sentence(
            _("You are strong in %(activities)s, which they look for."),
            activities=_activities(reason["partner_activities"]),
        )
    ]


def industry_sentence(reason: Reason) -> SafeString:
    if reason.get("distance") == "division":
        return _sentence(
            _("Same industry (%(industry)s), but a different specialty."),
            industry=section_name(reason["section"]),
        )
    return _sentence(
        _("Across industries: %(yours)s meets %(theirs)s."),
        yours=section_name(reason["section"]),
        theirs=section_name(reason["partner_section"]),
    )


def for_you_sentences(reason: Reason, voices: Voices) -> list[SafeString]:
    """Sentences for "Why them for you" from one reason (none if it speaks of the other way)."""
    kind = reason.get("kind")
    if kind == "need_capability":
        return [need_sentence(reason, voices)] if reason.get("direction") == "for_you" else []
    if kind == "shared_goal":
        return [goal_sentence(reason, voices)]
    if kind == "value_chain":
        return chain_for_you_sentences(reason)
    if kind == "cross_industry":
        return [industry_sentence(reason)]
    return []


def for_them_sentences(reason: Reason, voices: Voices) -> list[SafeString]:
    """Sentences for "Why you for them": your capabilities and strengths that serve them."""
    kind = reason.get("kind")
    if kind == "need_capability" and reason.get("direction") == "for_them":
        return [need_sentence(reason, voices)]
    if kind == "value_chain":
        return chain_for_them_sentences(reason)
    return []


@dataclass
class Explanation:
    """A suggestion's reasons, both ways, as sentences in the viewer's language."""

    for_you: list[SafeString] = field(default_factory=list)
    for_them: list[SafeString] = field(default_factory=list)
    #: Whether the viewer is in the partner's own current list too.
    mutual: bool = False


def _add(sentences: list[SafeString], new: Iterable[SafeString]) -> None:
    for sentence in new:
        if sentence not in sentences:
            sentences.append(sentence)


def suggestion_explanation(
    *, reasons: list[Reason], voices: Voices, their_reasons: list[Reason] | None = None
) -> Explanation:
    """Why this partner, both ways, from the viewer's row's ``reasons`` and, when the
    partner's current list holds the viewer, that row's reasons (``their_reasons``,
    written from the partner's side: they are mirrored here)."""
    explanation = Explanation(mutual=their_reasons is not None)
    for reason in reasons:
        _add(explanation.for_you, for_you_sentences(reason, voices))
        _add(explanation.for_them, for_them_sentences(reason, voices))
    for reason in their_reasons or ():
        _add(explanation.for_them, for_them_sentences(reason_mirror(reason), voices))
    return explanation
