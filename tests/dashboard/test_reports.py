"""The staff queue of reported profiles: who may open it, hiding with a reason, dismissing,
the order and pagination of the queue, its empty state."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from partners.models import Company, Notification, Report
from partners.selectors import reports_open, reports_open_count
from partners.services.reports import report_create
from tests.factories import CompanyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/en/dashboard/reports/"
REASON = "The profile advertises products instead of describing the company."


@pytest.fixture(autouse=True)
def _default_language(settings):
    """A request to a /ja/ page leaves Japanese active in the thread: every test ends in the
    default language, so that the tests after these do not run in Japanese."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def staff_user():
    return UserFactory(is_staff=True)


@pytest.fixture
def target():
    company = CompanyFactory(key="target", name="Target Works")
    MembershipFactory(company=company)
    return company


def reporter_of(company_name="Reporter Co"):
    return MembershipFactory(company=CompanyFactory(name=company_name)).user


def report(company, reason="spam", details="", user=None):
    user = user or reporter_of()
    return report_create(user=user, company=company, reason=reason, details=details)


def hide_url(company):
    return f"/en/dashboard/reports/companies/{company.pk}/hide/"


def dismiss_url(made):
    return f"/en/dashboard/reports/{made.pk}/dismiss/"


# --- Who may open the queue and act ---------------------------------------------------------


def test_staff_open_the_queue(client, staff_user, target):
    report(target, details="Only adverts here.")
    client.force_login(staff_user)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Target Works" in page and "/en/companies/target/" in page
    assert "Only adverts here." in page and "Spam or advertising" in page
    assert "csrfmiddlewaretoken" in page


@pytest.mark.parametrize("persona", ["owner", "outsider", "loner"])
def test_members_and_users_are_refused(client, request, persona, target):
    made = report(target)
    user = UserFactory() if persona == "loner" else request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(hide_url(target), {"reason": REASON}).status_code == 403
    assert client.post(dismiss_url(made)).status_code == 403
    target.refresh_from_db()
    made.refresh_from_db()
    assert target.visibility == Company.Visibility.LISTED and made.status == Report.Status.OPEN


def test_visitors_are_sent_to_the_login(client, target):
    made = report(target)
    for response in (
        client.get(URL),
        client.post(hide_url(target), {"reason": REASON}),
        client.post(dismiss_url(made)),
    ):
        assert response.status_code == 302 and "/login/" in response["Location"]
    made.refresh_from_db()
    assert made.status == Report.Status.OPEN


def test_actions_are_post_only(client, staff_user, target):
    made = report(target)
    client.force_login(staff_user)
    assert client.get(hide_url(target)).status_code == 405
    assert client.get(dismiss_url(made)).status_code == 405


# --- Hide and dismiss -----------------------------------------------------------------------


def test_hiding_from_the_queue_hides_the_profile_and_closes_its_reports(client, staff_user, target):
    report(target)
    report(target, reason="misleading")
    client.force_login(staff_user)
    response = client.post(hide_url(target), {"reason": REASON}, follow=True)
    assert response.redirect_chain[-1][0] == URL
    page = response.content.decode()
    assert "Target Works is hidden; 2 reports were closed. Its members were told why." in page
    assert "No open reports." in page
    target.refresh_from_db()
    assert target.visibility == Company.Visibility.HIDDEN and target.hidden_reason == REASON
    assert set(Report.objects.values_list("status", flat=True)) == {Report.Status.HIDDEN}
    assert Notification.objects.filter(kind="profile_hidden", company=target).count() == 1


def test_hiding_without_a_reason_is_refused_with_a_message(client, staff_user, target):
    made = report(target)
    client.force_login(staff_user)
    response = client.post(hide_url(target), {"reason": "   "}, follow=True)
    page = response.content.decode()
    assert "Write the reason for hiding the profile: its owner will read it." in page
    target.refresh_from_db()
    made.refresh_from_db()
    assert target.visibility == Company.Visibility.LISTED and made.status == Report.Status.OPEN


def test_dismissing_from_the_queue_closes_that_report(client, staff_user, target):
    first, second = report(target), report(target)
    client.force_login(staff_user)
    response = client.post(dismiss_url(first), {"note": "Looks fine."}, follow=True)
    assert "The report on Target Works was dismissed." in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Report.Status.DISMISSED and first.resolution == "Looks fine."
    assert first.resolved_by == staff_user
    assert second.status == Report.Status.OPEN
    target.refresh_from_db()
    assert target.visibility == Company.Visibility.LISTED


def test_dismissing_twice_says_it_was_handled(client, staff_user, target):
    made = report(target)
    client.force_login(staff_user)
    client.post(dismiss_url(made))
    response = client.post(dismiss_url(made), follow=True)
    assert "This report has already been handled." in response.content.decode()


def test_actions_on_missing_rows_are_not_found(client, staff_user):
    client.force_login(staff_user)
    assert (
        client.post("/en/dashboard/reports/companies/999/hide/", {"reason": REASON}).status_code
        == 404
    )
    assert client.post("/en/dashboard/reports/999/dismiss/").status_code == 404


def test_actions_return_to_the_page_staff_were_on(client, staff_user, target):
    made = report(target)
    client.force_login(staff_user)
    response = client.post(dismiss_url(made), {"page": "2"})
    assert response["Location"] == URL + "?page=2"
    response = client.post(hide_url(target), {"reason": REASON, "page": "http://evil"})
    assert response["Location"] == URL


# --- The queue ------------------------------------------------------------------------------


def test_the_queue_groups_by_company_the_longest_waiting_first_with_counts(target):
    newer = CompanyFactory(name="Newer")
    old = timezone.now() - timedelta(days=3)
    a = report(newer)
    b = report(target)
    c = report(target)
    d = report(newer)
    Report.objects.filter(pk=b.pk).update(created_at=old)
    closed = report(CompanyFactory())
    Report.objects.filter(pk=closed.pk).update(status=Report.Status.DISMISSED)

    rows = list(reports_open())
    assert [row.pk for row in rows] == [b.pk, c.pk, a.pk, d.pk]
    assert [row.company_open_count for row in rows] == [2, 2, 2, 2]
    assert reports_open_count() == 4


def test_the_queue_shows_counts_and_reporters(client, staff_user, target):
    user = reporter_of("Honest Co")
    report(target, user=user)
    report(target)
    client.force_login(staff_user)
    page = client.get(URL).content.decode()
    assert "2 open reports" in page
    assert user.email in page and "Honest Co" in page


def test_the_queue_is_paginated_by_25(client, staff_user):
    companies = [CompanyFactory() for _ in range(30)]
    for company in companies:
        report(company)
    client.force_login(staff_user)
    first = client.get(URL).content.decode()
    assert first.count("data-report=") == 25 and "Page 1 of 2" in first
    second = client.get(URL + "?page=2").content.decode()
    assert second.count("data-report=") == 5 and "Page 2 of 2" in second


def test_the_empty_queue_says_so(client, staff_user):
    client.force_login(staff_user)
    page = client.get(URL).content.decode()
    assert "No open reports." in page
    assert "Reports that members send about company profiles appear here." in page


def test_the_queue_renders_in_japanese(client, staff_user, target):
    report(target)
    client.force_login(staff_user)
    assert client.get("/ja/dashboard/reports/").status_code == 200
