"""/api/v1/notifications/: a member's own notifications, and marking them read."""

import pytest
from django.utils import timezone

from partners.models import Notification
from tests.api.conftest import assert_error
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/notifications/"


@pytest.fixture
def inbox(member, outsider, company):
    other = CompanyFactory(name="Partner Co")
    unread = Notification.objects.create(user=member, kind="match", company=company, other=other)
    read = Notification.objects.create(
        user=member, kind="proposal", company=company, other=other, read_at=timezone.now()
    )
    theirs = Notification.objects.create(
        user=outsider, kind="match", company=outsider.companies.first(), other=company
    )
    return {"unread": unread, "read": read, "theirs": theirs}


def ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def test_a_member_sees_only_their_own_notifications(api_as, member, inbox):
    response = api_as(member).get(URL)

    assert ids(response) == {inbox["unread"].pk, inbox["read"].pk}
    row = next(r for r in response.json()["results"] if r["id"] == inbox["unread"].pk)
    assert row["kind"] == "match"
    assert row["other"] == {"key": inbox["unread"].other.key, "name": "Partner Co"}
    assert row["read_at"] is None
    assert row["url"].startswith("http://testserver/")


@pytest.mark.parametrize(("value", "expected"), [("true", "unread"), ("false", "read")])
def test_unread_filters(api_as, member, inbox, value, expected):
    assert ids(api_as(member).get(URL, {"unread": value})) == {inbox[expected].pk}


def test_a_bad_unread_value_is_refused(api_as, member, inbox):
    body = assert_error(api_as(member).get(URL, {"unread": "maybe"}), 400, "invalid")

    assert list(body["fields"]) == ["unread"]


def test_marking_all_read_touches_only_ones_own(api_as, member, inbox):
    response = api_as(member).post(f"{URL}read/", {}, format="json")

    assert response.json() == {"marked": 1}
    inbox["theirs"].refresh_from_db()
    assert inbox["theirs"].read_at is None
    assert not Notification.objects.filter(user=member, read_at__isnull=True).exists()


def test_marking_given_ids_ignores_others_notifications(api_as, member, inbox):
    ids = [inbox["unread"].pk, inbox["theirs"].pk]

    response = api_as(member).post(f"{URL}read/", {"ids": ids}, format="json")

    assert response.json() == {"marked": 1}
    inbox["theirs"].refresh_from_db()
    assert inbox["theirs"].read_at is None


def test_ids_must_be_numbers(api_as, member, inbox):
    response = api_as(member).post(f"{URL}read/", {"ids": ["x"]}, format="json")

    body = assert_error(response, 400, "invalid")
    assert list(body["fields"]) == ["ids[0]"]


def test_notifications_need_credentials(api, inbox):
    assert_error(api.get(URL), 401, "not_authenticated")
    assert_error(api.post(f"{URL}read/"), 401, "not_authenticated")
