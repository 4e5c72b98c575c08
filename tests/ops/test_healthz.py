"""``/healthz`` and ``beat_alive``: what the container stack's healthchecks ask, answered
against the real database and broker (and a closed port where one must be down)."""

import io
import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from alliance.dashboard.health import heartbeat_record
from matching.models import Heartbeat
from tests.worker import database_url

CLOSED = "127.0.0.1:1"  # nothing listens on port 1


@pytest.mark.django_db
def test_both_answer_200(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"]


def _healthz_in_a_process(**environment: str) -> tuple[int, dict]:
    """``GET /healthz`` in a process of its own, started with ``environment``."""
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client(HTTP_HOST='localhost').get('/healthz');"
        "print(json.dumps([r.status_code, r.json()]))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "alliance.settings.test", **environment}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    status, body = json.loads(result.stdout.strip().splitlines()[-1])
    return status, body


def test_a_broker_that_does_not_answer_gives_503(transactional_db):
    status, body = _healthz_in_a_process(
        DATABASE_URL=database_url(connection.settings_dict),
        CELERY_BROKER_URL=f"redis://{CLOSED}/0",
    )
    assert status == 503 and body == {"database": "ok", "broker": "unavailable"}


def test_a_database_that_does_not_answer_gives_503():
    status, body = _healthz_in_a_process(DATABASE_URL=f"postgres://postgres@{CLOSED}/kyoso")
    assert status == 503 and body == {"database": "unavailable", "broker": "ok"}


def test_only_reads(client, db):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_beat_alive_says_what_it_found():
    with pytest.raises(CommandError, match="never been seen"):
        call_command("beat_alive")
    heartbeat_record()
    out = io.StringIO()
    call_command("beat_alive", stdout=out)
    assert "alive" in out.getvalue()
    Heartbeat.objects.update(seen_at=timezone.now() - timedelta(seconds=600))
    with pytest.raises(CommandError, match="last seen"):
        call_command("beat_alive")
