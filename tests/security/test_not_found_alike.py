"""Another company's object and a missing one answer the same: ids and keys cannot be
counted or probed. Every API operation with a path parameter is tried (from the
served schema, so a new route is covered as soon as it is routed) by a member of a
company that has no part in company A's objects, once with A's real ids and once
with ids that exist nowhere; status and body must be identical."""

from __future__ import annotations

import re

import pytest
from rest_framework.test import APIClient

from partners.models import Company
from tests.api.world import schema_operations, world_make

pytestmark = pytest.mark.django_db

MISSING_ID = 987_654_321


OPERATIONS = schema_operations(lambda path, _operation: "{" in path)


def test_the_operations_with_ids_are_found():
    found = {f"{method} {path}" for method, path in OPERATIONS}
    assert {
        "POST /api/v1/interests/{id}/decline/",
        "GET /api/v1/matches/{id}/",
        "GET /api/v1/webhooks/{id}/",
    } <= found


def _url(path: str, values: dict) -> str:
    return re.sub(r"\{([a-z_]+)\}", lambda m: str(values[m.group(1)]), path)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_a_foreign_object_answers_as_a_missing_one(method, path):
    world = world_make()
    # A key names a company; listed ones are in everyone's directory, so the probe is a
    # company B may not see.
    Company.objects.filter(pk=world.partner.pk).update(visibility=Company.Visibility.HIDDEN)
    real = world.path_values(path)
    names = re.findall(r"\{([a-z_]+)\}", path)
    assert set(real) == set(names), f"tests.api.world knows no object for {path}"
    missing = {name: "no-such-company" if name == "key" else MISSING_ID for name in names}
    client = APIClient()
    client.force_authenticate(world.other_member)  # of company B: no part in A's objects

    def answer(values):
        send = getattr(client, method.lower())
        response = send(_url(path, values), {}, format="json")
        return response.status_code, response.content

    foreign, absent = answer(real), answer(missing)
    assert foreign == absent
    assert foreign[0] == 404
