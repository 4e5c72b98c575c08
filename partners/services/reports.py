"""Reports of company profiles: members report, staff hide the profile or dismiss.

- A member of a company reports another company's profile (``report_create``): at
  most one OPEN report per member and company, at most ``REPORT_DAILY_LIMIT`` reports
  per member in 24 hours, never their own company nor a hidden one.
- Staff hide the reported profile with a reason its owner sees
  (``company_hide_for_reports``): every OPEN report of the company is closed as
  HIDDEN, and every member of the company is notified (in the app and by e-mail).
- Staff dismiss one report (``report_dismiss``): it becomes DISMISSED.

Staff-only services refuse anyone else with ``PermissionDenied``; rules refuse with
``ValidationError`` and a message for the user.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.models import Company, Membership, Notification, Report, User
from partners.services.moderation import companies_visibility_set
from partners.services.notifications import notify

MAX_DETAILS_LENGTH = 2000
MAX_REASON_LENGTH = 2000
REPORT_DAILY_LIMIT = 10


def _require_staff(user: User) -> None:
    if not (user.is_authenticated and user.is_active and user.is_staff):
        raise PermissionDenied(_("Only Kyoso staff can do this."))


def _reporter_company(user: User, reporter_company: Company | None) -> Company:
    """The company the user reports for: the one given (they must belong to it) or
    their first."""
    membership = None
    if user.is_authenticated and user.is_active:
        memberships = Membership.objects.filter(user=user).select_related("company")
        if reporter_company is not None:
            memberships = memberships.filter(company=reporter_company)
        membership = memberships.order_by("-role", "created_at").first()
    if membership is None:
        raise ValidationError(
            _(
                "Only members of a company can report a profile: "
                "create your company's profile first."
            )
        )
    return membership.company


def report_check(*, user: User, company: Company) -> None:
    """Refuse (``ValidationError``) a report by ``user`` on ``company`` that the rules
    forbid, whatever its reason and details: the report page shows this before the
    form is sent."""
    _reporter_company(user, None)
    if Membership.objects.filter(user=user, company=company).exists():
        raise ValidationError(_("You cannot report your own company's profile."))
    if company.visibility == Company.Visibility.HIDDEN:
        raise ValidationError(_("This profile is hidden: it cannot be reported."))
    if Report.objects.filter(company=company, reporter=user, status=Report.Status.OPEN).exists():
        raise ValidationError(
            _("You have already reported %(company)s: Kyoso staff are looking at your report.")
            % {"company": company.name}
        )
    since = timezone.now() - timedelta(hours=24)
    if Report.objects.filter(reporter=user, created_at__gte=since).count() >= REPORT_DAILY_LIMIT:
        raise ValidationError(
            _(
                "You have sent %(limit)d reports in the last 24 hours, the most allowed. "
                "Please try again later."
            )
            % {"limit": REPORT_DAILY_LIMIT}
        )


def report_create(
    *,
    user: User,
    company: Company,
    reason: str,
    details: str,
    reporter_company: Company | None = None,
) -> Report:
    """``user`` (a member of ``reporter_company``, or of any company) reports
    ``company``'s profile for staff to look at. Refused: see ``report_check``; an
    unknown reason; details over 2,000 characters."""
    on_behalf_of = _reporter_company(user, reporter_company)
    details = (details or "").strip()
    if reason not in Report.Reason.values:
        raise ValidationError(_("Choose a reason for the report."), code="invalid_reason")
    if len(details) > MAX_DETAILS_LENGTH:
        raise ValidationError(
            _("The details are too long: at most %(limit)d characters.")
            % {"limit": MAX_DETAILS_LENGTH}
        )
    report_check(user=user, company=company)
    try:
        with transaction.atomic():
            return Report.objects.create(
                company=company,
                reporter=user,
                reporter_company=on_behalf_of,
                reason=reason,
                details=details,
            )
    except IntegrityError:  # a second request raced past the check above
        raise ValidationError(
            _("You have already reported %(company)s: Kyoso staff are looking at your report.")
            % {"company": company.name}
        ) from None


def company_hide_for_reports(*, staff: User, company: Company, reason: str) -> int:
    """Staff hide ``company`` with ``reason`` (which its members see): its OPEN reports
    are closed as HIDDEN with that reason, its members are notified, its suggestions
    are recomputed. Returns how many reports were closed."""
    _require_staff(staff)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _("Write the reason for hiding the profile: its owner will read it."),
            code="required",
        )
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError(
            _("The reason is too long: at most %(limit)d characters.")
            % {"limit": MAX_REASON_LENGTH}
        )
    now = timezone.now()
    with transaction.atomic():
        locked = Company.objects.select_for_update().get(pk=company.pk)
        companies_visibility_set(company_ids=[locked.pk], visibility=Company.Visibility.HIDDEN)
        Company.objects.filter(pk=locked.pk).update(hidden_reason=reason, hidden_at=now)
        closed = Report.objects.filter(company=locked, status=Report.Status.OPEN).update(
            status=Report.Status.HIDDEN, resolution=reason, resolved_by=staff, resolved_at=now
        )
        notify(company=locked, other=locked, kind=Notification.Kind.PROFILE_HIDDEN)
    company.refresh_from_db()
    return closed


def report_dismiss(*, staff: User, report: Report, note: str = "") -> Report:
    """Staff dismiss an OPEN report (the profile stays as it is)."""
    _require_staff(staff)
    note = (note or "").strip()
    if len(note) > MAX_REASON_LENGTH:
        raise ValidationError(
            _("The note is too long: at most %(limit)d characters.") % {"limit": MAX_REASON_LENGTH}
        )
    now = timezone.now()
    # A guarded UPDATE: of two staff acting at once, only one closes the report.
    changed = Report.objects.filter(pk=report.pk, status=Report.Status.OPEN).update(
        status=Report.Status.DISMISSED, resolution=note, resolved_by=staff, resolved_at=now
    )
    if changed != 1:
        raise ValidationError(_("This report has already been handled."), code="handled")
    report.refresh_from_db()
    return report
