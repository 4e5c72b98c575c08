"""Company webhooks: which URLs are allowed, signed deliveries to a real local receiver,
retries with backoff, events of co-creation, and the members' pages."""

from __future__ import annotations

import json
import socket
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from partners.models import Match, Webhook, WebhookDelivery
from partners.services import cocreation
from partners.services.webhooks import (
    WEBHOOK_EVENTS,
    webhook_create,
    webhook_delete,
    webhook_deliver,
    webhook_redeliver,
    webhook_retry_delay,
    webhook_secret_rotate,
    webhook_signature,
    webhook_signature_verify,
    webhook_update,
    webhook_url_check,
    webhooks_emit,
    webhooks_emit_suggestions_refreshed,
)
from partners.tasks import webhook_deliver_task
from tests.factories import NEXT_YEAR, CompanyFactory, MembershipFactory
from tests.worker import wait_until

pytestmark = pytest.mark.django_db

ALL_EVENTS = list(Webhook.Event.values)
PUBLIC_IP = "93.184.216.34"


# --- A real receiver, on 127.0.0.1 ----------------------------------------------------------


class Receiver:
    """An HTTP server in a thread that records every request and answers ``statuses``
    in turn (the last one again once they run out)."""

    def __init__(self, statuses=(200,)):
        self.statuses = list(statuses)
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": body,
                        "at": time.monotonic(),
                    }
                )
                status = receiver.statuses[min(len(receiver.requests), len(receiver.statuses)) - 1]
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"receiver broke " * 300)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/kyoso?x=1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    started = []

    def start(*statuses):
        started.append(Receiver(statuses or (200,)))
        return started[-1]

    yield start
    for one in started:
        one.close()


@pytest.fixture
def secure(settings):
    """Production rules: https only, public addresses only."""
    settings.WEBHOOKS_ALLOW_INSECURE = False
    return settings


def resolving(monkeypatch, answers: dict[str, str]):
    """Make ``socket.getaddrinfo`` answer ``answers`` (host → IPv4) and anything else as usual."""
    real = socket.getaddrinfo

    def fake(host, port, *args, **kwargs):
        if host in answers:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers[host], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)


def hook_for(user, url, events=None, **kwargs):
    company = user.companies.get()
    return webhook_create(
        user=user, company=company, url=url, events=events or ALL_EVENTS, **kwargs
    )


# --- Which URLs are allowed ----------------------------------------------------------------


def test_it_requires_https_outside_debug_and_tests(secure):
    with pytest.raises(ValidationError, match="must start with https://"):
        webhook_url_check(f"http://{PUBLIC_IP}/hook")


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://127.8.9.10/hook",
        "https://[::1]/hook",
        "https://10.1.2.3/hook",
        "https://172.16.0.1/hook",
        "https://192.168.1.20:8443/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[fc00::1]/hook",
        "https://[fe80::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://[64:ff9b::7f00:1]/hook",
        "https://0.0.0.0/hook",
        "https://100.64.0.1/hook",
        "https://224.0.0.1/hook",
        "https://localhost/hook",
    ],
)
def test_it_refuses_loopback_private_link_local_and_reserved_addresses(secure, url):
    with pytest.raises(ValidationError, match="must point to a public HTTPS host") as refused:
        webhook_url_check(url)
    assert refused.value.messages == [UNRESOLVABLE_MESSAGE]


UNRESOLVABLE_MESSAGE = "A webhook URL must point to a public HTTPS host."


def test_it_refuses_a_host_that_does_not_resolve_as_it_refuses_a_private_one(secure):
    # Not a DNS oracle: the same words, no address, whether the name resolves or not.
    with pytest.raises(ValidationError) as refused:
        webhook_url_check("https://no-such-host.invalid/hook")
    assert refused.value.messages == [UNRESOLVABLE_MESSAGE]
    assert "no-such-host" not in str(refused.value)


def test_it_refuses_credentials_in_the_url(secure):
    with pytest.raises(ValidationError, match="user name or password"):
        webhook_url_check(f"https://user:pw@{PUBLIC_IP}/hook")


