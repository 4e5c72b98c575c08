"""Reports of company profiles: the member's report, staff hiding a profile with a reason
its owner sees, dismissing a report, and listing a hidden profile again."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext
from rest_framework.test import APIClient

from partners.models import Company, Membership, Notification, Report
from partners.services import reports
from partners.services.companies import company_update
from partners.services.moderation import companies_visibility_set
from partners.services.notifications import notification_preferences_set
from partners.services.reports import company_hide_for_reports, report_create, report_dismiss
from partners.services.tokens import api_token_create
from tests.factories import CompanyFactory, MembershipFactory, UserFactory
from tests.partners.profile_data import profile_post

pytestmark = pytest.mark.django_db

REASON = "Your description copies another company's catalogue word for word."


@pytest.fixture(autouse=True)
def _default_language(settings):
    """A request to a /ja/ page leaves Japanese active in the thread: every test ends in the
    default language, so that the tests after these do not run in Japanese."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def target():
    return CompanyFactory(key="target", name="Target Works")


@pytest.fixture
def target_owner(target):
    return MembershipFactory(company=target, role=Membership.Role.OWNER).user


@pytest.fixture
def reporter():
    return MembershipFactory(company=CompanyFactory(key="reporter", name="Reporter Co")).user


@pytest.fixture
def staff_user():
    return UserFactory(is_staff=True)


def report(user, company, reason="spam", details=""):
    return report_create(user=user, company=company, reason=reason, details=details)


def refusal(action) -> str:
    with pytest.raises(ValidationError) as caught:
        action()
    return " ".join(caught.value.messages)


# --- Reporting: the rules -------------------------------------------------------------------


def test_a_member_of_another_company_reports_a_profile(reporter, target):
    made = report(reporter, target, reason="misleading", details="  The figures are invented. ")
    assert made.status == Report.Status.OPEN
    assert made.reporter == reporter and made.reporter_company.key == "reporter"
    assert made.reason == "misleading" and made.details == "The figures are invented."


def test_a_user_without_a_company_cannot_report(target):
    loner = UserFactory()
    assert "Only members of a company can report" in refusal(lambda: report(loner, target))
    assert not Report.objects.exists()


def test_an_inactive_member_cannot_report(target):
    sleeper = MembershipFactory(user=UserFactory(is_active=False)).user
    assert "Only members of a company can report" in refusal(lambda: report(sleeper, target))


def test_reporting_on_behalf_of_a_company_one_is_not_a_member_of_is_refused(reporter, target):
    other = CompanyFactory()
    message = refusal(
        lambda: report_create(
            user=reporter, company=target, reason="spam", details="", reporter_company=other
        )
    )
    assert "Only members of a company can report" in message


def test_no_one_reports_their_own_company(target_owner, target):
    assert refusal(lambda: report(target_owner, target)) == (
        "You cannot report your own company's profile."
    )


def test_a_hidden_company_cannot_be_reported(reporter, target):
    Company.objects.filter(pk=target.pk).update(visibility=Company.Visibility.HIDDEN)
    target.refresh_from_db()
    assert refusal(lambda: report(reporter, target)) == (
        "This profile is hidden: it cannot be reported."
    )


def test_the_reason_must_be_one_of_the_list(reporter, target):
    assert refusal(lambda: report(reporter, target, reason="boring")) == (
        "Choose a reason for the report."
    )


def test_details_are_at_most_2000_characters(reporter, target):
    assert report(reporter, target, details="x" * 2000).details == "x" * 2000
    Report.objects.all().delete()
    assert refusal(lambda: report(reporter, target, details="x" * 2001)) == (
        "The details are too long: at most 2000 characters."
    )


def test_a_second_open_report_on_the_same_company_is_refused(reporter, target):
    report(reporter, target)
    assert refusal(lambda: report(reporter, target, reason="other")) == (
        "You have already reported Target Works: Kyoso staff are looking at your report."
    )
    assert Report.objects.count() == 1


def test_a_colleague_may_report_the_same_company_too(reporter, target):
    colleague = MembershipFactory(company=reporter.companies.get()).user
    report(reporter, target)
    report(colleague, target)
    assert Report.objects.filter(company=target, status="open").count() == 2


