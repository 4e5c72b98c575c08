"""E-mail goes through the task queue (eager in tests, so it still lands in mail.outbox)."""

import json
import re
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import translation

from partners.adapters import email_as_task_arguments
from partners.tasks import email_send

PASSWORD = "co-creation rocks 2026"


def signup_data(email: str) -> dict:
    # A new address per test: allauth limits confirmation e-mails per address
    # (in the cache, which outlives a test).
    return {"email": email, "password1": PASSWORD, "password2": PASSWORD, "consent": "on"}


def test_signing_up_sends_the_verification_email_through_the_task(client, db):
    with mock.patch("partners.adapters.email_send.delay", wraps=email_send.delay) as delay:
        response = client.post("/en/accounts/signup/", signup_data("new.member@example.com"))

    assert response.status_code == 302
    delay.assert_called_once()
    json.dumps(delay.call_args.kwargs)  # what goes to the broker must be JSON
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.member@example.com"]
    assert message.subject.startswith("[Kyoso] ")
    assert "/en/accounts/confirm-email/" in message.body


def test_the_email_is_rendered_in_the_language_of_the_request(client, db):
    client.post("/ja/accounts/signup/", signup_data("atarashii@example.com"))

    with translation.override("ja"):
        subject_ja = translation.gettext("Please Confirm Your Email Address")
    assert subject_ja != "Please Confirm Your Email Address"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == f"[Kyoso] {subject_ja}"
    assert "/ja/accounts/confirm-email/" in mail.outbox[0].body


def test_a_password_reset_email_reaches_the_outbox(client, owner):
    client.post("/en/accounts/password/reset/", {"email": owner.email})

    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert "/en/accounts/password/reset/key/" in mail.outbox[0].body


def test_it_keeps_the_html_alternative():
    message = EmailMultiAlternatives("Hi", "text", "a@kyoso.example", ["b@example.com"])
    message.attach_alternative("<p>html</p>", "text/html")

    email_send.delay(**email_as_task_arguments(message))

    sent = mail.outbox[0]
    assert (sent.subject, sent.body, sent.from_email) == ("Hi", "text", "a@kyoso.example")
    assert sent.alternatives == [("<p>html</p>", "text/html")]


def test_it_turns_an_html_only_message_into_text_plus_html():
    message = EmailMultiAlternatives("Hi", "<p>Hello</p>", "a@kyoso.example", ["b@example.com"])
    message.content_subtype = "html"

    arguments = email_as_task_arguments(message)

    assert arguments["body"] == "Hello"
    assert arguments["html_body"] == "<p>Hello</p>"


@pytest.mark.parametrize(
    "error",
    [smtplib.SMTPServerDisconnected("gone"), ConnectionRefusedError(), TimeoutError()],
)
def test_it_retries_when_the_mail_server_fails(error):
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=error),
        mock.patch.object(email_send, "retry", side_effect=RuntimeError("retry")) as retry,
        pytest.raises(RuntimeError, match="retry"),
    ):
        email_send.run(subject="s", body="b", from_email="a@kyoso.example", to=["b@example.com"])

    assert retry.call_args.kwargs["exc"] is error


def test_it_does_not_retry_a_bug_of_its_own():
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=ValueError("bug")),
        mock.patch.object(email_send, "retry") as retry,
        pytest.raises(ValueError),
    ):
        email_send.run(subject="s", body="b", from_email="a@kyoso.example", to=["b@example.com"])

    retry.assert_not_called()


def test_the_task_acknowledges_late():
    assert email_send.acks_late is True


@pytest.mark.parametrize(
    ("language", "greeting"),
    [("en", "Hello from Kyoso!"), ("ja", "Kyoso からのお知らせです。")],
)
def test_the_confirmation_email_names_kyoso_never_the_host(client, db, language, greeting):
    client.post(
        f"/{language}/accounts/signup/",
        signup_data(f"site.name.{language}@example.com"),
        HTTP_HOST="127.0.0.1:8000",
    )

    [message] = mail.outbox
    assert message.body.startswith(greeting)
    assert f"127.0.0.1:8000/{language}/accounts/confirm-email/" in message.body  # the link only
    without_link = re.sub(r"https?://\S+", "", message.body)
    assert "127.0.0.1" not in without_link and "Kyoso" in without_link.split("\n")[-1]


def test_a_password_reset_email_names_kyoso_never_the_host(client, owner):
    client.post("/en/accounts/password/reset/", {"email": owner.email}, HTTP_HOST="127.0.0.1:8000")

    [message] = mail.outbox
    without_link = re.sub(r"https?://\S+", "", message.body)
    assert message.body.startswith("Hello from Kyoso!")
    assert "Thank you for using Kyoso!" in without_link and "127.0.0.1" not in without_link