def test_it_accepts_https_to_a_public_address(secure):
    checked = webhook_url_check(f"https://{PUBLIC_IP}:8443/kyoso/hook?team=7")

    assert (checked.scheme, checked.host, checked.port) == ("https", PUBLIC_IP, 8443)
    assert (checked.path, checked.address) == ("/kyoso/hook?team=7", PUBLIC_IP)


def test_a_host_name_is_judged_by_every_address_it_resolves_to(secure, monkeypatch):
    resolving(monkeypatch, {"hooks.example.com": PUBLIC_IP})
    assert webhook_url_check("https://hooks.example.com/").address == PUBLIC_IP

    resolving(monkeypatch, {"hooks.example.com": "10.0.0.5"})
    with pytest.raises(ValidationError, match="must point to a public HTTPS host"):
        webhook_url_check("https://hooks.example.com/")


def test_tests_and_debug_may_use_local_http_receivers(settings):
    settings.WEBHOOKS_ALLOW_INSECURE = True
    assert webhook_url_check("http://127.0.0.1:9000/hook").address == "127.0.0.1"


# --- Registering ---------------------------------------------------------------------------


def test_a_member_registers_a_webhook_and_gets_its_secret(owner, company):
    webhook, secret = webhook_create(
        user=owner,
        company=company,
        url="http://127.0.0.1:9000/hook",
        events=["interest.received", "match.created", "interest.received"],
        description=" CRM ",
    )

    assert len(secret) >= 40 and webhook.secret == secret
    assert webhook.events == ["interest.received", "match.created"]
    assert (webhook.company, webhook.created_by, webhook.description) == (company, owner, "CRM")
    assert webhook.active


def test_only_members_register_webhooks(outsider, company):
    with pytest.raises(ValidationError, match="Only members"):
        webhook_create(user=outsider, company=company, url="http://127.0.0.1/", events=ALL_EVENTS)
    assert not Webhook.objects.exists()


def test_it_refuses_unknown_or_no_events_and_unsafe_urls_naming_the_field(owner, company, secure):
    with pytest.raises(ValidationError) as refused:
        webhook_create(
            user=owner, company=company, url="https://10.0.0.1/", events=["invoice.paid"]
        )

    assert set(refused.value.message_dict) == {"url", "events"}
    with pytest.raises(ValidationError) as refused:
        webhook_create(user=owner, company=company, url=f"https://{PUBLIC_IP}/", events=[])
    assert refused.value.message_dict == {"events": ["Choose at least one event."]}


def test_a_company_has_at_most_ten_webhooks(owner, company):
    for n in range(10):
        webhook_create(user=owner, company=company, url=f"http://127.0.0.1/{n}", events=ALL_EVENTS)

    with pytest.raises(ValidationError, match="at most 10 webhooks"):
        webhook_create(user=owner, company=company, url="http://127.0.0.1/11", events=ALL_EVENTS)


def test_members_update_rotate_and_delete_but_outsiders_cannot(owner, member, outsider):
    webhook, secret = hook_for(owner, "http://127.0.0.1/a")

    webhook_update(user=member, webhook=webhook, url="http://127.0.0.1/b", events=["match.created"])
    assert Webhook.objects.get().url == "http://127.0.0.1/b"
    new_secret = webhook_secret_rotate(user=member, webhook=webhook)
    assert new_secret != secret and Webhook.objects.get().secret == new_secret
    for change in (
        lambda: webhook_update(user=outsider, webhook=webhook, url="http://x.test/", events=["x"]),
        lambda: webhook_secret_rotate(user=outsider, webhook=webhook),
        lambda: webhook_delete(user=outsider, webhook=webhook),
    ):
        with pytest.raises(ValidationError, match="Only members"):
            change()
    webhook_delete(user=owner, webhook=webhook)
    assert not Webhook.objects.exists()