def test_after_a_dismissal_the_member_may_report_again(reporter, target, staff_user):
    first = report(reporter, target)
    report_dismiss(staff=staff_user, report=first)
    assert report(reporter, target).status == Report.Status.OPEN


def test_at_most_ten_reports_a_day(reporter):
    for _ in range(reports.REPORT_DAILY_LIMIT):
        report(reporter, CompanyFactory())
    assert refusal(lambda: report(reporter, CompanyFactory())) == (
        "You have sent 10 reports in the last 24 hours, the most allowed. Please try again later."
    )
    Report.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert report(reporter, CompanyFactory()).status == Report.Status.OPEN


# --- Staff hide a profile -------------------------------------------------------------------


def test_hiding_closes_every_open_report_and_records_the_reason(reporter, target, staff_user):
    colleague = MembershipFactory(company=reporter.companies.get()).user
    first, second = report(reporter, target), report(colleague, target, reason="misleading")
    elsewhere = report(reporter, CompanyFactory())

    closed = company_hide_for_reports(staff=staff_user, company=target, reason=f"  {REASON} ")

    assert closed == 2
    assert target.visibility == Company.Visibility.HIDDEN
    assert target.hidden_reason == REASON and target.hidden_at is not None
    for row in (first, second):
        row.refresh_from_db()
        assert row.status == Report.Status.HIDDEN and row.resolution == REASON
        assert row.resolved_by == staff_user and row.resolved_at is not None
    elsewhere.refresh_from_db()
    assert elsewhere.status == Report.Status.OPEN


def test_hiding_needs_a_reason(target, staff_user):
    for blank in ("", "   \n"):
        assert refusal(
            lambda blank=blank: company_hide_for_reports(
                staff=staff_user, company=target, reason=blank
            )
        ) == ("Write the reason for hiding the profile: its owner will read it.")
    assert refusal(
        lambda: company_hide_for_reports(staff=staff_user, company=target, reason="x" * 2001)
    ) == ("The reason is too long: at most 2000 characters.")
    target.refresh_from_db()
    assert target.visibility == Company.Visibility.LISTED and target.hidden_reason == ""


def test_only_staff_hide_or_dismiss(reporter, target, target_owner):
    made = report(reporter, target)
    for persona in (reporter, target_owner, UserFactory()):
        with pytest.raises(PermissionDenied):
            company_hide_for_reports(staff=persona, company=target, reason=REASON)
        with pytest.raises(PermissionDenied):
            report_dismiss(staff=persona, report=made)
    made.refresh_from_db()
    assert made.status == Report.Status.OPEN


