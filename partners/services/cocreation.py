"""From interest to a match to an alliance: every transition, flat and mutual by design.

States and transitions (no side is "host" or "applicant"; both have the same moves):

- ``Interest`` A→B: PENDING when sent; when B sends B→A (or had already, even
  one that A declined: A changed its mind), both become MUTUAL and a ``Match``
  of the pair is created; B may instead decline it (DECLINED, with an optional
  reason A sees); while PENDING, A may withdraw it (the row is deleted with B's
  notification of it, and an ``InterestWithdrawal`` kept: A may send it again
  later). One interest per direction at a time.
- ``AllianceProposal`` of a match: OPEN when proposed by either side; the other
  side accepts it (ACCEPTED, an ``Alliance`` is made of its terms), declines it
  (DECLINED) or proposes changes (the open version becomes SUPERSEDED and the
  new one, version n+1, is OPEN for the first side); its author may withdraw it
  (WITHDRAWN). Only an OPEN version can be answered; one OPEN version per match.
- ``Alliance``: each side may keep it off its own public page (``private_a``/``_b``).

Every service checks that the acting user is a member of the company it acts
for, writes in one transaction with the rows it depends on locked, and raises
``ValidationError`` with a message for the user when a rule refuses the move.
Notifications (in-app, and e-mail after commit) are sent by
``partners.services.notifications``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance import kept
from partners.models import (
    Alliance,
    AllianceProposal,
    Company,
    Interest,
    InterestWithdrawal,
    Match,
    Notification,
    User,
)
from partners.reference import LANGUAGE_CHOICES, VALUE_CHAIN_ACTIVITIES
from partners.selectors import user_is_member
from partners.services.notifications import notify
from partners.services.webhooks import (
    webhooks_emit_alliance_accepted,
    webhooks_emit_alliance_proposed,
    webhooks_emit_interest_received,
    webhooks_emit_interest_withdrawn,
    webhooks_emit_match_created,
)
from partners.text import strip_invisible

MAX_MESSAGE_LENGTH = 1000
MAX_PERIOD_MONTHS = 120
# The years a proposal may start in (its end is at most MAX_PERIOD_MONTHS later).
FIRST_YEAR, LAST_YEAR = 2000, 2099


def _require_member(user: User, company: Company) -> None:
    if not user_is_member(user=user, company=company):
        raise ValidationError(_("Only members of %(company)s can do this.") % {"company": company})


def _pair(a: Company, b: Company) -> tuple[Company, Company]:
    return (a, b) if a.pk < b.pk else (b, a)


def match_between(a: Company, b: Company) -> Match | None:
    """The match of two companies, if their interest is mutual."""
    first, second = _pair(a, b)
    return Match.objects.filter(company_a=first, company_b=second).first()


def recipient_reachable(*, sender: Company, recipient: Company) -> bool:
    """Whether ``sender`` may express interest in ``recipient`` at all.

    Listed companies: yes. Companies visible only to suggested partners: when
    the recipient is among the sender's current suggestions, or has itself
    shown interest in the sender. Hidden companies: never.
    """
    if recipient.visibility == Company.Visibility.LISTED:
        return True
    if recipient.visibility == Company.Visibility.HIDDEN:
        return False
    from matching.selectors import current_suggestions

    suggested = current_suggestions([sender.pk]).filter(partner=recipient).exists()
    return suggested or Interest.objects.filter(sender=recipient, recipient=sender).exists()


def interest_send(
    *, user: User, sender: Company, recipient: Company, message: str = ""
) -> Interest:
    """``sender`` expresses interest in ``recipient``; mutual interest makes a match.

    Refused: a user who is not a member of ``sender``; interest in oneself, in a
    hidden company or in one not reachable (``recipient_reachable``); a second
    interest in the same company; more than ``INTEREST_DAILY_LIMIT`` interests
    sent by the company in 24 hours; a message over 1,000 characters.
    """
    _require_member(user, sender)
    message = strip_invisible(message or "")
    if sender.pk == recipient.pk:
        raise ValidationError(_("A company cannot express interest in itself."))
    if len(message) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            _("The message is too long: at most %(limit)d characters.")
            % {"limit": MAX_MESSAGE_LENGTH}
        )
    if sender.visibility == Company.Visibility.HIDDEN:
        # Nobody could answer it: no one may express interest in a hidden company.
        raise ValidationError(
            _("Your company's profile is hidden: make it visible to express interest.")
        )
    if not recipient_reachable(sender=sender, recipient=recipient):
        raise ValidationError(_("This company cannot be contacted."))
    with transaction.atomic():
        # Lock both companies (in id order) so two members cannot race past the checks.
        list(
            Company.objects.select_for_update()
            .filter(pk__in=[sender.pk, recipient.pk])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if Interest.objects.filter(sender=sender, recipient=recipient).exists():
            raise ValidationError(
                _("%(company)s has already expressed interest in %(other)s.")
                % {"company": sender, "other": recipient},
                code="conflict",
            )
        since = timezone.now() - timedelta(hours=24)
        limit = settings.INTEREST_DAILY_LIMIT
        sent = Interest.objects.filter(sender=sender, created_at__gte=since).count()
        # Withdrawn ones count from when they were sent: they were sent, and notified.
        sent += InterestWithdrawal.objects.filter(sender=sender, sent_at__gte=since).count()
        if sent >= limit:
            raise ValidationError(
                _(
                    "Your company has expressed interest %(limit)d times in the last 24 "
                    "hours, the most allowed. Please try again later."
                )
                % {"limit": limit}
            )
        try:
            with transaction.atomic():
                interest = Interest.objects.create(
                    sender=sender, recipient=recipient, sent_by=user, message=message
                )
        except IntegrityError as error:
            raise ValidationError(_("This interest was already sent."), code="conflict") from error
        # The other side's interest in us, even one we declined: interest now is a change
        # of mind, and both are interested.
        back = (
            Interest.objects.select_for_update().filter(sender=recipient, recipient=sender).first()
        )
        if back is None:
            notify(
                company=recipient,
                other=sender,
                kind="interest_received",
                interest=interest,
            )
            webhooks_emit_interest_received(interest=interest)
            return interest
        now = timezone.now()
        Interest.objects.filter(pk__in=[interest.pk, back.pk]).update(
            status=Interest.Status.MUTUAL, answered_at=now
        )
        kept.companies_changed([sender.pk, recipient.pk])
        interest.refresh_from_db()
        first, second = _pair(sender, recipient)
        match, created = Match.objects.get_or_create(company_a=first, company_b=second)
        for side, other in ((sender, recipient), (recipient, sender)):
            notify(company=side, other=other, kind="match", match=match)
        if created:
            webhooks_emit_match_created(match=match)
    return interest


def interest_decline(*, user: User, interest: Interest, reason: str = "") -> Interest:
    """The recipient declines a pending interest (the sender sees the optional reason)."""
    _require_member(user, interest.recipient)
    reason = (reason or "").strip()
    if len(reason) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            _("The reason is too long: at most %(limit)d characters.")
            % {"limit": MAX_MESSAGE_LENGTH}
        )
    with transaction.atomic():
        locked = Interest.objects.select_for_update().get(pk=interest.pk)
        if locked.status != Interest.Status.PENDING:
            raise ValidationError(_("This interest has already been answered."), code="conflict")
        locked.status = Interest.Status.DECLINED
        locked.decline_reason = reason
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "decline_reason", "answered_at"])
        notify(
            company=locked.sender,
            other=locked.recipient,
            kind="interest_declined",
            interest=locked,
        )
    return locked


def interest_withdraw(*, user: User, interest: Interest) -> InterestWithdrawal:
    """The sender takes back an interest that is still pending.

    The interest is deleted, and with it the recipient's "interest received"
    notification (in-app; an e-mail already sent cannot be taken back): the recipient
    no longer sees it anywhere, and ``interest.withdrawn`` goes to its webhooks. The
    pair is as it was before, so the sender may express interest again later. An
    ``InterestWithdrawal`` is kept, and counts against the sender's daily limit from
    the time the interest was sent (``interest_send``).

    Refused: a user who is not a member of the sender (code ``forbidden``); an
    interest that is no longer pending, mutual or declined (code ``conflict``).
    """
    if not user_is_member(user=user, company=interest.sender):
        raise ValidationError(
            _("Only the company that sent this interest can withdraw it."), code="forbidden"
        )
    with transaction.atomic():
        # The same lock order as ``interest_send`` (both companies, by id), so that a
        # withdrawal and the other side's interest back cannot cross.
        list(
            Company.objects.select_for_update()
            .filter(pk__in=[interest.sender_id, interest.recipient_id])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        locked = (
            Interest.objects.select_for_update()
            .select_related("sender", "recipient")
            .filter(pk=interest.pk)
            .first()
        )
        if locked is None:
            raise ValidationError(_("This interest was already withdrawn."), code="conflict")
        if locked.status != Interest.Status.PENDING:
            raise ValidationError(
                _("Only an interest still waiting for an answer can be withdrawn."),
                code="conflict",
            )
        withdrawal = InterestWithdrawal.objects.create(
            sender=locked.sender,
            recipient=locked.recipient,
            interest_id=locked.pk,
            withdrawn_by=user,
            sent_at=locked.created_at,
        )
        webhooks_emit_interest_withdrawn(interest=locked)
        # One by one, so that the signals renew the kept pages of everyone concerned
        # (``partners.receivers``): the recipient's notifications, both companies' lists.
        for notification in Notification.objects.filter(interest=locked):
            notification.delete()
        locked.delete()
    return withdrawal


# --- Alliance proposals -----------------------------------------------------------------


def proposal_terms(data: Mapping[str, Any]) -> dict[str, Any]:
    """Clean the terms of a proposal; ValidationError naming each bad field.

    ``shared_goal`` (required: visible text, ``partners.text``), ``value_chain_change``,
    ``activities`` (codes of Porter's activities), ``starts_on`` (a date, required, today
    or later in the site's time zone), and either ``ends_on`` (after the start) or
    ``duration_months`` (1–120), ``conditions``; optionally the writer's second text
    (``SECOND_TEXT_FIELDS`` and ``translation_language``, see ``_second_text``). Texts
    lose the spaces and invisible characters at their edges.

    A start in the past is refused with the code ``conflict``: the request is
    well-formed and the same terms were accepted yesterday; what refuses them is the
    present (the calendar), as a proposal no longer open refuses an answer. The API
    answers it 409 with the field named (``partners.api.membership.refusal``).
    """
    errors: dict[str, list[Any]] = {}
    goal = strip_invisible(str(data.get("shared_goal") or ""))
    if not goal:
        errors["shared_goal"] = [_("Name the goal you want to reach together.")]
    elif len(goal) > 500:
        errors["shared_goal"] = [_("At most 500 characters.")]
    activities = list(data.get("activities") or [])
    unknown = [a for a in activities if a not in VALUE_CHAIN_ACTIVITIES]
    if unknown:
        errors["activities"] = [
            _("Unknown value-chain activity: %(codes)s.") % {"codes": ", ".join(unknown)}
        ]
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    months = data.get("duration_months")
    if not isinstance(starts_on, date):
        errors["starts_on"] = [_("Give the date the alliance starts.")]
    elif not FIRST_YEAR <= starts_on.year <= LAST_YEAR:
        errors["starts_on"] = [
            _("Give a start between %(first)d and %(last)d.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        ]
        starts_on = None
    elif starts_on < (today := proposal_first_day()):
        errors["starts_on"] = [
            ValidationError(
                _("Start: %(start)s is in the past. A proposal starts today (%(today)s) or later."),
                code="conflict",
                params={"start": starts_on.isoformat(), "today": today.isoformat()},
            )
        ]
    if ends_on is not None and not isinstance(ends_on, date):
        errors["ends_on"] = [_("Give the end as a date.")]
    if months is not None and not (isinstance(months, int) and 1 <= months <= MAX_PERIOD_MONTHS):
        errors["duration_months"] = [
            _("A duration is 1 to %(most)d months.") % {"most": MAX_PERIOD_MONTHS}
        ]
    if ends_on is None and months is None:
        errors.setdefault("ends_on", []).append(_("Give an end date or a duration in months."))
    if ends_on is not None and months is not None:
        errors.setdefault("ends_on", []).append(_("Give an end date or a duration, not both."))
    if isinstance(starts_on, date) and isinstance(ends_on, date) and ends_on <= starts_on:
        errors.setdefault("ends_on", []).append(_("The end must come after the start."))
    for name in ("value_chain_change", "conditions"):
        if len(str(data.get(name) or "")) > 5000:
            errors[name] = [_("At most 5,000 characters.")]
    second = _second_text(data, errors)
    if errors:
        raise ValidationError(errors)
    if ends_on is None:
        ends_on = _add_months(starts_on, months)
    return second | {
        "shared_goal": goal,
        "value_chain_change": strip_invisible(str(data.get("value_chain_change") or "")),
        "activities": list(dict.fromkeys(activities)),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "duration_months": months,
        "conditions": strip_invisible(str(data.get("conditions") or "")),
    }


#: The texts a writer may give again in the partner's language, with their longest length.
SECOND_TEXT_FIELDS = {
    "shared_goal_translation": 500,
    "value_chain_change_translation": 5000,
    "conditions_translation": 5000,
}
LANGUAGES = dict(LANGUAGE_CHOICES)


def _second_text(data: Mapping[str, Any], errors: dict[str, list[str]]) -> dict[str, str]:
    """The writer's own texts in a second language (no machine translation), cleaned.

    Without any second text the language is dropped; with one, the language given, or
    "" for the services to fill in with the partner's language.
    """
    texts = {name: strip_invisible(str(data.get(name) or "")) for name in SECOND_TEXT_FIELDS}
    for name, most in SECOND_TEXT_FIELDS.items():
        if len(texts[name]) > most:
            too_long = (
                _("At most 500 characters.") if most == 500 else _("At most 5,000 characters.")
            )
            errors[name] = [too_long]
    language = str(data.get("translation_language") or "")
    if language and language not in LANGUAGES:
        errors["translation_language"] = [_("Unknown language: %(code)s.") % {"code": language}]
    return texts | {"translation_language": language if any(texts.values()) else ""}


def _second_language_for(terms: dict[str, Any], reader: Company) -> dict[str, Any]:
    """Second texts without a language are in the reader's (the partner's) language."""
    if any(terms[name] for name in SECOND_TEXT_FIELDS) and not terms["translation_language"]:
        return terms | {"translation_language": reader.language}
    return terms


def proposal_first_day() -> date:
    """The earliest start a new proposal may have: today, in the site's time zone
    (``TIME_ZONE``, Japan's by default), whatever the member's own."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


def _add_months(start: date, months: int) -> date:
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _side_of(match: Match, user: User, company: Company) -> None:
    if company.pk not in (match.company_a_id, match.company_b_id):
        raise ValidationError(_("%(company)s is not part of this match.") % {"company": company})
    _require_member(user, company)


def proposal_create(
    *, user: User, match: Match, company: Company, data: Mapping[str, Any]
) -> AllianceProposal:
    """Either side of a match proposes an alliance (version 1, or the next one after a
    declined or withdrawn version). Refused while a version is open."""
    _side_of(match, user, company)
    terms = _second_language_for(proposal_terms(data), match.other(company))
    with transaction.atomic():
        Match.objects.select_for_update().get(pk=match.pk)
        if match.proposals.filter(status=AllianceProposal.Status.OPEN).exists():
            raise ValidationError(
                _("A proposal is already waiting for an answer: answer it or propose changes."),
                code="conflict",
            )
        last = match.proposals.order_by("-version").first()
        proposal = AllianceProposal.objects.create(
            match=match,
            version=(last.version + 1) if last else 1,
            proposed_by=company,
            author=user,
            **terms,
        )
        notify(company=match.other(company), other=company, kind="proposal", proposal=proposal)
        webhooks_emit_alliance_proposed(proposal=proposal)
    return proposal


def _open_for_answer(user: User, proposal: AllianceProposal) -> tuple[AllianceProposal, Company]:
    """Lock the proposal; it must be open, and the user a member of the side that did
    not write it. Returns the locked proposal and the answering company."""
    locked = (
        AllianceProposal.objects.select_for_update().select_related("match").get(pk=proposal.pk)
    )
    if locked.status != AllianceProposal.Status.OPEN:
        raise ValidationError(
            _("This proposal is no longer open (%(status)s).")
            % {"status": locked.get_status_display()},
            code="conflict",
        )
    answering = locked.match.other(locked.proposed_by)
    if not user_is_member(user=user, company=answering):
        raise ValidationError(_("Only the other side can answer this proposal."), code="forbidden")
    return locked, answering


def proposal_accept(*, user: User, proposal: AllianceProposal) -> Alliance:
    """The other side accepts the open version: the alliance is made of its terms."""
    with transaction.atomic():
        locked, answering = _open_for_answer(user, proposal)
        locked.status = AllianceProposal.Status.ACCEPTED
        locked.answered_by, locked.answered_at = user, timezone.now()
        locked.save(update_fields=["status", "answered_by", "answered_at"])
        match = locked.match
        alliance = Alliance.objects.create(
            match=match,
            proposal=locked,
            company_a_id=match.company_a_id,
            company_b_id=match.company_b_id,
            shared_goal=locked.shared_goal,
            value_chain_change=locked.value_chain_change,
            activities=locked.activities,
            starts_on=locked.starts_on,
            ends_on=locked.ends_on,
            conditions=locked.conditions,
        )
        for side in (match.company_a, match.company_b):
            notify(company=side, other=match.other(side), kind="accepted", proposal=locked)
        webhooks_emit_alliance_accepted(alliance=alliance)
    return alliance


def proposal_decline(*, user: User, proposal: AllianceProposal, note: str = "") -> AllianceProposal:
    """The other side declines the open version (for good: it can never be accepted)."""
    with transaction.atomic():
        locked, answering = _open_for_answer(user, proposal)
        locked.status = AllianceProposal.Status.DECLINED
        locked.response_note = strip_invisible(note or "")[:MAX_MESSAGE_LENGTH]
        locked.answered_by, locked.answered_at = user, timezone.now()
        locked.save(update_fields=["status", "response_note", "answered_by", "answered_at"])
        notify(
            company=locked.proposed_by,
            other=answering,
            kind="proposal_declined",
            proposal=locked,
        )
    return locked


def proposal_counter(
    *, user: User, proposal: AllianceProposal, data: Mapping[str, Any]
) -> AllianceProposal:
    """The other side proposes changes: a new version, open for the first side."""
    terms = proposal_terms(data)
    with transaction.atomic():
        locked, answering = _open_for_answer(user, proposal)
        terms = _second_language_for(terms, locked.proposed_by)
        locked.status = AllianceProposal.Status.SUPERSEDED
        locked.answered_by, locked.answered_at = user, timezone.now()
        locked.save(update_fields=["status", "answered_by", "answered_at"])
        new = AllianceProposal.objects.create(
            match=locked.match,
            version=locked.version + 1,
            previous=locked,
            proposed_by=answering,
            author=user,
            **terms,
        )
        notify(company=locked.proposed_by, other=answering, kind="proposal", proposal=new)
        webhooks_emit_alliance_proposed(proposal=new)
    return new


def proposal_withdraw(*, user: User, proposal: AllianceProposal) -> AllianceProposal:
    """The side that wrote the open version takes it back."""
    with transaction.atomic():
        locked = AllianceProposal.objects.select_for_update().get(pk=proposal.pk)
        if not user_is_member(user=user, company=locked.proposed_by):
            raise ValidationError(
                _("Only the side that proposed it can withdraw it."), code="forbidden"
            )
        if locked.status != AllianceProposal.Status.OPEN:
            raise ValidationError(_("Only an open proposal can be withdrawn."), code="conflict")
        locked.status = AllianceProposal.Status.WITHDRAWN
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "answered_at"])
    return locked


def alliance_privacy_set(
    *, user: User, alliance: Alliance, private: bool, company: Company | None = None
) -> Alliance:
    """One side shows the alliance on its public page, or keeps it off it.

    ``company`` is the side the user acts for; when omitted, the side of the
    alliance the user is a member of (refused if none, or both).
    """
    if company is None:
        sides = [
            side
            for side in (alliance.company_a, alliance.company_b)
            if user_is_member(user=user, company=side)
        ]
        if len(sides) != 1:
            raise ValidationError(_("Only members of either company can do this."))
        company = sides[0]
    if company.pk not in (alliance.company_a_id, alliance.company_b_id):
        raise ValidationError(_("%(company)s is not part of this alliance.") % {"company": company})
    _require_member(user, company)
    field = "private_a" if company.pk == alliance.company_a_id else "private_b"
    with transaction.atomic():
        Alliance.objects.filter(pk=alliance.pk).update(**{field: private})
    setattr(alliance, field, private)
    return alliance
