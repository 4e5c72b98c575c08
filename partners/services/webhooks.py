"""Company webhooks: HTTPS endpoints that receive the events a company subscribed to.

A member registers a URL and chooses events; Kyoso shows the signing secret
once. Each event becomes one ``WebhookDelivery`` per active subscribed webhook
of the company, sent by a Celery task after the transaction commits, retried
with exponential backoff (``WEBHOOKS_RETRY_BASE`` seconds, doubling, at most
``WEBHOOKS_RETRY_MAX_DELAY``) until it succeeds or ``WEBHOOKS_MAX_ATTEMPTS``
attempts failed. Which URLs may be called is decided by
``partners.services.webhook_http``.

The request (one per attempt)::

    POST <url>
    Content-Type: application/json
    User-Agent: Kyoso-Webhooks/1
    Kyoso-Event: interest.received
    Kyoso-Delivery: 0b6f3c1e-…            (the event id; the same on every retry)
    Kyoso-Timestamp: 1767225600           (unix seconds of this attempt)
    Kyoso-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>

    {"id": "0b6f3c1e-…", "event": "interest.received",
     "created": "2026-01-01T00:00:00+00:00", "data": {…}}

Any 2xx answer counts as delivered; anything else (redirects too) is retried.
Receivers verify the signature over the raw body (``webhook_signature_verify``
shows how), refuse old timestamps and ignore an ``id`` they have already seen.

``data`` of each event (``WEBHOOK_EVENTS`` has the same, with examples):

- ``suggestions.refreshed``: ``company`` (key), ``run_id``, ``suggestions_url``.
- ``interest.received``: ``company``, ``partner`` (key of the sender),
  ``partner_name``, ``interest_id``, ``partner_url``.
- ``interest.withdrawn``: ``company``, ``partner`` (key of the sender),
  ``partner_name``, ``interest_id`` (that of its ``interest.received``): the sender
  took back its pending interest, which no longer exists.
- ``match.created``: ``company``, ``partner``, ``partner_name``, ``match_id``, ``match_url``.
- ``alliance.proposed``: ``company``, ``partner`` (who proposed), ``partner_name``,
  ``match_id``, ``proposal_id``, ``version``, ``match_url``.
- ``alliance.accepted``: ``company``, ``partner``, ``partner_name``, ``match_id``,
  ``proposal_id``, ``alliance_id``, ``match_url``.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import secrets
import time
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.models import (
    Alliance,
    AllianceProposal,
    Company,
    Interest,
    Match,
    User,
    Webhook,
    WebhookDelivery,
)
from partners.selectors import user_is_member
from partners.services.webhook_http import CheckedUrl, webhook_post, webhook_url_check

__all__ = [
    "WEBHOOK_EVENTS",
    "CheckedUrl",
    "webhook_create",
    "webhook_delete",
    "webhook_deliver",
    "webhook_redeliver",
    "webhook_retry_delay",
    "webhook_secret_rotate",
    "webhook_signature",
    "webhook_signature_verify",
    "webhook_update",
    "webhook_url_check",
    "webhooks_emit",
    "webhooks_emit_alliance_accepted",
    "webhooks_emit_alliance_proposed",
    "webhooks_emit_interest_received",
    "webhooks_emit_interest_withdrawn",
    "webhooks_emit_match_created",
    "webhooks_emit_suggestions_refreshed",
]

MAX_WEBHOOKS_PER_COMPANY = 10
USER_AGENT = "Kyoso-Webhooks/1"
Event = Webhook.Event

_PARTNER = {"partner": "tsubame-trading", "partner_name": "Tsubame Trading"}
_MATCH_URL = "https://kyoso.example/api/v1/matches/12/"
WEBHOOK_EVENTS: dict[str, dict[str, Any]] = {
    Event.SUGGESTIONS_REFRESHED: {
        "description": gettext_lazy("The company's list of suggested partners changed."),
        "example": {
            "company": "hoshino-parts",
            "run_id": 381,
            "suggestions_url": "https://kyoso.example/api/v1/suggestions/",
        },
    },
    Event.INTEREST_RECEIVED: {
        "description": gettext_lazy(
            "Another company expressed interest in the company (not yet mutual)."
        ),
        "example": {
            "company": "hoshino-parts",
            **_PARTNER,
            "interest_id": 57,
            "partner_url": "https://kyoso.example/api/v1/companies/tsubame-trading/",
        },
    },
    Event.INTEREST_WITHDRAWN: {
        "description": gettext_lazy(
            "A company withdrew the interest it had expressed in the company while it "
            "was still waiting for an answer (the interest_id of its interest.received)."
        ),
        "example": {"company": "hoshino-parts", **_PARTNER, "interest_id": 57},
    },
    Event.MATCH_CREATED: {
        "description": gettext_lazy(
            "Interest became mutual: the two companies matched (sent to both)."
        ),
        "example": {
            "company": "hoshino-parts",
            **_PARTNER,
            "match_id": 12,
            "match_url": _MATCH_URL,
        },
    },
    Event.ALLIANCE_PROPOSED: {
        "description": gettext_lazy(
            "The other side of a match proposed an alliance, or changes to one."
        ),
        "example": {
            "company": "hoshino-parts",
            **_PARTNER,
            "match_id": 12,
            "proposal_id": 31,
            "version": 2,
            "match_url": _MATCH_URL,
        },
    },
    Event.ALLIANCE_ACCEPTED: {
        "description": gettext_lazy(
            "A proposal was accepted: the alliance is agreed (sent to both)."
        ),
        "example": {
            "company": "hoshino-parts",
            **_PARTNER,
            "match_id": 12,
            "proposal_id": 31,
            "alliance_id": 8,
            "match_url": _MATCH_URL,
        },
    },
}


# --- Signing ---------------------------------------------------------------------------------


def webhook_signature(secret: str, timestamp: int | str, body: bytes | str) -> str:
    """The ``Kyoso-Signature`` header: ``sha256=`` + hex HMAC-SHA256 of ``"<timestamp>.<body>"``."""
    raw = body.encode() if isinstance(body, str) else body
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + raw, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def webhook_signature_verify(
    secret: str, timestamp: int | str, body: bytes | str, header: str, tolerance: int = 300
) -> bool:
    """Whether a request really comes from Kyoso, for receivers::

        ok = webhook_signature_verify(
            secret,
            request.headers["Kyoso-Timestamp"],
            request.body,  # the raw bytes, before any JSON parsing
            request.headers["Kyoso-Signature"],
        )

    False when the signature does not match or the timestamp is more than
    ``tolerance`` seconds away from now (a replayed request); 0 skips that check.
    """
    try:
        age = abs(time.time() - int(timestamp))
    except (TypeError, ValueError):
        return False
    if tolerance and age > tolerance:
        return False
    return hmac.compare_digest(webhook_signature(secret, timestamp, body), header or "")


# --- Registering -----------------------------------------------------------------------------


def _require_member(user: User, company: Company) -> None:
    if not user_is_member(user=user, company=company):
        raise ValidationError(_("Only members of %(company)s can do this.") % {"company": company})


def _clean(url: str, events: Iterable[str], description: str) -> dict[str, Any]:
    errors: dict[str, list] = {}
    try:
        webhook_url_check(url)
    except ValidationError as error:
        errors["url"] = error.error_list  # with their codes ("address": not a public host)
    events = list(dict.fromkeys(events or []))
    if not events:
        errors["events"] = [_("Choose at least one event.")]
    elif any(event not in Event.values for event in events):
        errors["events"] = [_("Unknown event.")]
    if len(description or "") > 200:
        errors["description"] = [_("At most 200 characters.")]
    if errors:
        raise ValidationError(errors)
    return {"url": url.strip(), "events": events, "description": (description or "").strip()}


def webhook_create(
    *, user: User, company: Company, url: str, events: Iterable[str], description: str = ""
) -> tuple[Webhook, str]:
    """A member registers a webhook; returns it and its signing secret (to show once)."""
    _require_member(user, company)
    fields = _clean(url, events, description)
    with transaction.atomic():
        Company.objects.select_for_update().filter(pk=company.pk).exists()
        if Webhook.objects.filter(company=company).count() >= MAX_WEBHOOKS_PER_COMPANY:
            raise ValidationError(
                _("A company can have at most %(limit)d webhooks.")
                % {"limit": MAX_WEBHOOKS_PER_COMPANY}
            )
        secret = secrets.token_urlsafe(32)
        webhook = Webhook.objects.create(company=company, secret=secret, created_by=user, **fields)
    return webhook, secret


def webhook_update(
    *,
    user: User,
    webhook: Webhook,
    url: str,
    events: Iterable[str],
    description: str = "",
    active: bool = True,
) -> Webhook:
    """A member changes a webhook's URL, events, description or pauses it."""
    _require_member(user, webhook.company)
    for name, value in _clean(url, events, description).items():
        setattr(webhook, name, value)
    webhook.active = active
    webhook.save(update_fields=["url", "events", "description", "active", "updated_at"])
    return webhook