def test_every_active_member_is_notified_and_e_mailed_in_their_language(
    reporter, target, target_owner, staff_user, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://kyoso.example/"
    colleague = MembershipFactory(company=target, role=Membership.Role.MEMBER).user
    MembershipFactory(company=target, user=UserFactory(is_active=False))
    notification_preferences_set(user=target_owner, email_kinds=[], language="ja")
    report(reporter, target)

    with django_capture_on_commit_callbacks(execute=True):
        company_hide_for_reports(staff=staff_user, company=target, reason=REASON)

    rows = Notification.objects.filter(kind=Notification.Kind.PROFILE_HIDDEN)
    assert sorted(rows.values_list("user_id", flat=True)) == sorted([target_owner.pk, colleague.pk])
    assert {(row.company_id, row.other_id) for row in rows} == {(target.pk, target.pk)}
    assert not Notification.objects.filter(user=reporter).exists()

    # Sent even to a member who turned every optional e-mail off.
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {target_owner.email, colleague.email}
    japanese, english = by_recipient[target_owner.email], by_recipient[colleague.email]
    with translation.override("ja"):
        subject_ja = gettext("Kyoso staff hid the profile of %(company)s") % {
            "company": "Target Works"
        }
    assert japanese.subject == subject_ja
    assert english.subject == "Kyoso staff hid the profile of Target Works"
    assert REASON in japanese.body and REASON in english.body
    assert "https://kyoso.example/ja/companies/target/" in japanese.body
    assert "https://kyoso.example/en/companies/target/" in english.body


def test_the_notification_is_listed_and_leads_to_the_company_page(
    client, reporter, target, target_owner, staff_user
):
    report(reporter, target)
    company_hide_for_reports(staff=staff_user, company=target, reason=REASON)
    client.force_login(target_owner)
    page = client.get("/en/notifications/").content.decode()
    assert "Kyoso staff hid the profile of Target Works: see the reason on its page." in page
    row = Notification.objects.get(user=target_owner)
    response = client.post(f"/en/notifications/{row.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/en/companies/target/"


# --- Staff dismiss a report -----------------------------------------------------------------


def test_dismissing_closes_only_that_report(reporter, target, staff_user):
    colleague = MembershipFactory(company=reporter.companies.get()).user
    first, second = report(reporter, target), report(colleague, target)
    report_dismiss(staff=staff_user, report=first, note=" Not spam. ")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Report.Status.DISMISSED and first.resolution == "Not spam."
    assert first.resolved_by == staff_user and first.resolved_at is not None
    assert second.status == Report.Status.OPEN
    target.refresh_from_db()
    assert target.visibility == Company.Visibility.LISTED


def test_only_an_open_report_can_be_dismissed(reporter, target, staff_user):
    made = report(reporter, target)
    report_dismiss(staff=staff_user, report=made)
    assert refusal(lambda: report_dismiss(staff=staff_user, report=made)) == (
        "This report has already been handled."
    )
    again = report(reporter, target)
    company_hide_for_reports(staff=staff_user, company=target, reason=REASON)
    assert refusal(lambda: report_dismiss(staff=staff_user, report=again)) == (
        "This report has already been handled."
    )


# --- The owner of a hidden profile ----------------------------------------------------------


@pytest.fixture
def hidden(target, target_owner, staff_user):
    company_hide_for_reports(staff=staff_user, company=target, reason=REASON)
    return target


def test_the_owner_cannot_make_a_profile_hidden_by_staff_visible(hidden):
    message = refusal(lambda: company_update(company=hidden, data={"visibility": "listed"}))
    assert "Only Kyoso staff can make it visible again" in message
    hidden.refresh_from_db()
    assert hidden.visibility == Company.Visibility.HIDDEN and hidden.hidden_reason == REASON


def test_the_owner_may_still_edit_the_rest_of_a_profile_hidden_by_staff(
    client, hidden, target_owner
):
    client.force_login(target_owner)
    data = profile_post(name="Target Works (corrected)", visibility="hidden")
    response = client.post("/en/companies/target/edit/", data)
    assert response.status_code == 302
    hidden.refresh_from_db()
    assert hidden.name == "Target Works (corrected)"
    assert hidden.visibility == Company.Visibility.HIDDEN and hidden.hidden_reason == REASON


def test_the_edit_form_does_not_offer_to_list_a_profile_hidden_by_staff(
    client, hidden, target_owner
):
    client.force_login(target_owner)
    page = client.get("/en/companies/target/edit/").content.decode()
    assert page.count('name="visibility"') == 3 and page.count("disabled") >= 3
    assert "Only Kyoso staff can make it visible again" in page
    # A crafted post cannot choose another visibility either: the field keeps its value.
    response = client.post("/en/companies/target/edit/", profile_post(visibility="listed"))
    assert response.status_code == 302
    hidden.refresh_from_db()
    assert hidden.visibility == Company.Visibility.HIDDEN and hidden.hidden_reason == REASON


def test_the_api_keeps_a_profile_hidden_by_staff_hidden(hidden, target_owner):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=target_owner, name='t')[1]}")
    response = api.patch("/api/v1/company/", {"name": "Renamed"}, format="json")
    assert response.status_code == 200, response.content
    hidden.refresh_from_db()
    assert hidden.name == "Renamed"
    assert hidden.visibility == Company.Visibility.HIDDEN and hidden.hidden_reason == REASON


def test_a_profile_the_owner_hid_themselves_can_be_shown_again(target, target_owner):
    company_update(company=target, data={"visibility": "hidden"})
    company_update(company=target, data={"visibility": "listed"})
    target.refresh_from_db()
    assert target.visibility == Company.Visibility.LISTED


def test_the_owner_sees_the_staff_reason_on_the_company_and_edit_pages(
    client, hidden, target_owner
):
    client.force_login(target_owner)
    for url in ("/en/companies/target/", "/en/companies/target/edit/"):
        page = client.get(url).content.decode()
        assert "data-hidden-by-staff" in page, url
        assert "Kyoso staff have hidden this profile." in page
        assert "catalogue word for word" in page


