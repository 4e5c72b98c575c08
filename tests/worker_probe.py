"""Tasks that only the worker tests use (the test worker is started with ``--include``)."""

import json
from pathlib import Path

from celery import shared_task
from django.contrib.auth import get_user_model


@shared_task(name="tests.worker_probe.user_emails_write")
def user_emails_write(path: str) -> None:
    """Write the e-mail addresses of the users the worker sees to ``path`` (JSON)."""
    emails = sorted(get_user_model().objects.values_list("email", flat=True))
    Path(path).write_text(json.dumps(emails))
