"""/api/v1/webhooks/: a company's webhooks, their signing secret (shown once) and
delivery log, scoped to the member's companies."""

import uuid

import pytest

from partners.models import Webhook, WebhookDelivery
from partners.services.webhooks import webhook_create
from tests.api.conftest import assert_error
from tests.factories import CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/webhooks/"
HOOK_URL = "http://127.0.0.1:9/hook"  # tests allow http:// and local addresses


@pytest.fixture
def hook(member, company):
    return webhook_create(user=member, company=company, url=HOOK_URL, events=["match.created"])[0]


def delivery_of(hook, status=WebhookDelivery.Status.FAILED):
    return WebhookDelivery.objects.create(
        webhook=hook,
        event="match.created",
        event_id=uuid.uuid4(),
        payload={"company": hook.company.key, "match_id": 1},
        status=status,
        attempts=3,
        error="ConnectionRefusedError: [Errno 111] Connection refused",
    )


def test_create_shows_the_secret_once(api_as, member, company):
    client = api_as(member)

    response = client.post(
        URL,
        {"url": HOOK_URL, "events": ["interest.received", "match.created"], "description": "CRM"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    webhook = Webhook.objects.get(pk=body["id"])
    assert body["secret"] == webhook.secret and len(body["secret"]) >= 32
    assert body["company"] == company.key
    assert body["events"] == ["interest.received", "match.created"]
    assert webhook.created_by == member
    for answer in (client.get(URL).json()["results"][0], client.get(f"{URL}{webhook.pk}/").json()):
        assert answer["id"] == webhook.pk
        assert "secret" not in answer
    assert webhook.secret not in client.get(URL).content.decode()


def test_a_private_address_is_refused_with_the_url_field(api_as, member, settings):
    settings.WEBHOOKS_ALLOW_INSECURE = False

    response = api_as(member).post(
        URL, {"url": "https://127.0.0.1/hook", "events": ["match.created"]}, format="json"
    )

    body = assert_error(response, 403, "destination_refused")
    assert body["fields"]["url"] == ["A webhook URL must point to a public HTTPS host."]
    assert "127.0.0.1" not in response.content.decode()
    assert not Webhook.objects.exists()


def test_http_is_refused_outside_tests(api_as, member, settings):
    settings.WEBHOOKS_ALLOW_INSECURE = False

    response = api_as(member).post(
        URL, {"url": "http://hooks.example.com/", "events": ["match.created"]}, format="json"
    )

    assert "https://" in assert_error(response, 400, "invalid")["fields"]["url"][0]


def test_unknown_events_and_missing_fields_are_refused(api_as, member):
    response = api_as(member).post(URL, {"url": HOOK_URL, "events": ["nope"]}, format="json")
    assert "events[0]" in assert_error(response, 400, "invalid")["fields"]

    response = api_as(member).post(URL, {}, format="json")
    assert set(assert_error(response, 400, "invalid")["fields"]) == {"url", "events"}


def test_the_limit_per_company_is_a_400(api_as, member, company, monkeypatch):
    monkeypatch.setattr("partners.services.webhooks.MAX_WEBHOOKS_PER_COMPANY", 1)
    client = api_as(member)
    first = client.post(URL, {"url": HOOK_URL, "events": ["match.created"]}, format="json")
    assert first.status_code == 201

    response = client.post(URL, {"url": HOOK_URL, "events": ["match.created"]}, format="json")

    assert "at most 1" in assert_error(response, 400, "invalid")["message"]


def test_company_parameter_chooses_among_the_members_companies(api_as, member, hook):
    other = CompanyFactory()
    MembershipFactory(company=other, user=member)
    client = api_as(member)

    created = client.post(
        f"{URL}?company={other.key}", {"url": HOOK_URL, "events": ["match.created"]}, format="json"
    )

    assert created.json()["company"] == other.key
    listed = client.get(f"{URL}?company={other.key}").json()
    assert [row["id"] for row in listed["results"]] == [created.json()["id"]]
    assert client.get(f"{URL}?company={hook.company.key}").json()["count"] == 1
    assert_error(client.get(f"{URL}?company={CompanyFactory().key}"), 404, "not_found")


def test_other_companies_webhooks_answer_404(api_as, outsider, hook):
    delivery = delivery_of(hook)
    client = api_as(outsider)
    base = f"{URL}{hook.pk}/"

    assert client.get(URL).json()["count"] == 0
    assert_error(client.get(base), 404, "not_found")
    assert_error(client.patch(base, {"active": False}, format="json"), 404, "not_found")
    assert_error(client.delete(base), 404, "not_found")
    assert_error(client.post(f"{base}rotate-secret/"), 404, "not_found")
    assert_error(client.get(f"{base}deliveries/"), 404, "not_found")
    assert_error(client.post(f"{base}deliveries/{delivery.pk}/resend/"), 404, "not_found")
    hook.refresh_from_db()
    assert hook.active
    assert WebhookDelivery.objects.get(pk=delivery.pk).status == "failed"


def test_anonymous_gets_401(api, hook):
    assert_error(api.get(URL), 401, "not_authenticated")
    assert_error(api.get(f"{URL}{hook.pk}/"), 401, "not_authenticated")


def test_patch_changes_only_the_fields_sent(api_as, member, hook):
    response = api_as(member).patch(f"{URL}{hook.pk}/", {"active": False}, format="json")

    assert response.status_code == 200, response.json()
    hook.refresh_from_db()
    assert (hook.active, hook.url, hook.events) == (False, HOOK_URL, ["match.created"])
    assert response.json()["active"] is False


def test_patch_with_a_refused_url_changes_nothing(api_as, member, hook, settings):
    settings.WEBHOOKS_ALLOW_INSECURE = False

    response = api_as(member).patch(
        f"{URL}{hook.pk}/", {"url": "https://10.0.0.5/x", "active": False}, format="json"
    )

    assert "url" in assert_error(response, 403, "destination_refused")["fields"]
    hook.refresh_from_db()
    assert (hook.url, hook.active) == (HOOK_URL, True)


def test_delete_removes_the_webhook(api_as, member, hook):
    response = api_as(member).delete(f"{URL}{hook.pk}/")

    assert response.status_code == 204
    assert not Webhook.objects.filter(pk=hook.pk).exists()


def test_rotate_secret_returns_the_new_one_once(api_as, member, hook):
    old = hook.secret

    response = api_as(member).post(f"{URL}{hook.pk}/rotate-secret/")

    assert response.status_code == 200
    hook.refresh_from_db()
    assert response.json() == {"secret": hook.secret} and hook.secret != old


def test_deliveries_are_listed_newest_first_and_paginated(api_as, member, hook):
    deliveries = [delivery_of(hook, status=s) for s in ("succeeded", "failed", "retrying")]

    body = api_as(member).get(f"{URL}{hook.pk}/deliveries/?page_size=2").json()

    assert body["count"] == 3 and body["next"]
    assert [row["id"] for row in body["results"]] == [deliveries[2].pk, deliveries[1].pk]
    row = body["results"][1]
    assert row["status"] == "failed" and row["event"] == "match.created"
    assert row["payload"] == {"company": hook.company.key, "match_id": 1}
    assert row["event_id"] == str(deliveries[1].event_id)


def test_resend_a_failed_delivery(
    api_as, member, hook, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(
        "partners.tasks.webhook_deliver_task.delay", lambda *args: sent.append(args)
    )
    delivery = delivery_of(hook)

    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(member).post(f"{URL}{hook.pk}/deliveries/{delivery.pk}/resend/")

    assert response.status_code == 202, response.json()
    assert response.json()["status"] == "pending" and response.json()["attempts"] == 0
    assert sent == [(delivery.pk, 1)]


def test_resend_refuses_a_delivery_that_did_not_fail(api_as, member, hook):
    delivery = delivery_of(hook, status=WebhookDelivery.Status.SUCCEEDED)

    response = api_as(member).post(f"{URL}{hook.pk}/deliveries/{delivery.pk}/resend/")

    assert "failed" in assert_error(response, 400, "invalid")["message"]


def test_resend_of_another_webhooks_delivery_is_404(api_as, member, hook, company):
    other_hook = webhook_create(
        user=member, company=company, url=HOOK_URL, events=["match.created"]
    )[0]
    delivery = delivery_of(other_hook)

    response = api_as(member).post(f"{URL}{hook.pk}/deliveries/{delivery.pk}/resend/")

    assert_error(response, 404, "not_found")


def test_the_schema_documents_every_event_with_its_payload(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    assert schema["openapi"].startswith("3.1")
    assert set(schema["webhooks"]) == set(Webhook.Event.values)
    for event, item in schema["webhooks"].items():
        content = item["post"]["requestBody"]["content"]["application/json"]
        example = next(iter(content["examples"].values()))["value"]
        assert example["event"] == event and example["data"]["company"]
        assert "Kyoso-Signature" in item["post"]["description"]
    create = schema["paths"]["/api/v1/webhooks/"]["post"]
    assert "HMAC-SHA256" in create["description"] and "{timestamp}" not in create["description"]
    created = create["responses"]["201"]["content"]["application/json"]["schema"]["$ref"]
    assert created.endswith("/WebhookWithSecret")


@pytest.mark.parametrize("value", ["yes", "false", 0, 1, None])
def test_active_takes_a_json_boolean_only(api_as, member, hook, value):
    response = api_as(member).patch(f"{URL}{hook.pk}/", {"active": value}, format="json")

    assert "active" in assert_error(response, 400, "invalid")["fields"]
    hook.refresh_from_db()
    assert hook.active is True