def test_every_event_is_documented_with_an_example():
    assert set(WEBHOOK_EVENTS) == set(Webhook.Event.values)
    for documented in WEBHOOK_EVENTS.values():
        assert documented["description"] and documented["example"]["company"]


# --- Delivering -----------------------------------------------------------------------------


def test_a_delivery_is_signed_and_has_the_documented_body_and_headers(
    owner, company, receiver, django_capture_on_commit_callbacks
):
    local = receiver(200)
    webhook, secret = hook_for(owner, local.url)

    with django_capture_on_commit_callbacks(execute=True):
        [delivery] = webhooks_emit(
            company=company, event="interest.received", payload={"company": company.key}
        )

    [request] = local.requests
    headers, body = request["headers"], request["body"]
    assert request["path"] == "/hooks/kyoso?x=1"
    assert headers["Content-Type"] == "application/json"
    assert headers["User-Agent"] == "Kyoso-Webhooks/1"
    assert headers["Kyoso-Event"] == "interest.received"
    assert headers["Kyoso-Delivery"] == str(delivery.event_id)
    assert abs(int(headers["Kyoso-Timestamp"]) - time.time()) < 60
    assert webhook_signature_verify(
        secret, headers["Kyoso-Timestamp"], body, headers["Kyoso-Signature"]
    )
    assert not webhook_signature_verify(
        "another secret", headers["Kyoso-Timestamp"], body, headers["Kyoso-Signature"]
    )
    assert not webhook_signature_verify(
        secret, headers["Kyoso-Timestamp"], body + b" ", headers["Kyoso-Signature"]
    )
    document = json.loads(body)
    assert document == {
        "id": str(delivery.event_id),
        "event": "interest.received",
        "created": document["created"],
        "data": {"company": company.key},
    }
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("succeeded", 1, 200)
    assert delivery.delivered_at is not None and delivery.response_body == "ok"


def test_an_old_timestamp_does_not_verify():
    old = int(time.time()) - 301
    header = webhook_signature("s3cret", old, b"{}")
    assert not webhook_signature_verify("s3cret", old, b"{}", header)
    assert webhook_signature_verify("s3cret", old, b"{}", header, tolerance=0)


def test_a_failing_receiver_is_retried_with_growing_delays_then_marked_failed(
    owner, company, receiver, settings
):
    settings.WEBHOOKS_MAX_ATTEMPTS = 6
    settings.WEBHOOKS_RETRY_BASE = 30
    settings.WEBHOOKS_RETRY_MAX_DELAY = 200
    local = receiver(500)
    hook_for(owner, local.url)
    [delivery] = webhooks_emit(company=company, event="match.created", payload={})

    waits = []
    for attempt in range(1, 6):
        before = timezone.now()
        delivery = webhook_deliver(delivery_id=delivery.pk, attempt=attempt)
        assert (delivery.status, delivery.attempts) == ("retrying", attempt)
        assert delivery.response_status == 500 and delivery.error
        assert len(delivery.response_body) == 2000
        waits.append(round((delivery.next_attempt_at - before).total_seconds()))
    delivery = webhook_deliver(delivery_id=delivery.pk, attempt=6)

    assert waits == [30, 60, 120, 200, 200]
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 6, None)
    assert len(local.requests) == 6
    assert webhook_deliver(delivery_id=delivery.pk, attempt=7) is None
    assert len(local.requests) == 6


def test_the_backoff_doubles_from_the_base_up_to_the_cap(settings):
    settings.WEBHOOKS_RETRY_BASE = 30
    settings.WEBHOOKS_RETRY_MAX_DELAY = 3600

    assert [webhook_retry_delay(n) for n in range(1, 10)] == [
        30, 60, 120, 240, 480, 960, 1920, 3600, 3600,
    ]  # fmt: skip


def test_the_task_retries_until_the_receiver_answers(owner, company, receiver, settings):
    settings.WEBHOOKS_MAX_ATTEMPTS = 3
    local = receiver(503, 500, 204)
    hook_for(owner, local.url)
    [delivery] = webhooks_emit(company=company, event="match.created", payload={})

    webhook_deliver_task.delay(delivery.pk, 1)  # eager: each retry runs at once

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("succeeded", 3, 204)
    assert len(local.requests) == 3
    # All three attempts are the same event, each signed with its own timestamp.
    assert len({r["headers"]["Kyoso-Delivery"] for r in local.requests}) == 1


