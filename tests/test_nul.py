"""NUL characters are refused with 400 everywhere, never a server error (PostgreSQL
cannot store them)."""

import pytest


@pytest.mark.django_db
def test_a_nul_in_an_api_query_string_is_refused_in_the_error_format(client, owner):
    client.force_login(owner)
    response = client.get("/api/v1/companies/", {"q": "a\x00b"})
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert "NUL" in response.json()["message"]


@pytest.mark.django_db
def test_a_nul_in_an_api_path_is_refused(client, owner):
    client.force_login(owner)
    response = client.post("/api/v1/suggestions/a%00b/save/")
    assert response.status_code == 400 and response.json()["code"] == "parse_error"


@pytest.mark.django_db
def test_a_nul_anywhere_in_a_json_body_is_refused(client, owner):
    client.force_login(owner)
    bodies = {
        "description": {"description": "a\x00b"},
        "needs[1]": {"needs": ["ok", "b\x00"]},
        "k\x00": {"k\x00": 1},
    }
    for field, body in bodies.items():
        response = client.patch("/api/v1/company/", body, content_type="application/json")
        assert response.status_code == 400, body
        assert response.json()["code"] == "invalid"
        assert list(response.json()["fields"]) == [field]


@pytest.mark.django_db
def test_a_nul_in_a_page_query_string_is_refused(client, owner):
    client.force_login(owner)
    response = client.get("/en/companies/", {"q": "\x00"})
    assert response.status_code == 400
    assert client.get("/en/companies/", {"q": "ok"}).status_code == 200
