"""What one card of the suggestions page shows: the partner, a band, levels, reasons."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import ngettext

from matching.bands import Band, ComponentLevel, component_levels, match_band
from matching.models import Suggestion
from matching.reasons import Explanation, Voices, suggestion_explanation
from matching.selectors.browsing import SuggestionsSummary, reasons_from_partners
from partners.models import Company


def short_list_note(summary: SuggestionsSummary) -> str | None:
    """What the page and the API say when the list holds fewer partners than it could
    (None when it is full or empty: an empty list has a page state of its own)."""
    if not summary.short:
        return None
    return ngettext(
        "Kyoso found %(count)d partner with a clear match in both directions today. It "
        "suggests only companies whose capabilities really answer a need or who share a "
        "goal, and never fills the list of %(size)d with weaker ones. Specific needs and "
        "capabilities in your profile find more.",
        "Kyoso found %(count)d partners with a clear match in both directions today. It "
        "suggests only companies whose capabilities really answer a need or who share a "
        "goal, and never fills the list of %(size)d with weaker ones. Specific needs and "
        "capabilities in your profile find more.",
        summary.total,
    ) % {"count": summary.total, "size": summary.wanted}


@dataclass(frozen=True)
class SuggestionCard:
    suggestion: Suggestion
    band: Band
    components: list[ComponentLevel]
    explanation: Explanation

    @property
    def partner(self) -> Company:
        return self.suggestion.partner


def suggestion_cards(*, company: Company, rows: Iterable[Suggestion]) -> list[SuggestionCard]:
    """Cards for rows of ``suggestions_browse`` (reasons in the active language).

    One query besides the rows: the partners' own rows that list ``company``.
    """
    rows = list(rows)
    theirs = reasons_from_partners(company=company, partner_ids=[row.partner_id for row in rows])
    return [
        SuggestionCard(
            suggestion=row,
            band=match_band(row.score),
            components=component_levels(row.components or {}),
            explanation=suggestion_explanation(
                reasons=row.reasons or [],
                voices=Voices(own=company.language, partner=row.partner.language),
                their_reasons=theirs.get(row.partner_id),
            ),
        )
        for row in rows
    ]