def test_the_task_gives_up_after_the_last_attempt(owner, company, receiver, settings):
    settings.WEBHOOKS_MAX_ATTEMPTS = 3
    local = receiver(500)
    hook_for(owner, local.url)
    [delivery] = webhooks_emit(company=company, event="match.created", payload={})

    assert webhook_deliver_task.delay(delivery.pk, 1).get() == "retrying"

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 3)
    assert len(local.requests) == 3


def test_a_task_run_twice_sends_nothing_twice(owner, company, receiver):
    local = receiver(200)
    hook_for(owner, local.url)
    [delivery] = webhooks_emit(company=company, event="match.created", payload={})

    assert webhook_deliver_task.delay(delivery.pk, 1).get() == "succeeded"
    assert webhook_deliver_task.delay(delivery.pk, 1).get() is None
    assert webhook_deliver_task.delay(delivery.pk, 2).get() is None
    assert len(local.requests) == 1


def test_an_unreachable_receiver_is_recorded_and_retried(owner, company, receiver):
    local = receiver(200)
    url = local.url
    local.close()
    hook_for(owner, url)
    [delivery] = webhooks_emit(company=company, event="match.created", payload={})

    delivery = webhook_deliver(delivery_id=delivery.pk, attempt=1)

    assert delivery.status == "retrying" and delivery.response_status is None
    assert "ConnectionRefusedError" in delivery.error


def test_redirects_are_not_followed(owner, company, receiver):
    local = receiver(302)
    hook_for(owner, local.url)
    [delivery] = webhooks_emit(company=company, event="match.created", payload={})

    delivery = webhook_deliver(delivery_id=delivery.pk, attempt=1)

    assert (delivery.status, delivery.response_status) == ("retrying", 302)
    assert len(local.requests) == 1


def test_a_host_that_now_resolves_to_loopback_is_refused_at_delivery(
    owner, company, secure, monkeypatch
):
    resolving(monkeypatch, {"hooks.example.com": PUBLIC_IP})
    hook_for(owner, "https://hooks.example.com/kyoso")
    [delivery] = webhooks_emit(company=company, event="match.created", payload={})
    resolving(monkeypatch, {"hooks.example.com": "127.0.0.1"})

    def no_connection(*args, **kwargs):
        raise AssertionError("a refused address must not be connected to")

    monkeypatch.setattr(socket, "create_connection", no_connection)
    delivery = webhook_deliver(delivery_id=delivery.pk, attempt=1)

    assert delivery.status == "retrying"
    assert delivery.error == "A webhook URL must point to a public HTTPS host."


def test_the_delivery_connects_to_the_address_that_was_checked(
    owner, company, receiver, monkeypatch
):
    local = receiver(200)
    port = local.server.server_address[1]
    resolving(monkeypatch, {"receiver.test": "127.0.0.1"})
    hook_for(owner, f"http://receiver.test:{port}/hook")
    [delivery] = webhooks_emit(company=company, event="match.created", payload={})

    delivery = webhook_deliver(delivery_id=delivery.pk, attempt=1)

    assert delivery.status == "succeeded"
    assert local.requests[0]["headers"]["Host"] == f"receiver.test:{port}"


def test_a_paused_webhook_gets_no_new_deliveries_and_pending_ones_fail(owner, company):
    webhook, _secret = hook_for(owner, "http://127.0.0.1:9/hook")
    [pending] = webhooks_emit(company=company, event="match.created", payload={})
    webhook_update(user=owner, webhook=webhook, url=webhook.url, events=ALL_EVENTS, active=False)

    assert webhooks_emit(company=company, event="match.created", payload={}) == []
    delivery = webhook_deliver(delivery_id=pending.pk, attempt=1)
    assert (delivery.status, delivery.error) == ("failed", "The webhook is paused.")


