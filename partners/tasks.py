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
