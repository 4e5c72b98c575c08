"""The OpenAPI schema and its documentation page, served without any other host."""

import re
from pathlib import Path

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


# --- The documentation's texts in Japanese ---------------------------------------------------

OPENAPI_JSON = {"HTTP_ACCEPT": "application/vnd.oai.openapi+json"}
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")  # kana or kanji
SUGGESTIONS_EN = "The current list of suggested partners of your company"


def _schema(client, language: str) -> dict:
    response = client.get(f"/api/schema/?lang={language}", **OPENAPI_JSON)
    assert response.status_code == 200
    return response.json()


def _operation(schema: dict, path: str, method: str = "get") -> dict:
    return schema["paths"][path][method]


def test_the_introduction_is_in_the_language_of_the_schema(client):
    introductions = Path(__file__).resolve().parents[2] / "alliance" / "api"

    japanese = _schema(client, "ja")["info"]["description"]
    english = _schema(client, "en")["info"]["description"]

    assert japanese == (introductions / "description.ja.md").read_text(encoding="utf-8")
    assert "## 認証" in japanese and "Authorization: Bearer" in japanese
    assert english == (introductions / "description.md").read_text(encoding="utf-8")
    assert "## Authentication" in english


def test_the_operations_are_described_in_the_language_of_the_schema(client):
    japanese = _operation(_schema(client, "ja"), "/api/v1/suggestions/")
    english = _operation(_schema(client, "en"), "/api/v1/suggestions/")

    assert english["description"].startswith(SUGGESTIONS_EN)
    assert JAPANESE.search(japanese["description"])
    assert SUGGESTIONS_EN not in japanese["description"]
    assert "`same_industry=true`" in japanese["description"]  # code stays code
    # A filter's description is made of two translated pieces.
    region = {p["name"]: p["description"] for p in japanese["parameters"]}["region"]
    assert region.startswith("パートナーの所在地。") and "空欄：すべての地域。" in region
    # The shared error answers, those of the hooks included; the examples stay as they are.
    assert japanese["responses"]["404"]["description"] == "見つかりません"
    assert JAPANESE.search(japanese["responses"]["414"]["description"])
    example = japanese["responses"]["401"]["content"]["application/json"]["examples"]
    assert example["NoValidCredentials"]["summary"] == "有効な認証情報がありません"
    assert example["NoValidCredentials"]["value"]["code"] == "not_authenticated"


def test_a_description_with_values_is_translated_with_them(client):
    from partners.services.webhooks import MAX_WEBHOOKS_PER_COMPANY, USER_AGENT

    japanese = _operation(_schema(client, "ja"), "/api/v1/webhooks/", "post")["description"]
    english = _operation(_schema(client, "en"), "/api/v1/webhooks/", "post")["description"]

    assert f"最大 {MAX_WEBHOOKS_PER_COMPANY} 件" in japanese
    assert f"User-Agent: {USER_AGENT}" in japanese
    assert f"at most {MAX_WEBHOOKS_PER_COMPANY} webhooks per company" in english
    assert f"User-Agent: {USER_AGENT}" in english


def test_one_language_never_leaks_into_the_other(client):
    """The same client, the languages in turn: nothing made for one is served to the
    other (no cache of a schema, an introduction or a translated text)."""
    for language in ("en", "ja", "en", "ja"):
        schema = _schema(client, language)
        description = _operation(schema, "/api/v1/suggestions/")["description"]
        if language == "ja":
            assert SUGGESTIONS_EN not in description
            assert JAPANESE.search(schema["info"]["description"])
        else:
            assert description.startswith(SUGGESTIONS_EN)
            assert not JAPANESE.search(schema["info"]["description"])
    by_header = client.get("/api/schema/", HTTP_ACCEPT_LANGUAGE="ja", **OPENAPI_JSON).json()
    assert SUGGESTIONS_EN not in _operation(by_header, "/api/v1/suggestions/")["description"]


def _descriptions(schema: dict):
    """(where, text) of every description of the paths and the webhooks (operations,
    parameters and answers) and of the components' schemas (the serializers'
    descriptions and their fields' help texts)."""
    for section in ("paths", "webhooks"):
        for path, operations in schema.get(section, {}).items():
            for method, operation in operations.items():
                where = f"{method.upper()} {path}"
                yield where, operation.get("description", "")
                for parameter in operation.get("parameters", []):
                    yield f"{where} ?{parameter['name']}", parameter.get("description", "")
                for status, answer in operation.get("responses", {}).items():
                    yield f"{where} {status}", answer.get("description", "")
    for name, component in schema["components"]["schemas"].items():
        yield f"#/components/schemas/{name}", component.get("description", "")
        for field, property_ in component.get("properties", {}).items():
            yield f"#/components/schemas/{name}.{field}", property_.get("description", "")


# The same in both languages on purpose: the choices of these enums are codes whose labels
# are the codes themselves (``* `strong` - strong``), so there is nothing to translate.
SAME_IN_EVERY_LANGUAGE = {
    "#/components/schemas/BandCodeEnum": "band codes, labelled by themselves",
    "#/components/schemas/ComponentCodeEnum": "component codes, labelled by themselves",
}


def test_no_description_in_the_japanese_schema_is_the_english_one(client):
    english = dict(_descriptions(_schema(client, "en")))
    japanese = dict(_descriptions(_schema(client, "ja")))

    assert english.keys() == japanese.keys()
    assert any(where.startswith("#/components/") and text for where, text in english.items())
    same = sorted(where for where, text in english.items() if text and japanese[where] == text)
    assert same == sorted(SAME_IN_EVERY_LANGUAGE)
    assert all(
        JAPANESE.search(text)
        for where, text in japanese.items()
        if text and where not in SAME_IN_EVERY_LANGUAGE
    )


@pytest.mark.parametrize("language", ["../../settings", "xx", "ja/../en", "JA-jp"])
def test_a_language_the_site_does_not_know_gets_an_introduction_it_does(client, language):
    response = client.get("/api/schema/", {"lang": language}, **OPENAPI_JSON)

    assert response.status_code == 200
    introduction = response.json()["info"]["description"]
    assert introduction.startswith("The Kyoso API") or introduction.startswith("Kyoso API を")