def test_a_failed_delivery_can_be_sent_again(owner, outsider, company, receiver, settings):
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    local = receiver(500, 200)
    hook_for(owner, local.url)
    [delivery] = webhooks_emit(company=company, event="match.created", payload={})
    webhook_deliver_task.delay(delivery.pk, 1)
    delivery.refresh_from_db()
    assert delivery.status == "failed"

    with pytest.raises(ValidationError, match="Only members"):
        webhook_redeliver(user=outsider, delivery=delivery)
    delivery = webhook_redeliver(user=owner, delivery=delivery)
    assert (delivery.status, delivery.attempts, delivery.error) == ("pending", 0, "")
    webhook_deliver_task.delay(delivery.pk, 1)

    delivery.refresh_from_db()
    assert delivery.status == "succeeded" and len(local.requests) == 2
    with pytest.raises(ValidationError, match="Only a failed delivery"):
        webhook_redeliver(user=owner, delivery=delivery)


@pytest.mark.worker
def test_a_real_worker_retries_a_failing_receiver_with_backoff_then_gives_up(
    live_worker, owner, company, receiver, settings
):
    # The worker runs the test settings: 3 attempts, waits of 1 s then 2 s.
    local = receiver(500)
    hook_for(owner, local.url)

    [delivery] = webhooks_emit(company=company, event="match.created", payload={})

    def finished():
        delivery.refresh_from_db()
        return delivery.status == "failed"

    wait_until(finished, 60, live_worker, "a failed delivery")
    assert delivery.attempts == settings.WEBHOOKS_MAX_ATTEMPTS == 3
    first, second, third = (request["at"] for request in local.requests)
    assert second - first >= 0.9 and third - second >= 1.9


# --- Events ---------------------------------------------------------------------------------

TERMS = {
    "shared_goal": "Bring fermented foods to European tables",
    "starts_on": date(NEXT_YEAR, 4, 1),
    "duration_months": 12,
}


@pytest.fixture
def maker():
    return MembershipFactory(company=CompanyFactory(key="maker", name="Maker")).user


@pytest.fixture
def trader():
    company = CompanyFactory(key="trader", name="Trader", industry="G", industry_division="46")
    return MembershipFactory(company=company).user


def sent(event):
    return {
        (d.webhook.company.key, d.webhook.description): d.payload
        for d in WebhookDelivery.objects.filter(event=event).select_related("webhook__company")
    }


def test_co_creation_events_reach_only_active_subscribed_webhooks_of_the_right_company(
    maker, trader
):
    hook_for(trader, "http://127.0.0.1/t1", ["interest.received"], description="t-interest")
    hook_for(trader, "http://127.0.0.1/t2", ALL_EVENTS, description="t-all")
    paused, _secret = hook_for(trader, "http://127.0.0.1/t3", ALL_EVENTS, description="t-paused")
    Webhook.objects.filter(pk=paused.pk).update(active=False)
    hook_for(maker, "http://127.0.0.1/m1", ["match.created"], description="m-match")
    other = MembershipFactory().user
    hook_for(other, "http://127.0.0.1/o1", ALL_EVENTS, description="other")
    m, t = maker.companies.get(), trader.companies.get()

    interest = cocreation.interest_send(user=maker, sender=m, recipient=t)
    expected = {
        "company": "trader",
        "partner": "maker",
        "partner_name": "Maker",
        "interest_id": interest.pk,
        "partner_url": "http://127.0.0.1:8000/api/v1/companies/maker/",
    }
    assert sent("interest.received") == {
        ("trader", "t-interest"): expected,
        ("trader", "t-all"): expected,
    }

    cocreation.interest_send(user=trader, sender=t, recipient=m)
    match = Match.objects.get()
    assert set(sent("match.created")) == {("trader", "t-all"), ("maker", "m-match")}
    assert sent("match.created")[("maker", "m-match")]["partner"] == "trader"
    assert sent("interest.received").keys() == {("trader", "t-interest"), ("trader", "t-all")}

    proposal = cocreation.proposal_create(user=maker, match=match, company=m, data=TERMS)
    assert sent("alliance.proposed") == {
        ("trader", "t-all"): {
            "company": "trader",
            "partner": "maker",
            "partner_name": "Maker",
            "match_id": match.pk,
            "proposal_id": proposal.pk,
            "version": 1,
            "match_url": f"http://127.0.0.1:8000/api/v1/matches/{match.pk}/",
        }
    }
    counter = cocreation.proposal_counter(user=trader, proposal=proposal, data=TERMS)
    assert WebhookDelivery.objects.filter(event="alliance.proposed").count() == 1  # maker: no sub
    alliance = cocreation.proposal_accept(user=maker, proposal=counter)
    [accepted] = sent("alliance.accepted").values()
    assert (accepted["alliance_id"], accepted["proposal_id"]) == (alliance.pk, counter.pk)
    assert not WebhookDelivery.objects.filter(webhook__description__in=["t-paused", "other"])


