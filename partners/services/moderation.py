"""Staff actions on companies: hide or show them again, rescore them."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance import kept
from matching.services.hooks import companies_rescore_enqueue
from partners.models import Company, ReviewRequest


@transaction.atomic
def companies_visibility_set(*, company_ids: Iterable[int], visibility: str) -> int:
    """Set the visibility of companies; those that changed are rescored after commit
    (a hidden company leaves every list, a company shown again gets suggestions).
    Showing a company again clears the reason staff gave for hiding it.
    Returns how many changed."""
    if visibility not in Company.Visibility.values:
        raise ValidationError(
            _("Unknown visibility %(value)s.") % {"value": visibility}, code="invalid"
        )
    ids = list(company_ids)
    changed = list(
        Company.objects.filter(pk__in=ids)
        .exclude(visibility=visibility)
        .values_list("pk", flat=True)
    )
    Company.objects.filter(pk__in=changed).update(visibility=visibility, updated_at=timezone.now())
    if visibility != Company.Visibility.HIDDEN:
        Company.objects.filter(pk__in=ids).update(hidden_reason="", hidden_at=None)
        # Shown again however staff did it: the members' requests for a review are answered.
        ReviewRequest.objects.filter(company_id__in=ids, status=ReviewRequest.Status.OPEN).update(
            status=ReviewRequest.Status.SHOWN, resolved_at=timezone.now()
        )
    kept.profiles_changed()  # queryset updates: no signal says so
    companies_rescore_enqueue(company_ids=changed)
    return len(changed)


def companies_rescore(*, company_ids: Iterable[int]) -> int:
    """Rescore companies after commit (one full run instead when there are many)."""
    ids = list(company_ids)
    companies_rescore_enqueue(company_ids=ids)
    return len(ids)
