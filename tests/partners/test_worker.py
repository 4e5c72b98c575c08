"""The task queue end to end: a real Celery worker process, broker and database."""

import json

import pytest
from django.core import mail

from tests.worker import wait_until
from tests.worker_probe import user_emails_write

pytestmark = pytest.mark.worker

PASSWORD = "co-creation rocks 2026"


def test_signing_up_sends_the_verification_email_through_the_worker(client, live_worker):
    response = client.post(
        "/en/accounts/signup/",
        {
            "email": "worker.path@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "consent": "on",
        },
    )

    assert response.status_code == 302
    [message] = live_worker.wait_for_emails(count=1)
    assert message["To"] == "worker.path@example.com"
    assert message["Subject"].startswith("[Kyoso] ")
    assert "/en/accounts/confirm-email/" in message.get_payload(decode=True).decode()
    assert mail.outbox == []  # delivered by the worker, not in this process


def test_the_worker_reads_the_rows_the_test_committed(live_worker, tmp_path, owner):
    result = tmp_path / "users.json"

    user_emails_write.delay(str(result))

    wait_until(result.exists, 60, live_worker, "list of users")
    assert json.loads(result.read_text()) == [owner.email]