def webhook_delete(*, user: User, webhook: Webhook) -> None:
    """A member removes a webhook and its delivery log."""
    _require_member(user, webhook.company)
    webhook.delete()


def webhook_secret_rotate(*, user: User, webhook: Webhook) -> str:
    """A new signing secret (returned, to show once); the old one stops working at once."""
    _require_member(user, webhook.company)
    webhook.secret = secrets.token_urlsafe(32)
    webhook.save(update_fields=["secret", "updated_at"])
    return webhook.secret


# --- Events ----------------------------------------------------------------------------------


def _enqueue(deliveries: list[WebhookDelivery]) -> None:
    from partners.tasks import webhook_deliver_task

    for delivery_id in [d.pk for d in deliveries]:
        transaction.on_commit(lambda pk=delivery_id: webhook_deliver_task.delay(pk, 1), robust=True)


def webhooks_emit(
    *, company: Company, event: str, payload: dict[str, Any]
) -> list[WebhookDelivery]:
    """One delivery per active webhook of ``company`` subscribed to ``event``, sent after
    commit (call it inside the transaction that made the event happen)."""
    hooks = [
        hook
        for hook in Webhook.objects.filter(company=company, active=True).only("id", "events")
        if event in hook.events
    ]
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(webhook=hook, event=event, event_id=uuid.uuid4(), payload=payload)
        for hook in hooks
    )
    _enqueue(deliveries)
    return deliveries


