"""django-allauth hooks."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.requests import RequestSite
from django.core.mail import EmailMessage
from django.utils.html import strip_tags

from .tasks import email_send

#: How e-mail names the site. Without the sites framework, allauth would name it by the
#: request's host ("Hello from 127.0.0.1:8000!").
SITE_NAME = "Kyoso"


class MailSite(RequestSite):
    """The site as allauth's e-mail templates see it (``current_site``): named Kyoso,
    on the request's host."""

    def __init__(self, request):
        super().__init__(request)
        self.name = SITE_NAME


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's e-mail through the task queue.

    The message is rendered here, in the request, so that it is in the user's
    language and carries the links of the site they used; the worker only
    delivers it, and a slow or unreachable mail server never holds up a page.
    """

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": MailSite(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        # Queued at once, not on commit: the message is complete and reads no
        # rows, and allauth's confirmation keys are signed, not stored.
        email_send.delay(**email_as_task_arguments(message))

    def unstash_verified_email(self, request) -> str | None:
        """The address an invitation link proved (``partners.team_views``), only for a
        sign-up with that very address: allauth would otherwise add it, verified and
        primary, to an account signed up with any other address in this session."""
        email = super().unstash_verified_email(request)
        typed = request.POST.get("email", "") if request is not None else ""
        if email and typed.strip().lower() == email.lower():
            return email
        return None


def email_as_task_arguments(message: EmailMessage) -> dict:
    """The parts of a rendered message as JSON-serialisable arguments of ``email_send``."""
    html_bodies = [
        content
        for content, mimetype in getattr(message, "alternatives", [])
        if mimetype == "text/html"
    ]
    body = message.body
    if message.content_subtype == "html":
        # An HTML-only message: send the HTML as the alternative and a text part beside it.
        html_bodies.insert(0, body)
        body = strip_tags(body)
    return {
        "subject": message.subject,
        "body": body,
        "from_email": message.from_email,
        "to": list(message.to),
        "html_body": html_bodies[0] if html_bodies else None,
        "headers": dict(message.extra_headers) or None,
    }
