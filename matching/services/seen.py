"""What a member has seen of their company's suggestions (for "new since your last visit").

Recording it changes no kept response: neither the suggestions page nor the API shows
it, only the home page, which is never kept.
"""

from __future__ import annotations

from django.utils import timezone

from matching.models import SuggestionsSeen
from matching.selectors import suggestions_for_company
from partners.models import Company, User


def suggestions_seen_record(*, user: User, company: Company) -> None:
    """Remember that ``user`` has just seen ``company``'s current list: now, and the
    partners it holds. One statement, an upsert, so atomic on its own (no transaction
    around it: the suggestions page keeps its query count); a second visit replaces the
    first."""
    partner_ids = sorted(
        suggestions_for_company(company=company).values_list("partner_id", flat=True)
    )
    seen = SuggestionsSeen(
        user=user, company=company, seen_at=timezone.now(), partner_ids=partner_ids
    )
    SuggestionsSeen.objects.bulk_create(
        [seen],
        update_conflicts=True,
        unique_fields=["user", "company"],
        update_fields=["seen_at", "partner_ids"],
    )
