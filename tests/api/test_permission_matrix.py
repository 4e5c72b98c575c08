"""Who may call what: every operation of the API, as every kind of caller.

The operations come from the generated schema, and every route of the URL
resolver under ``/api/v1/`` must be among them, so a new endpoint is in the
matrix as soon as it is routed. Each operation is called, with its path
parameters naming objects of company A (``tests.api.world``), by:

- anonymous: always 401;
- a member of another company B: never a 2xx on A's objects (ids and keys of A,
  ``?company=<A's key>``), and no 2xx answer mentions A's key;
- staff (no company) and members of A: staff-only operations answer 403 to
  every non-staff caller and something else than 401/403 to staff; members of A
  are never refused by a permission class elsewhere (a 403 of a business rule,
  with its own message, is allowed);
- everyone: never a server error.

Company A is hidden from the directory for this, so nothing of it is public.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.urls import get_resolver, resolve
from drf_spectacular.generators import SchemaGenerator
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAdminUser
from rest_framework.test import APIClient

from partners.models import Company
from tests.api.world import World, world_make
from tests.routes import routes

pytestmark = pytest.mark.django_db

SCHEMA = SchemaGenerator().get_schema(request=None, public=True)
OPERATIONS = sorted(
    (method.upper(), path, operation)
    for path, methods in SCHEMA["paths"].items()
    for method, operation in methods.items()
)
ROLES = ["anonymous", "outsider", "staff", "member", "owner"]
TALLY: Counter = Counter()


def _shape(path: str) -> str:
    """A route or a schema path with its parameters as ``*``: ``/api/v1/webhooks/*/``."""
    path = re.sub(r"<[^>]+>|\{[^}]+\}", "*", path)
    return "/" + path.lstrip("^").rstrip("$").lstrip("/")


def test_every_routed_api_endpoint_is_in_the_matrix():
    routed = {_shape(r) for r in routes(get_resolver()) if _shape(r).startswith("/api/v1/")}
    documented = {_shape(path) for _method, path, _operation in OPERATIONS}

    assert routed, "no API route found"
    assert routed <= documented, routed - documented
    assert {
        "/api/v1/company/",
        "/api/v1/companies/*/",
        "/api/v1/import/",
        "/api/v1/webhooks/",
        "/api/v1/webhooks/*/deliveries/*/resend/",
    } <= routed
    assert len(OPERATIONS) >= 20


def _staff_only(path: str, values: dict) -> bool:
    view = resolve(_fill(path, values)).func
    classes = getattr(getattr(view, "view_class", None), "permission_classes", [])
    return any(issubclass(c, IsAdminUser) for c in classes)


def _fill(path: str, values: dict) -> str:
    return re.sub(r"\{([^}]+)\}", lambda m: str(values.get(m.group(1), 999999)), path)


def _client(world: World, role: str, token_of) -> APIClient:
    client = APIClient()
    user = {
        "outsider": world.other_member,
        "staff": world.staff,
        "member": world.member,
        "owner": world.owner,
    }.get(role)
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_of(user)}")
    return client


def _call(client: APIClient, method: str, url: str):
    if method in ("POST", "PUT", "PATCH"):
        return getattr(client, method.lower())(url, {}, format="json")
    return getattr(client, method.lower())(url)


@pytest.mark.parametrize(
    ("method", "path"),
    [(m, p) for m, p, _o in OPERATIONS],
    ids=[f"{m} {p}" for m, p, _o in OPERATIONS],
)
def test_the_operation_refuses_whom_it_must(method, path, token_of, monkeypatch):
    monkeypatch.setattr("partners.tasks.webhook_deliver_task.delay", lambda *args: None)
    world = world_make()
    Company.objects.filter(pk=world.company.pk).update(visibility=Company.Visibility.HIDDEN)
    values = {**world.path_values(path), "key": world.company.key}
    url = _fill(path, values)
    operation = dict(SCHEMA["paths"][path])[method.lower()]
    takes_company = any(p["name"] == "company" for p in operation.get("parameters", []))
    staff_only = _staff_only(path, values)
    has_objects = "{" in path

    for role in ROLES:  # the owner last: their unsafe calls may change A's objects
        client = _client(world, role, token_of)
        urls = [url]
        if role == "outsider" and takes_company:
            urls.append(f"{url}?company={world.company.key}")
        for address in urls:
            response = _call(client, method, address)
            status = response.status_code
            TALLY["tried"] += 1
            TALLY["refused"] += status >= 400
            where = f"{role} {method} {address} -> {status} {response.content[:300]!r}"
            assert status < 500, where
            if role == "anonymous":
                assert status == 401, where
            elif staff_only:
                assert (status == 403) == (role != "staff"), where
            elif role == "outsider":
                if has_objects or "?company=" in address:
                    assert not 200 <= status < 300, where
                elif 200 <= status < 300 and response.content:
                    assert world.company.key not in response.content.decode(), where
            else:
                # A member may meet a rule of the business (only the proposer withdraws),
                # explained in the message, never the bare refusal of a permission class.
                assert status != 401, where
                if status == 403:
                    assert response.json()["message"] != str(PermissionDenied.default_detail)


def test_the_matrix_tried_and_refused_requests():
    """Runs after the matrix (same module, in order): the figures of what it tried."""
    print(
        f"\npermission matrix: {len(OPERATIONS)} operations, {TALLY['tried']} requests, "
        f"{TALLY['refused']} refused"
    )
    if TALLY["tried"]:
        assert TALLY["tried"] >= len(OPERATIONS) * len(ROLES)
        assert 0 < TALLY["refused"] < TALLY["tried"]
