"""Pagination parameters are strict: a bad ``page`` or ``page_size`` is refused with 400
naming it (not silently replaced by a default), a page size over 100 gives 100, a page
past the last is 404."""

import pytest

from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db
URL = "/api/v1/notifications/"


@pytest.mark.parametrize("value", ["", "0", "-1", "abc", "true", "1.5", "٣"])
def test_a_bad_page_size_is_refused(api_as, member, value):
    body = assert_error(api_as(member).get(URL, {"page_size": value}), 400, "invalid")
    assert list(body["fields"]) == ["page_size"]


@pytest.mark.parametrize("value", ["", "0", "last", "x"])
def test_a_bad_page_number_is_refused(api_as, member, value):
    body = assert_error(api_as(member).get(URL, {"page": value}), 400, "invalid")
    assert list(body["fields"]) == ["page"]


def test_good_values_and_a_page_past_the_last(api_as, member):
    client = api_as(member)
    assert client.get(URL, {"page": "1", "page_size": "1000"}).json()["count"] == 0
    assert_error(client.get(URL, {"page": "2"}), 404, "not_found")


def test_the_schema_documents_the_limits_and_errors(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            names = {p["name"]: p for p in operation.get("parameters", [])}
            if "page" in names:
                assert names["page_size"]["schema"]["minimum"] == 1, (path, method)
                assert {"400", "404"} <= set(operation["responses"]), (path, method)
