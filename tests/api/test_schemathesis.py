"""Every operation of the API against its own OpenAPI schema, with schemathesis.

The schema is the one the app serves (``/api/schema/``), loaded through WSGI, so a
new endpoint is tested as soon as it is routed. For each operation, Hypothesis
generates requests (deterministically: ``derandomize``) and sends them to the
app in this process, on the test database, with the token of the owner of a
company that has some of everything (``tests.api.world``):

- valid requests, with the path parameters naming that company's real objects
  (so that answers of 200 are reached, not only 404s);
- valid requests with generated path parameters (mostly someone else's or
  missing objects);
- invalid requests (negative data), which must be refused with a 4xx.

Every check schemathesis has is run on each answer (its ``--checks all``): no
server error, a documented status, content type and headers, a body that matches
the documented schema, invalid data refused and valid data accepted, and more. Nothing is
excluded: staff operations (``companies_import``, ``matching_recompute``) are
run too, and answer the owner (not staff) with the documented 403.

The figures (operations, cases run, failures) are printed and written to
``artifacts/schemathesis-summary.txt``.
"""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS as CHECKS_REGISTRY

from partners.services.tokens import api_token_create
from partners.services.webhook_http import host_refused
from tests.api.world import world_make

# Per operation and kind of request. test_schemathesis_cli.py runs 100 per operation
# over HTTP with the command line's phases; this in-process run is the quick one.
MAX_EXAMPLES = 25
# Every check schemathesis has (its "--checks all").
CHECKS = CHECKS_REGISTRY.get_all()
SUMMARY = Path(settings.BASE_DIR) / "artifacts" / "schemathesis-summary.txt"

application = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
OPERATIONS = {
    f"{operation.method.upper()} {operation.path}": operation
    for operation in (result.ok() for result in schema.get_all_operations())
}


@dataclass
class Figures:
    operations: int = 0
    cases: int = 0
    failures: int = 0
    failed: list[str] = field(default_factory=list)
    no_negative: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)


FIGURES = Figures()


@pytest.fixture(scope="module", autouse=True)
def _summary():
    """Print and write the figures once every operation ran."""
    yield
    seconds = time.monotonic() - FIGURES.started
    line = (
        f"schemathesis: {FIGURES.operations} operations of {len(OPERATIONS)}, "
        f"{FIGURES.cases} cases, {FIGURES.failures} failing cases "
        f"({len(FIGURES.failed)} operations failed), {seconds:.1f} s; "
        f"{len(FIGURES.no_negative)} operations accept every input (no negative data)"
    )
    details = "".join(f"  failed: {label}\n" for label in FIGURES.failed)
    SUMMARY.parent.mkdir(exist_ok=True)
    SUMMARY.write_text(line + "\n" + details, encoding="utf-8")
    print("\n" + line + "\n" + details, end="")


@pytest.fixture
def app_in_test_transaction():
    """Requests through the WSGI handler keep the test's database connection (and its
    transaction), as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _offline_addresses(host: str, port: int) -> list[str]:
    """Webhook URLs without DNS: literal addresses and localhost only (tests allow them)."""
    if host == "localhost":
        return ["127.0.0.1"]
    try:
        return [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        raise host_refused() from None


def test_the_schema_has_the_known_operations():
    assert {
        "GET /api/v1/company/",
        "POST /api/v1/import/",
        "POST /api/v1/webhooks/",
        "POST /api/v1/webhooks/{id}/deliveries/{delivery_id}/resend/",
    } <= set(OPERATIONS)


@pytest.mark.parametrize("label", list(OPERATIONS))
def test_operation_conforms_to_the_schema(label, db, app_in_test_transaction, monkeypatch):
    monkeypatch.setattr("partners.services.webhook_http._addresses", _offline_addresses)
    monkeypatch.setattr("partners.tasks.webhook_deliver_task.delay", lambda *args: None)
    world = world_make()
    token = api_token_create(user=world.owner, name="schemathesis")[1]
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
    operation = OPERATIONS[label]
    real = world.path_values(operation.path)
    kinds = [
        (GenerationMode.POSITIVE, real),
        (GenerationMode.POSITIVE, None),
        (GenerationMode.NEGATIVE, None),
    ]
    if not operation.path_parameters:
        kinds = kinds[1:]  # the first two are the same
    FIGURES.operations += 1
    failing: list[BaseException] = []
    for mode, path_parameters in kinds:
        strategy = operation.as_strategy(
            generation_mode=mode, path_parameters=path_parameters, headers=headers
        )

        @hypothesis_settings(
            max_examples=MAX_EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate, Phase.shrink],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def run(case):
            FIGURES.cases += 1
            try:
                case.call_and_validate(checks=CHECKS)
            except (Exception, BaseExceptionGroup):
                FIGURES.failures += 1
                raise

        try:
            run()
        except Unsatisfiable:
            # Only negative data can be unsatisfiable: an operation whose every input is
            # valid (no parameters, or only a free-text key) has no invalid request.
            assert mode == GenerationMode.NEGATIVE, label
            FIGURES.no_negative.append(label)
        except (Exception, BaseExceptionGroup) as error:  # report every kind, then fail
            failing.append(error)
    if failing:
        FIGURES.failed.append(label)
        raise failing[0]