def webhooks_emit_suggestions_refreshed(
    *, company_ids: Iterable[int], run_id: int | None = None
) -> int:
    """``suggestions.refreshed`` for each of these companies that has a subscribed webhook.

    Made for a full run's 100,000 companies: one query over the active webhooks
    (none, usually), then only the subscribers' deliveries. Returns how many.
    """
    hooks = list(
        Webhook.objects.filter(active=True).values_list(
            "id", "company_id", "company__key", "events"
        )
    )
    hooks = [hook for hook in hooks if Event.SUGGESTIONS_REFRESHED in hook[3]]
    if not hooks:
        return 0
    wanted = set(company_ids)
    url = api_url("suggestions/")
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            webhook_id=hook_id,
            event=Event.SUGGESTIONS_REFRESHED,
            event_id=uuid.uuid4(),
            payload={"company": key, "run_id": run_id, "suggestions_url": url},
        )
        for hook_id, company_id, key, _events in hooks
        if company_id in wanted
    )
    _enqueue(deliveries)
    return len(deliveries)


def _sides(company: Company, partner: Company) -> dict[str, Any]:
    return {"company": company.key, "partner": partner.key, "partner_name": partner.name}


def webhooks_emit_interest_received(*, interest: Interest) -> None:
    """``interest.received`` to the recipient of a (not yet mutual) interest."""
    data = _sides(interest.recipient, interest.sender)
    data |= {"interest_id": interest.pk, "partner_url": api_url(f"companies/{data['partner']}/")}
    webhooks_emit(company=interest.recipient, event=Event.INTEREST_RECEIVED, payload=data)


def webhooks_emit_interest_withdrawn(*, interest: Interest) -> None:
    """``interest.withdrawn`` to the recipient of a pending interest its sender took back."""
    data = _sides(interest.recipient, interest.sender) | {"interest_id": interest.pk}
    webhooks_emit(company=interest.recipient, event=Event.INTEREST_WITHDRAWN, payload=data)


def webhooks_emit_match_created(*, match: Match) -> None:
    """``match.created`` to both companies of a new match."""
    for side in (match.company_a, match.company_b):
        data = _sides(side, match.other(side))
        data |= {"match_id": match.pk, "match_url": api_url(f"matches/{match.pk}/")}
        webhooks_emit(company=side, event=Event.MATCH_CREATED, payload=data)


def webhooks_emit_alliance_proposed(*, proposal: AllianceProposal) -> None:
    """``alliance.proposed`` to the side of the match that did not write the proposal."""
    match = proposal.match
    data = _sides(match.other(proposal.proposed_by), proposal.proposed_by)
    data |= {
        "match_id": match.pk,
        "proposal_id": proposal.pk,
        "version": proposal.version,
        "match_url": api_url(f"matches/{match.pk}/"),
    }
    webhooks_emit(
        company=match.other(proposal.proposed_by), event=Event.ALLIANCE_PROPOSED, payload=data
    )


def webhooks_emit_alliance_accepted(*, alliance: Alliance) -> None:
    """``alliance.accepted`` to both companies of a new alliance."""
    match = alliance.match
    for side in (match.company_a, match.company_b):
        data = _sides(side, match.other(side))
        data |= {
            "match_id": match.pk,
            "proposal_id": alliance.proposal_id,
            "alliance_id": alliance.pk,
            "match_url": api_url(f"matches/{match.pk}/"),
        }
        webhooks_emit(company=side, event=Event.ALLIANCE_ACCEPTED, payload=data)


def api_url(path: str) -> str:
    """Absolute URL of a REST API resource, for payloads."""
    return f"{settings.SITE_URL.rstrip('/')}/api/v1/{path}"


# --- Delivering ------------------------------------------------------------------------------


