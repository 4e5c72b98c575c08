"""What members tell Kyoso about their suggestions: dismiss (and undo it), save, unsave.

Dismissals and saves only change what the suggestions page shows. They are never
fed into scoring: no Suggestion row, score or rank changes, and the engine
(``matching.engine``) never reads them, so a company's "not for us" teaches the
engine nothing false about the partner (who may be ideal for someone else) nor
about the pair (a dismissal can mean "we already know them" or "not now").
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from matching.models import Dismissal, SavedSuggestion
from matching.selectors.browsing import partner_is_suggested
from partners.models import Company, User
from partners.selectors import user_is_member

NOTE_MAX_LENGTH = Dismissal._meta.get_field("note").max_length


def _check_member(user: User, company: Company) -> None:
    if not user_is_member(user=user, company=company):
        raise ValidationError(
            _("Only members of %(company)s can act on its suggestions."),
            code="not_member",
            params={"company": company.name},
        )


def not_suggested_error() -> ValidationError:
    """The refusal for a partner the company was not suggested. It does not name the
    partner, so that it tells nothing about companies the member cannot see."""
    return ValidationError(
        _("This company is not among your current suggestions."), code="not_suggested"
    )


def suggestion_partner_validate(*, company: Company, partner: Company) -> None:
    """Raise ValidationError unless ``partner`` is in the company's current suggestions
    or saved by it (and is not the company itself, nor hidden)."""
    if partner.pk == company.pk:
        raise ValidationError(_("A company cannot be its own partner."), code="self")
    if partner.visibility == Company.Visibility.HIDDEN:
        raise not_suggested_error()
    saved = SavedSuggestion.objects.filter(company=company, partner=partner).exists()
    if not saved and not partner_is_suggested(company=company, partner=partner):
        raise not_suggested_error()


def suggestion_dismiss(
    *, user: User, company: Company, partner: Company, reason: str = "", note: str = ""
) -> Dismissal:
    """Hide ``partner`` from the company's suggestions for good (also from its saved ones).

    Only members may dismiss, and only a partner now suggested or saved. ``reason``
    is one of ``Dismissal.Reason`` or empty; ``note`` at most 500 characters.
    Dismissing twice keeps the first dismissal. Scores are left untouched.
    """
    _check_member(user, company)
    note = (note or "").strip()
    if reason and reason not in Dismissal.Reason.values:
        raise ValidationError(_("Choose one of the reasons offered."), code="invalid_reason")
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            _("Keep the note to %(limit)d characters (it has %(length)d)."),
            code="note_too_long",
            params={"limit": NOTE_MAX_LENGTH, "length": len(note)},
        )
    with transaction.atomic():
        existing = Dismissal.objects.filter(company=company, partner=partner).first()
        if existing is not None:
            return existing
        suggestion_partner_validate(company=company, partner=partner)
        dismissal, _created = Dismissal.objects.get_or_create(
            company=company, partner=partner, defaults={"reason": reason, "note": note}
        )
        SavedSuggestion.objects.filter(company=company, partner=partner).delete()
    return dismissal


def dismissal_undo(*, user: User, company: Company, partner: Company) -> bool:
    """Take back a dismissal: the partner shows among the company's suggestions again
    (at once, if it is still in the current list). True if a dismissal was removed;
    undoing twice is harmless. Only members may.
    """
    _check_member(user, company)
    with transaction.atomic():
        # Deleted one by one: the model's signal renews the kept lists (``partners.receivers``).
        removed = False
        for dismissal in Dismissal.objects.select_for_update().filter(
            company=company, partner=partner
        ):
            dismissal.delete()
            removed = True
    return removed


def suggestion_save(*, user: User, company: Company, partner: Company) -> SavedSuggestion:
    """Keep a suggested partner for later (saving twice keeps one save).

    Only members may save, only a partner now suggested, never a dismissed or hidden one.
    """
    _check_member(user, company)
    with transaction.atomic():
        if Dismissal.objects.filter(company=company, partner=partner).exists():
            raise ValidationError(
                _("You dismissed this company, so it cannot be saved."), code="dismissed"
            )
        suggestion_partner_validate(company=company, partner=partner)
        saved, _created = SavedSuggestion.objects.get_or_create(company=company, partner=partner)
    return saved


def suggestion_unsave(*, user: User, company: Company, partner: Company) -> bool:
    """Forget a saved partner; True if a save was removed (unsaving twice is harmless)."""
    _check_member(user, company)
    deleted, _rows = SavedSuggestion.objects.filter(company=company, partner=partner).delete()
    return deleted > 0
