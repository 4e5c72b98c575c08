"""Every API operation that takes a JSON body refuses, in the error format, a body
nested too deeply (400), one that names a key twice (400, naming it) and one larger
than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (413): never a server error, never the last
key winning. The operations come from the served schema, so a new one is covered
as soon as it is routed."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from alliance.json_input import MAX_DEPTH
from tests.api.conftest import assert_error
from tests.api.world import schema_operations, world_make

pytestmark = pytest.mark.django_db


OPERATIONS = schema_operations(
    lambda _path, operation: (
        "application/json" in operation.get("requestBody", {}).get("content", {})
    )
)


def test_the_operations_with_bodies_are_found():
    found = {f"{method} {path}" for method, path in OPERATIONS}
    assert {
        "POST /api/v1/import/",
        "POST /api/v1/interests/",
        "PUT /api/v1/company/",
        "PATCH /api/v1/company/",
        "POST /api/v1/notifications/read/",
        "POST /api/v1/webhooks/",
    } <= found


@pytest.fixture
def staff_client():
    """A staff member of company A (staff operations read their bodies too)."""
    world = world_make()
    world.owner.is_staff = True
    world.owner.save(update_fields=["is_staff"])
    client = APIClient()
    client.force_authenticate(world.owner)
    return client, world


def _url(world, path: str) -> str:
    values = world.path_values(path)
    return re.sub(r"\{([a-z_]+)\}", lambda m: str(values.get(m.group(1), 1)), path)


def _send(client, method, url, body: str):
    return getattr(client, method.lower())(url, body, content_type="application/json")


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_a_deeply_nested_body_is_refused(staff_client, method, path):
    client, world = staff_client
    for depth in (MAX_DEPTH + 1, 315, 100_000):
        response = _send(client, method, _url(world, path), "[" * depth + "]" * depth)
        assert_error(response, 400, "parse_error")
        assert f"more than {MAX_DEPTH} levels" in response.json()["message"]


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_a_key_named_twice_is_refused_naming_it(staff_client, method, path):
    client, world = staff_client
    response = _send(client, method, _url(world, path), '{"name": "A", "key": "a", "name": "B"}')
    assert_error(response, 400, "parse_error")
    assert response.json()["fields"] == {"name": [response.json()["message"]]}


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_a_body_over_the_size_limit_is_413(staff_client, method, path):
    client, world = staff_client
    filler = "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = _send(client, method, _url(world, path), f'{{"message": "{filler}"}}')
    assert_error(response, 413, "too_large")
    assert f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,}" in response.json()["message"]


def test_the_import_says_how_to_import_more(staff_client):
    client, _world = staff_client
    filler = "a" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = _send(client, "POST", "/api/v1/import/", f'{{"companies": ["{filler}"]}}')
    assert_error(response, 413, "too_large")
    assert "manage.py import_companies" in response.json()["message"]


def test_a_company_saved_with_a_key_named_twice_is_left_unchanged(staff_client):
    client, world = staff_client
    response = _send(client, "PATCH", "/api/v1/company/", '{"name": "A", "name": "B"}')
    assert response.status_code == 400
    world.company.refresh_from_db()
    assert world.company.name not in ("A", "B")


def test_the_limits_are_documented_as_they_are_enforced():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    description = schema["info"]["description"]
    assert f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes" in description
    assert f"more than {MAX_DEPTH} levels" in description
    for method, path in OPERATIONS:
        assert "413" in schema["paths"][path][method.lower()]["responses"], (method, path)