def webhook_retry_delay(attempts: int) -> int:
    """Seconds to wait after the ``attempts``-th failed attempt: base, doubling, capped."""
    delay = settings.WEBHOOKS_RETRY_BASE * 2 ** max(attempts - 1, 0)
    return int(min(delay, settings.WEBHOOKS_RETRY_MAX_DELAY))


def _request(delivery: WebhookDelivery) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(
        {
            "id": str(delivery.event_id),
            "event": delivery.event,
            "created": delivery.created_at.isoformat(),
            "data": delivery.payload,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Kyoso-Event": delivery.event,
        "Kyoso-Delivery": str(delivery.event_id),
        "Kyoso-Timestamp": str(timestamp),
        "Kyoso-Signature": webhook_signature(delivery.webhook.secret, timestamp, body),
    }
    return body, headers


def _claim(delivery_id: int, attempt: int) -> WebhookDelivery | None:
    """Take attempt number ``attempt`` of an unfinished delivery: exactly one caller can."""
    taken = WebhookDelivery.objects.filter(
        pk=delivery_id,
        status__in=(WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING),
        attempts=attempt - 1,
    ).update(attempts=attempt, next_attempt_at=None)
    if taken != 1:
        return None
    return WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)


# A delivery whose next attempt is this late was lost (a broker message gone, a worker
# killed mid-attempt): ``webhook_deliveries_overdue`` hands it out again.
OVERDUE_AFTER = timedelta(minutes=10)


def webhook_deliveries_overdue(*, now: datetime | None = None) -> list[tuple[int, int]]:
    """(delivery id, next attempt number) of unfinished deliveries whose attempt is overdue.

    Sending such an attempt is safe even if its lost message turns up after all:
    an attempt number is claimed once (``_claim``).
    """
    late = (now or timezone.now()) - OVERDUE_AFTER
    unfinished = WebhookDelivery.objects.filter(
        Q(status=WebhookDelivery.Status.PENDING, next_attempt_at__isnull=True, created_at__lt=late)
        | Q(status=WebhookDelivery.Status.RETRYING, next_attempt_at__lt=late)
    )
    return [(pk, attempts + 1) for pk, attempts in unfinished.values_list("id", "attempts")]


def webhook_deliver(*, delivery_id: int, attempt: int) -> WebhookDelivery | None:
    """Make attempt ``attempt`` (1, 2, …) of a delivery and record its outcome.

    None when there is nothing to do: the delivery is gone, finished, or this
    attempt was already made (a task run twice). Otherwise the delivery, now
    SUCCEEDED, RETRYING (``next_attempt_at`` says when) or FAILED.
    """
    delivery = _claim(delivery_id, attempt)
    if delivery is None:
        return None
    status = error = ""
    body_text = ""
    if not delivery.webhook.active:
        return _record(delivery, None, "", _("The webhook is paused."), last=True)
    try:
        target = webhook_url_check(delivery.webhook.url)
        body, headers = _request(delivery)
        response = webhook_post(target, body, headers)
        status, body_text = response.status, response.body
    except ValidationError as refused:
        error = " ".join(refused.messages)
    except (OSError, http.client.HTTPException) as failure:
        error = f"{type(failure).__name__}: {failure}"[:2000]
    return _record(delivery, status or None, body_text, error)


def _record(
    delivery: WebhookDelivery, status: int | None, body: str, error: str, last: bool = False
) -> WebhookDelivery:
    now = timezone.now()
    delivery.response_status, delivery.response_body, delivery.error = status, body, error
    if status is not None and 200 <= status < 300:
        delivery.status, delivery.delivered_at = WebhookDelivery.Status.SUCCEEDED, now
    elif last or delivery.attempts >= settings.WEBHOOKS_MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
    else:
        delivery.status = WebhookDelivery.Status.RETRYING
        delivery.next_attempt_at = now + timedelta(seconds=webhook_retry_delay(delivery.attempts))
    if status is not None and not error and delivery.status != WebhookDelivery.Status.SUCCEEDED:
        delivery.error = _("The receiver answered %(status)d.") % {"status": status}
    delivery.save(
        update_fields=[
            "status",
            "response_status",
            "response_body",
            "error",
            "next_attempt_at",
            "delivered_at",
        ]
    )
    return delivery


def webhook_redeliver(*, user: User, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a failed delivery again, with a fresh series of attempts (same event id).

    For members of the webhook's company, and for staff."""
    if not user.is_staff:
        _require_member(user, delivery.webhook.company)
    with transaction.atomic():
        reset = WebhookDelivery.objects.filter(
            pk=delivery.pk, status=WebhookDelivery.Status.FAILED
        ).update(status=WebhookDelivery.Status.PENDING, attempts=0, next_attempt_at=None, error="")
        if reset != 1:
            raise ValidationError(_("Only a failed delivery can be sent again."))
        delivery.refresh_from_db()
        _enqueue([delivery])
    return delivery
