"""Every API error has one body: {"code", "message", "fields"?}; lists are paged."""

import pytest
from django.test import Client, override_settings
from rest_framework.exceptions import Throttled
from rest_framework.settings import api_settings

from alliance.api.exceptions import api_exception_handler, field_errors
from partners.models import Notification
from tests.api.conftest import assert_error
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def _rates(**rates):
    return override_settings(
        REST_FRAMEWORK={
            **_current(),
            "DEFAULT_THROTTLE_RATES": {**_current()["DEFAULT_THROTTLE_RATES"], **rates},
        }
    )


def _current():
    from django.conf import settings

    return settings.REST_FRAMEWORK


def test_refused_input_names_each_field(api_as, member, company):
    response = api_as(member).patch(
        "/api/v1/company/", {"name": "", "capabilities": []}, format="json"
    )

    body = assert_error(response, 400, "invalid")
    assert body["fields"]["name"] == ["must not be empty"]
    assert body["fields"]["capabilities"] == ["must list at least 1 item(s)"]


def test_malformed_json_is_a_parse_error(api_as, member, company):
    response = api_as(member).generic(
        "PATCH", "/api/v1/company/", "{not json", content_type="application/json"
    )

    body = assert_error(response, 400, "parse_error")
    assert "fields" not in body


def test_staff_endpoints_answer_403_to_members(api_as, member):
    body = assert_error(api_as(member).post("/api/v1/recompute/"), 403, "permission_denied")

    assert "fields" not in body


def test_a_missing_object_is_404(api_as, member):
    assert_error(api_as(member).get("/api/v1/companies/no-such-company/"), 404, "not_found")


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize(
    "address", ["/api/v1/nothing-here/", "/api/v1/nothing-here", "/api/v2/", "/api/elsewhere/x"]
)
def test_an_unknown_api_address_is_404_in_the_same_format(api_as, member, address, debug):
    with override_settings(DEBUG=debug):
        response = api_as(member).get(address)

    assert_error(response, 404, "not_found")
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("debug", [False, True])
def test_an_unknown_api_address_is_json_without_credentials_and_for_any_method(api, debug):
    with override_settings(DEBUG=debug):
        for method in ("get", "post", "delete"):
            response = getattr(api, method)("/api/v1/no/such/thing/")
            assert_error(response, 404, "not_found")


def test_an_unknown_api_address_is_404_not_a_csrf_refusal_for_a_session(member):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)

    assert_error(browser.delete("/api/v1/webhooks/null%2Cnull/"), 404, "not_found")


def test_an_endpoint_without_its_final_slash_is_still_redirected_to_it(api_as, member):
    response = api_as(member).get("/api/v1/suggestions?page=2")

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/suggestions/?page=2"


def test_pages_outside_the_api_keep_their_html_404(client):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_wrong_method_is_405(api_as, member):
    response = api_as(member).delete("/api/v1/company/")

    body = assert_error(response, 405, "method_not_allowed")
    assert "DELETE" in body["message"]


def test_too_many_requests_get_429_with_retry_after(api_as, member, company):
    client = api_as(member)
    with _rates(user="3/minute"):
        answers = [client.get("/api/v1/company/") for _ in range(4)]

    assert [a.status_code for a in answers[:3]] == [200, 200, 200]
    assert_error(answers[3], 429, "throttled")
    assert 0 < int(answers[3]["Retry-After"]) <= 60


def test_scoped_limits_count_apart_from_the_user_limit(api_as, staff, monkeypatch):
    from matching import tasks

    monkeypatch.setattr(tasks.match_run_start_task, "delay", _FakeTask)
    client = api_as(staff)
    with _rates(recompute="1/hour"):
        first = client.post("/api/v1/recompute/")
        second = client.post("/api/v1/recompute/")
        other = client.get("/api/v1/notifications/")

    assert first.status_code == 202
    assert_error(second, 429, "throttled")
    assert int(second["Retry-After"]) > 60
    assert other.status_code == 200


def test_messages_follow_accept_language(api):
    response = api.get("/api/v1/company/", HTTP_ACCEPT_LANGUAGE="ja")

    body = assert_error(response, 401, "not_authenticated")
    assert body["message"] != "Authentication credentials were not provided."


def test_an_unexpected_failure_is_a_500_in_the_same_format(caplog):
    response = api_exception_handler(RuntimeError("boom"), {})

    assert response.status_code == 500
    assert response.data["code"] == "server_error"
    assert "boom" not in response.data["message"]
    assert "API request failed" in caplog.text


def test_retry_after_comes_with_throttling():
    response = api_exception_handler(Throttled(wait=12.2), {})

    assert response["Retry-After"] == "13"  # rounded up: never too early
    assert response.data["code"] == "throttled"


def test_nested_errors_are_flattened_to_paths():
    detail = {"value_chain": {"strengths": ["x"]}, "goals": {2: ["y"]}, "items": [{}, {"a": ["z"]}]}

    assert field_errors(detail) == {
        "value_chain.strengths": ["x"],
        "goals[2]": ["y"],
        "items[1].a": ["z"],
    }
    assert field_errors(["general"]) == {api_settings.NON_FIELD_ERRORS_KEY: ["general"]}


class _FakeTask:
    id = "fake-task"

    def __init__(self, *args, **kwargs):
        pass


# --- Pagination -------------------------------------------------------------------------


@pytest.fixture
def many_notifications(member, company):
    other = CompanyFactory()
    Notification.objects.bulk_create(
        Notification(user=member, kind="match", company=company, other=other) for _ in range(130)
    )


def test_lists_are_paged_with_count_next_and_previous(api_as, member, many_notifications):
    body = api_as(member).get("/api/v1/notifications/").json()

    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 130
    assert len(body["results"]) == 20
    assert body["previous"] is None
    assert body["next"].endswith("/api/v1/notifications/?page=2")


def test_page_size_is_chosen_up_to_100(api_as, member, many_notifications):
    client = api_as(member)

    second = client.get("/api/v1/notifications/?page=2&page_size=50").json()
    huge = client.get("/api/v1/notifications/?page_size=1000").json()

    assert len(second["results"]) == 50
    assert "page=1" in second["previous"] or second["previous"].endswith("page_size=50")
    assert len(huge["results"]) == 100


def test_a_page_past_the_end_is_404(api_as, member, many_notifications):
    assert_error(api_as(member).get("/api/v1/notifications/?page=99"), 404, "not_found")


@pytest.mark.parametrize("rate", ["1000/hour", "5/minute", "1/s", "20/day"])
def test_rates_from_the_environment_are_checked(rate):
    from alliance.settings.base import throttle_rate

    assert throttle_rate(rate) == rate


@pytest.mark.parametrize("rate", ["1000", "1000/week", "lots/hour", " 5/minute"])
def test_a_misspelt_rate_fails_loudly(rate):
    from alliance.settings.base import throttle_rate

    with pytest.raises(ValueError, match="rate such as"):
        throttle_rate(rate)
