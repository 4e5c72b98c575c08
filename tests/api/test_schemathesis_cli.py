"""schemathesis's own command line, as an outside tester runs it: every operation,
``--checks all``, at least 100 examples per operation, with a member's token,
against the app served over HTTP (pytest-django's live server, the test database).

It adds what the in-process run (test_schemathesis.py) does not: the schema's own
examples, the coverage phase (boundaries, nulls, missing and unexpected fields,
wrong methods) and stateful links. The run is bounded: a fixed number of examples,
a request timeout and a wall-clock limit.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from matching import embeddings
from partners.services.tokens import api_token_create
from tests.api.test_schemathesis import _offline_addresses
from tests.api.world import world_make

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "100"))
REPORT = Path(settings.BASE_DIR) / "artifacts" / "schemathesis-cli.txt"
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_nothing_with_every_check(live_server, monkeypatch, settings):
    # Thousands of requests in a minute: the rate limits (tested on their own) stay out
    # of the way.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": dict.fromkeys(
            settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "1000000/hour"
        ),
    }
    monkeypatch.setattr("partners.services.webhook_http._addresses", _offline_addresses)
    monkeypatch.setattr("partners.tasks.webhook_deliver_task.delay", lambda *args: None)
    world = world_make()
    # Tests run Celery's tasks in the request (eager), so the first write of a profile
    # would load the phrase model inside it (15 s or more on a busy machine, over the
    # request timeout). A deployed server hands that to a worker: load it first.
    embeddings.phrase_embedder().inner.embed(["warm-up"], "query")
    settings.WEBHOOKS_ALLOW_INSECURE = False  # from here, https:// only, as the schema says
    token = api_token_create(user=world.owner, name="schemathesis cli")[1]
    command = [
        str(SCHEMATHESIS), "run", f"{live_server.url}/api/schema/?format=json",
        "--url", live_server.url,
        "--checks", "all",
        "--max-examples", str(EXAMPLES),
        "--seed", "7",
        "--request-timeout", "30",
        "-H", f"Authorization: Bearer {token}",
        "-H", "Accept-Language: en",
        "--no-color",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=1500)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(done.stdout + done.stderr, encoding="utf-8")
    summary = [line for line in done.stdout.splitlines() if "passed" in line or "failed" in line]
    print("\n".join(summary[-3:]))
    assert done.returncode == 0, done.stdout[-20000:] + done.stderr[-3000:]