def test_refreshed_suggestions_cost_one_query_when_nobody_subscribed(
    company, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert webhooks_emit_suggestions_refreshed(company_ids=range(100_000), run_id=7) == 0


def test_refreshed_suggestions_go_to_the_subscribed_companies_in_the_run(owner, company):
    hook_for(owner, "http://127.0.0.1/s", ["suggestions.refreshed"])
    elsewhere = MembershipFactory().user
    hook_for(elsewhere, "http://127.0.0.1/e", ["suggestions.refreshed"])
    hook_for(MembershipFactory().user, "http://127.0.0.1/n", ["match.created"])

    assert webhooks_emit_suggestions_refreshed(company_ids=[company.pk, 999_999], run_id=7) == 1
    [delivery] = WebhookDelivery.objects.all()
    assert delivery.payload == {
        "company": company.key,
        "run_id": 7,
        "suggestions_url": "http://127.0.0.1:8000/api/v1/suggestions/",
    }


# --- Pages ----------------------------------------------------------------------------------


def test_visitors_must_sign_in(client):
    response = client.get("/en/company/webhooks/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_member_adds_a_webhook_and_sees_the_secret_once(client, member, company):
    client.force_login(member)
    assert "No webhooks yet." in client.get("/en/company/webhooks/").content.decode()

    response = client.post(
        "/en/company/webhooks/",
        {"url": "http://127.0.0.1:9000/hook", "events": ["match.created"], "description": "CRM"},
    )

    webhook = Webhook.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{webhook.pk}/")
    page = client.get(response["Location"]).content.decode()
    assert webhook.secret in page and "shown only this once" in page
    assert webhook.secret not in client.get(response["Location"]).content.decode()
    listing = client.get("/en/company/webhooks/").content.decode()
    assert "http://127.0.0.1:9000/hook" in listing and webhook.secret not in listing


def test_the_form_says_why_a_url_is_refused(client, member, secure):
    client.force_login(member)

    response = client.post(
        "/en/company/webhooks/", {"url": "https://192.168.0.10/hook", "events": ["match.created"]}
    )

    assert response.status_code == 200 and not Webhook.objects.exists()
    assert "must point to a public HTTPS host" in response.content.decode()


def test_outsiders_neither_see_nor_change_a_company_webhook(client, owner, outsider):
    webhook, secret = hook_for(owner, "http://127.0.0.1/private-hook")
    client.force_login(outsider)
    base = f"/en/company/webhooks/{webhook.pk}/"

    assert "private-hook" not in client.get("/en/company/webhooks/").content.decode()
    assert client.get(base).status_code == 404
    for action in ("delete/", "secret/"):
        assert client.post(base + action).status_code == 404
    assert client.post(base, {"url": "http://127.0.0.1/x", "events": ALL_EVENTS}).status_code == 404
    webhook.refresh_from_db()
    assert (webhook.url, webhook.secret) == ("http://127.0.0.1/private-hook", secret)


def test_changes_need_post_and_the_csrf_token(owner):
    webhook, _secret = hook_for(owner, "http://127.0.0.1/hook")
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    base = f"/en/company/webhooks/{webhook.pk}/"

    assert client.get(base + "delete/").status_code == 405
    assert client.post(base + "delete/").status_code == 403
    assert client.post(base + "secret/").status_code == 403
    assert Webhook.objects.filter(pk=webhook.pk, secret=webhook.secret).exists()


def test_a_member_rotates_the_secret_edits_and_deletes(client, owner):
    webhook, secret = hook_for(owner, "http://127.0.0.1/hook")
    client.force_login(owner)
    base = f"/en/company/webhooks/{webhook.pk}/"

    client.post(base + "secret/")
    webhook.refresh_from_db()
    assert webhook.secret != secret and webhook.secret in client.get(base).content.decode()
    client.post(base, {"url": "http://127.0.0.1/new", "events": ["match.created"]})
    webhook.refresh_from_db()
    assert (webhook.url, webhook.events, webhook.active) == (
        "http://127.0.0.1/new",
        ["match.created"],
        False,
    )
    assert client.post(base + "delete/").status_code == 302
    assert not Webhook.objects.exists()


def test_the_delivery_log_is_paginated_newest_first(client, owner, company):
    webhook, _secret = hook_for(owner, "http://127.0.0.1/hook")
    for n in range(30):
        webhooks_emit(company=company, event="match.created", payload={"n": n})
    WebhookDelivery.objects.filter(payload__n=29).update(
        status="failed", attempts=6, error="The receiver answered 500."
    )
    client.force_login(owner)
    base = f"/en/company/webhooks/{webhook.pk}/"

    first = client.get(base)
    second = client.get(base + "?page=2")

    assert len(first.context["page"]) == 25 and len(second.context["page"]) == 5
    newest = first.context["page"][0]
    assert newest.payload == {"n": 29}
    assert "The receiver answered 500." in first.content.decode()
    assert "Page 1 of 2" in first.content.decode()
    assert client.post(f"{base}deliveries/{newest.pk}/resend/").status_code == 302
    newest.refresh_from_db()
    assert (newest.status, newest.attempts) == ("pending", 0)


def test_the_company_page_leads_members_to_webhooks_through_the_company_settings(
    client, owner, company
):
    client.force_login(owner)
    company_page = client.get(f"/en/companies/{company.key}/").content.decode()
    assert 'href="/en/company/settings/"' in company_page
    assert 'href="/en/company/webhooks/"' in client.get("/en/company/settings/").content.decode()


def test_attempts_whose_task_was_lost_are_handed_out_again_once(owner, company, receiver):
    from datetime import timedelta

    from partners.services.webhooks import OVERDUE_AFTER, webhook_deliveries_overdue

    local = receiver(500, 200)
    hook_for(owner, local.url)
    [lost, fresh] = [
        webhooks_emit(company=company, event="match.created", payload={"n": n})[0] for n in (1, 2)
    ]
    delivery = webhook_deliver(delivery_id=lost.pk, attempt=1)  # its retry message is lost
    assert delivery.status == "retrying"
    later = delivery.next_attempt_at + OVERDUE_AFTER + timedelta(seconds=1)
    # Created (its first attempt enqueued) just within the window: not overdue yet.
    WebhookDelivery.objects.filter(pk=fresh.pk).update(
        created_at=later - OVERDUE_AFTER + timedelta(minutes=1)
    )

    assert webhook_deliveries_overdue(now=delivery.next_attempt_at) == []
    assert webhook_deliveries_overdue(now=later) == [(lost.pk, 2)]

    webhook_deliver_task.apply(args=(lost.pk, 2))  # the sweep's message
    webhook_deliver_task.apply(args=(lost.pk, 2))  # and the lost one, turning up after all
    assert WebhookDelivery.objects.get(pk=lost.pk).status == "succeeded"
    assert len(local.requests) == 2
    assert webhook_deliveries_overdue(now=later) == []