def test_staff_see_the_hidden_page_without_the_owner_banner(client, hidden, staff_user):
    client.force_login(staff_user)
    page = client.get("/en/companies/target/").content.decode()
    assert "data-hidden-by-staff" not in page


def test_no_banner_for_a_profile_the_owner_hid_themselves(client, target, target_owner):
    company_update(company=target, data={"visibility": "hidden"})
    client.force_login(target_owner)
    assert "data-hidden-by-staff" not in client.get("/en/companies/target/").content.decode()


def test_listing_again_clears_the_reason(client, hidden, target_owner):
    assert companies_visibility_set(company_ids=[hidden.pk], visibility="partners") == 1
    hidden.refresh_from_db()
    assert hidden.visibility == "partners"
    assert hidden.hidden_reason == "" and hidden.hidden_at is None
    client.force_login(target_owner)
    assert "data-hidden-by-staff" not in client.get("/en/companies/target/").content.decode()
    company_update(company=hidden, data={"visibility": "listed"})  # the owner's own choice again
    hidden.refresh_from_db()
    assert hidden.visibility == "listed"


def test_hiding_through_the_admin_action_does_not_invent_a_reason(target):
    companies_visibility_set(company_ids=[target.pk], visibility="hidden")
    target.refresh_from_db()
    assert target.visibility == "hidden" and target.hidden_reason == ""


# --- The report page ------------------------------------------------------------------------


def test_members_of_another_company_see_the_report_link(client, reporter, target):
    client.force_login(reporter)
    page = client.get("/en/companies/target/").content.decode()
    assert "/en/companies/target/report/" in page and "Report this profile" in page


@pytest.mark.parametrize("persona", ["target_owner", "staff_user", "loner"])
def test_no_report_link_for_own_members_or_users_without_company(client, request, persona):
    request.getfixturevalue("target")
    user = UserFactory() if persona == "loner" else request.getfixturevalue(persona)
    client.force_login(user)
    page = client.get("/en/companies/target/").content.decode()
    assert "/companies/target/report/" not in page


def test_the_report_form_is_shown(client, reporter, target):
    client.force_login(reporter)
    response = client.get("/en/companies/target/report/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Report the profile of Target Works" in page
    assert 'name="reason"' in page and 'name="details"' in page
    assert "csrfmiddlewaretoken" in page


def test_sending_a_report_thanks_and_returns_to_the_company(client, reporter, target):
    client.force_login(reporter)
    response = client.post(
        "/en/companies/target/report/", {"reason": "impersonation", "details": "Not them."}
    )
    assert response.status_code == 302 and response["Location"] == "/en/companies/target/"
    made = Report.objects.get()
    assert (made.company, made.reporter, made.reason) == (target, reporter, "impersonation")
    page = client.get(response["Location"]).content.decode()
    assert "your report on Target Works was sent to Kyoso staff" in page


def test_a_report_without_a_reason_is_shown_again_with_the_error(client, reporter, target):
    client.force_login(reporter)
    response = client.post("/en/companies/target/report/", {"details": "Kept text"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose a reason for the report." in page and "Kept text" in page
    assert not Report.objects.exists()


def test_a_refused_report_shows_the_service_message_on_the_form(client, reporter, target):
    report(reporter, target)
    client.force_login(reporter)
    for response in (
        client.get("/en/companies/target/report/"),
        client.post("/en/companies/target/report/", {"reason": "spam"}),
    ):
        assert response.status_code == 200
        assert "You have already reported Target Works" in response.content.decode()
    assert Report.objects.count() == 1


def test_the_report_page_of_an_invisible_company_is_not_found(client, reporter, target):
    Company.objects.filter(pk=target.pk).update(visibility=Company.Visibility.HIDDEN)
    client.force_login(reporter)
    assert client.get("/en/companies/target/report/").status_code == 404
    assert client.post("/en/companies/target/report/", {"reason": "spam"}).status_code == 404
    assert client.get("/en/companies/nobody/report/").status_code == 404


def test_visitors_sign_in_to_report(client, target):
    response = client.get("/en/companies/target/report/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_report_page_renders_in_japanese(client, reporter, target):
    client.force_login(reporter)
    assert client.get("/ja/companies/target/report/").status_code == 200
