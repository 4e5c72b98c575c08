"""The OpenAPI schema and its documentation page, served without any other host."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))


def test_the_schema_documents_every_endpoint_with_errors(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    schema = response.json()
    assert schema["info"]["title"] == "Kyoso API"
    assert "Bearer" in schema["info"]["description"]
    assert set(schema["paths"]) == {
        "/api/v1/company/",
        "/api/v1/team/",
        "/api/v1/companies/",
        "/api/v1/companies/{key}/",
        "/api/v1/notifications/",
        "/api/v1/notifications/read/",
        "/api/v1/suggestions/",
        "/api/v1/suggestions/dismissed/",
        "/api/v1/suggestions/{key}/dismiss/",
        "/api/v1/suggestions/{key}/save/",
        "/api/v1/interests/",
        "/api/v1/interests/{id}/decline/",
        "/api/v1/interests/{id}/withdraw/",
        "/api/v1/matches/",
        "/api/v1/matches/{id}/",
        "/api/v1/matches/{id}/proposals/",
        "/api/v1/proposals/{id}/accept/",
        "/api/v1/proposals/{id}/decline/",
        "/api/v1/proposals/{id}/counter/",
        "/api/v1/proposals/{id}/withdraw/",
        "/api/v1/alliances/",
        "/api/v1/alliances/{id}/",
        "/api/v1/import/",
        "/api/v1/recompute/",
        "/api/v1/webhooks/",
        "/api/v1/webhooks/{id}/",
        "/api/v1/webhooks/{id}/rotate-secret/",
        "/api/v1/webhooks/{id}/deliveries/",
        "/api/v1/webhooks/{id}/deliveries/{delivery_id}/resend/",
    }
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("description"), (path, method)
            assert "401" in operation["responses"], (path, method)
    assert schema["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"
    assert "basicAuth" not in schema["components"]["securitySchemes"]


def test_the_docs_page_uses_only_local_assets():
    response = Client().get("/api/docs/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "swagger-ui" in html
    assert re.findall(r"https?://(?!testserver)[^\s\"'<>]+", html) == []
    assert "/static/drf_spectacular_sidecar/" in html


def _suggestions_summary(response) -> str:
    assert response.status_code == 200
    return response.json()["paths"]["/api/v1/suggestions/"]["get"]["summary"]


def test_the_schema_speaks_the_language_it_is_asked_for(client):
    json = {"HTTP_ACCEPT": "application/vnd.oai.openapi+json"}

    assert (
        _suggestions_summary(client.get("/api/schema/?lang=ja", **json)) == "自社への提案パートナー"
    )
    assert _suggestions_summary(client.get("/api/schema/?lang=en", **json)) == (
        "Your company's suggested partners"
    )
    japanese = client.get("/api/schema/", HTTP_ACCEPT_LANGUAGE="ja", **json)
    assert _suggestions_summary(japanese) == "自社への提案パートナー"


def _schema_url_of_docs(client, **headers) -> str:
    page = client.get("/api/docs/", **headers)
    assert page.status_code == 200
    script_url = re.search(r'<script src="([^"]*script[^"]*)"', page.content.decode()).group(1)
    script = client.get(script_url.replace("&amp;", "&"), **headers).content.decode()
    return re.search(r'url: "([^"]*)"', script).group(1).encode().decode("unicode_escape")


def test_the_docs_ask_for_the_schema_in_the_language_chosen_on_the_site(client):
    client.cookies["django_language"] = "ja"

    assert _schema_url_of_docs(client, HTTP_ACCEPT_LANGUAGE="en") == "/api/schema/?lang=ja"


def test_the_docs_ask_for_the_schema_in_a_signed_in_members_language(client, member):
    member.language = "ja"
    member.save(update_fields=["language"])
    client.force_login(member)

    assert _schema_url_of_docs(client, HTTP_ACCEPT_LANGUAGE="en") == "/api/schema/?lang=ja"


def test_the_docs_follow_the_browser_for_a_visitor(client):
    assert _schema_url_of_docs(client, HTTP_ACCEPT_LANGUAGE="ja") == "/api/schema/?lang=ja"
    assert _schema_url_of_docs(client, HTTP_ACCEPT_LANGUAGE="en") == "/api/schema/?lang=en"
