"""Why two companies were suggested to each other, for pages outside the suggestions page
(an interest received, a match): the engine's reasons in the viewer's language."""

from __future__ import annotations

from matching.reasons import Explanation, Voices, reason_mirror, suggestion_explanation
from matching.selectors import current_suggestions
from partners.models import Company


def pair_explanation(*, company: Company, partner: Company) -> Explanation | None:
    """Reasons for ``company`` (the viewer) about ``partner``, both ways; None if neither
    current list holds the other.

    From ``company``'s own row for ``partner`` when there is one, with the partner's row
    for the other way; else from the partner's row, seen from the viewer's side.
    """
    rows = {
        (row.company_id, row.partner_id): row.reasons or []
        for row in current_suggestions([company.pk, partner.pk]).filter(
            company_id__in=[company.pk, partner.pk], partner_id__in=[company.pk, partner.pk]
        )
    }
    mine, theirs = rows.get((company.pk, partner.pk)), rows.get((partner.pk, company.pk))
    if mine is None and theirs is None:
        return None
    voices = Voices(own=company.language, partner=partner.language)
    if mine is not None:
        return suggestion_explanation(reasons=mine, voices=voices, their_reasons=theirs)
    return suggestion_explanation(reasons=[reason_mirror(r) for r in theirs], voices=voices)
