"""Requests that staff review a profile they hid, and staff's answer.

- A member of a company hidden by staff asks for a review (``review_request_create``),
  once per hiding, with an optional note of what they changed.
- Staff show the profile again (``review_request_show``: it is listed again, which
  closes the request) or keep it hidden (``review_request_keep``, with a note).

Staff-only services refuse anyone else with ``PermissionDenied``; rules refuse with
``ValidationError`` and a message for the user.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from partners.models import Company, Membership, ReviewRequest, User
from partners.selectors import company_hidden_at, review_request_current
from partners.services.moderation import companies_visibility_set

MAX_MESSAGE_LENGTH = 2000


def _require_staff(user: User) -> None:
    if not (user.is_authenticated and user.is_active and user.is_staff):
        raise PermissionDenied(_("Only Kyoso staff can do this."))


def _already_asked(review: ReviewRequest) -> ValidationError:
    return ValidationError(
        _(
            "You already asked Kyoso staff to review this profile on %(date)s. "
            "They will look at it; you can ask again only if they hide it another time."
        )
        % {"date": formats.date_format(timezone.localtime(review.created_at), "DATE_FORMAT")},
        code="already_asked",
    )


def review_request_create(*, user: User, company: Company, message: str = "") -> ReviewRequest:
    """A member of ``company``, hidden by staff, asks them to review the profile."""
    if not Membership.objects.filter(user=user, company=company).exists():
        raise PermissionDenied(_("Only the company's members can ask for a review."))
    message = (message or "").strip()
    if len(message) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            _("The message is too long: at most %(limit)d characters.")
            % {"limit": MAX_MESSAGE_LENGTH}
        )
    company.refresh_from_db()
    if not company.hidden_by_staff:
        raise ValidationError(
            _("Kyoso staff have not hidden this profile: there is nothing to review."),
            code="not_hidden",
        )
    existing = review_request_current(company=company)
    if existing is not None:
        raise _already_asked(existing)
    try:
        with transaction.atomic():
            return ReviewRequest.objects.create(
                company=company,
                requested_by=user,
                hidden_at=company_hidden_at(company),
                message=message,
            )
    except IntegrityError:  # a second request raced past the check above
        raise _already_asked(review_request_current(company=company)) from None


def _resolve(review: ReviewRequest, *, staff: User, status: str, note: str) -> ReviewRequest:
    # A guarded UPDATE: of two staff acting at once, only one answers the request.
    changed = ReviewRequest.objects.filter(pk=review.pk, status=ReviewRequest.Status.OPEN).update(
        status=status, resolution=note, resolved_by=staff, resolved_at=timezone.now()
    )
    if changed != 1:
        raise ValidationError(_("This review request has already been handled."), code="handled")
    review.refresh_from_db()
    return review


@transaction.atomic
def review_request_show(*, staff: User, review: ReviewRequest, note: str = "") -> ReviewRequest:
    """Staff list the profile again: the reason for hiding it is cleared."""
    _require_staff(staff)
    review = _resolve(review, staff=staff, status=ReviewRequest.Status.SHOWN, note=note.strip())
    companies_visibility_set(company_ids=[review.company_id], visibility=Company.Visibility.LISTED)
    return review


def review_request_keep(*, staff: User, review: ReviewRequest, note: str = "") -> ReviewRequest:
    """Staff keep the profile hidden; the note tells its members why."""
    _require_staff(staff)
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            _("Write why the profile stays hidden: its members will read it."), code="required"
        )
    if len(note) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            _("The note is too long: at most %(limit)d characters.") % {"limit": MAX_MESSAGE_LENGTH}
        )
    return _resolve(review, staff=staff, status=ReviewRequest.Status.KEPT, note=note)
