"""Notifications: a row per member in the app, and e-mail through the task queue.

Each member of the notified company gets a ``Notification``. E-mail goes to
those who have not turned it off for that kind (``NotificationPreference``),
rendered in the member's language and queued with ``transaction.on_commit``:
never sent inside a request, never for a change that was rolled back.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from alliance import credentials, kept
from partners.models import (
    AllianceProposal,
    Company,
    Interest,
    Match,
    Notification,
    NotificationPreference,
    User,
)

# Kinds that also go out by e-mail (unless a member turns them off).
EMAIL_KINDS = (
    Notification.Kind.INTEREST_RECEIVED,
    Notification.Kind.MATCH,
    Notification.Kind.PROPOSAL,
    Notification.Kind.ACCEPTED,
)
# Staff decisions about a member's own profile: always e-mailed, whatever the preferences
# (the settings page offers only ``EMAIL_KINDS``).
NOTICE_KINDS = (Notification.Kind.PROFILE_HIDDEN,)


def notification_link(notification: Notification) -> str:
    """The page a notification leads to (path in the active language)."""
    if notification.match_id:
        return reverse("partners:match_detail", args=[notification.match_id])
    if notification.proposal_id:
        return reverse("partners:match_detail", args=[notification.proposal.match_id])
    if notification.kind == Notification.Kind.PROFILE_HIDDEN:
        return reverse("partners:company_detail", args=[notification.company.key])
    if notification.kind == Notification.Kind.INTEREST_RECEIVED:
        return reverse("partners:interests") + "?box=received"
    return reverse("partners:interests") + "?box=sent"


def notify(
    *,
    company: Company,
    other: Company,
    kind: str,
    interest: Interest | None = None,
    match: Match | None = None,
    proposal: AllianceProposal | None = None,
) -> list[Notification]:
    """Notify every member of ``company`` about ``other`` (call inside the transaction)."""
    members = list(User.objects.filter(memberships__company=company, is_active=True))
    rows = Notification.objects.bulk_create(
        Notification(
            user=user,
            kind=kind,
            company=company,
            other=other,
            interest=interest,
            match=match,
            proposal=proposal,
        )
        for user in members
    )
    kept.users_changed(user.pk for user in members)  # their unread count
    if kind in EMAIL_KINDS or kind in NOTICE_KINDS:
        off = set(
            NotificationPreference.objects.filter(
                user__in=members, kind=kind, email=False
            ).values_list("user_id", flat=True)
            if kind in EMAIL_KINDS
            else []
        )
        ids = [row.pk for row in rows if row.user_id not in off]
        if ids:
            transaction.on_commit(lambda: _email_enqueue(ids), robust=True)
    return rows


def _email_enqueue(notification_ids: Iterable[int]) -> None:
    from partners.tasks import email_send

    rows = Notification.objects.filter(pk__in=list(notification_ids)).select_related(
        "user", "company", "other", "interest", "proposal"
    )
    for row in rows:
        email_send.delay(**notification_email(row))


def notification_email(notification: Notification) -> dict:
    """The rendered e-mail of a notification (``email_send``'s arguments), in the
    recipient's language."""
    with translation.override(notification.user.language or settings.LANGUAGE_CODE):
        context = {
            "notification": notification,
            "user": notification.user,
            "company": notification.company,
            "other": notification.other,
            "interest": notification.interest,
            "proposal": notification.proposal,
            "hidden_reason": notification.company.hidden_reason,
            "link": settings.SITE_URL.rstrip("/") + notification_link(notification),
            "settings_link": settings.SITE_URL.rstrip("/")
            + reverse("partners:notification_settings"),
        }
        # The "text" engine: plain text, not HTML-escaped (settings.TEMPLATES).
        subject = render_to_string(f"emails/{notification.kind}_subject.txt", context, using="text")
        body = render_to_string(f"emails/{notification.kind}_body.txt", context, using="text")
    return {
        "subject": " ".join(subject.split()),
        "body": body,
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "to": [notification.user.email],
    }


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or ``ids``) read; returns how many changed."""
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    changed = rows.update(read_at=timezone.now())
    if changed:
        kept.users_changed([user.pk])
    return changed


def notifications_mark_read_for_match(*, user: User, match: Match) -> int:
    """Mark read the user's notifications about one match: the match itself and its
    proposals (opening the match page reads them); returns how many changed."""
    ids = Notification.objects.filter(user=user, read_at__isnull=True).filter(
        Q(match=match) | Q(proposal__match=match)
    )
    return notifications_mark_read(user=user, ids=list(ids.values_list("pk", flat=True)))


def notification_preferences_set(*, user: User, email_kinds: Iterable[str], language: str) -> None:
    """E-mail on for ``email_kinds`` (of ``EMAIL_KINDS``), off for the others; the
    language of the e-mail."""
    wanted = set(email_kinds)
    valid_languages = {code for code, _name in settings.LANGUAGES}
    with transaction.atomic():
        for kind in EMAIL_KINDS:
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"email": kind in wanted}
            )
        if language in valid_languages and language != user.language:
            user.language = language
            user.save(update_fields=["language"])


def notification_preferences(*, user: User) -> dict[str, bool]:
    """Per e-mail kind, whether the user gets e-mail for it (on unless turned off)."""
    off = set(
        NotificationPreference.objects.filter(user=user, email=False).values_list("kind", flat=True)
    )
    return {kind: kind not in off for kind in EMAIL_KINDS}


def user_language_remember(*, user: User, language: str | None) -> None:
    """Keep the language the user last used on the site, for the e-mail we send them."""
    valid = {code for code, _name in settings.LANGUAGES}
    if user.is_authenticated and language in valid and user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        kept.users_changed([user.pk])
        credentials.forget_user(user.pk)
        user.language = language
