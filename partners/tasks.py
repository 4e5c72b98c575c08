"""Background jobs of the partners app. Thin: each hands its work to a service."""

import smtplib

from celery import shared_task
from django.core.mail import EmailMultiAlternatives


# Only failures of the mail server's connection are worth another try; an error
# in our own code would fail the same way again.
@shared_task(
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def email_send(
    *,
    subject: str,
    body: str,
    from_email: str,
    to: list[str],
    html_body: str | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Send one e-mail that was rendered before it was queued (JSON-only arguments)."""
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()


@shared_task(acks_late=True)
def webhook_deliver_task(delivery_id: int, attempt: int = 1) -> str | None:
    """Make one attempt of a webhook delivery; enqueue the next one after the backoff.

    Safe to run twice: an attempt already made (or a finished delivery) is skipped.
    """
    from django.utils import timezone

    from partners.models import WebhookDelivery
    from partners.services.webhooks import webhook_deliver

    delivery = webhook_deliver(delivery_id=delivery_id, attempt=attempt)
    if delivery is None:
        return None
    if delivery.status == WebhookDelivery.Status.RETRYING:
        countdown = max((delivery.next_attempt_at - timezone.now()).total_seconds(), 0)
        webhook_deliver_task.apply_async((delivery_id, attempt + 1), countdown=countdown)
    return delivery.status


@shared_task(acks_late=True)
def webhook_deliveries_sweep_task() -> int:
    """Send again the attempts of deliveries whose task was lost (celery beat, every 10 min)."""
    from partners.services.webhooks import webhook_deliveries_overdue

    overdue = webhook_deliveries_overdue()
    for delivery_id, attempt in overdue:
        webhook_deliver_task.delay(delivery_id, attempt)
    return len(overdue)
