"""A company hidden by staff reads one message wherever it is told, and asks staff to
review its profile once per hiding; staff show it again or keep it hidden."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from partners.models import Company, Membership, ReviewRequest
from partners.moderation_notice import HIDDEN_BY_STAFF_TEXT
from partners.services.moderation import companies_visibility_set
from partners.services.reports import company_hide_for_reports
from partners.services.reviews import (
    review_request_create,
    review_request_keep,
    review_request_show,
)
from tests.factories import CompanyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

REASON = "The description copies another company's catalogue."
# The old, contradicting instructions: neither may be shown to a company hidden by staff.
CONTRADICTIONS = ("Choose another visibility", "contact Kyoso staff")


@pytest.fixture(autouse=True)
def _default_language(settings):
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def staff_user():
    return UserFactory(is_staff=True)


@pytest.fixture
def hidden(staff_user):
    company = CompanyFactory(key="hidden-co", name="Hidden Co")
    MembershipFactory(company=company, role=Membership.Role.OWNER)
    company_hide_for_reports(staff=staff_user, company=company, reason=REASON)
    company.refresh_from_db()
    return company


@pytest.fixture
def hidden_owner(hidden):
    return Membership.objects.get(company=hidden).user


def text_of(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


@pytest.mark.parametrize(
    "path", ["/en/companies/hidden-co/", "/en/companies/hidden-co/edit/", "/en/suggestions/"]
)
def test_every_page_of_a_hidden_company_says_the_same_thing(client, hidden_owner, path):
    client.force_login(hidden_owner)
    page = client.get(path).content.decode()
    text = text_of(page)
    assert str(HIDDEN_BY_STAFF_TEXT) in text, path
    for contradiction in CONTRADICTIONS:
        assert contradiction not in text, (path, contradiction)
    assert "data-review-request-form" in page


def test_the_same_message_in_japanese(client, hidden_owner):
    client.force_login(hidden_owner)
    texts = [
        text_of(client.get(path).content.decode())
        for path in (
            "/ja/companies/hidden-co/",
            "/ja/companies/hidden-co/edit/",
            "/ja/suggestions/",
        )
    ]
    with translation.override("ja"):
        japanese = str(HIDDEN_BY_STAFF_TEXT)
    with translation.override("en"):
        assert japanese != str(HIDDEN_BY_STAFF_TEXT)
    assert all(japanese in text for text in texts)


def test_a_company_that_hid_itself_is_told_to_choose_another_visibility(client):
    company = CompanyFactory(key="shy-co", visibility=Company.Visibility.HIDDEN)
    owner = MembershipFactory(company=company).user
    client.force_login(owner)
    text = text_of(client.get("/en/suggestions/").content.decode())
    assert "Choose another visibility" in text
    assert str(HIDDEN_BY_STAFF_TEXT) not in text


def test_the_owner_asks_for_a_review_once_per_hiding(client, hidden, hidden_owner, staff_user):
    client.force_login(hidden_owner)
    response = client.post("/en/companies/hidden-co/review/", {"message": "Rewrote it."})
    assert response.status_code == 302
    review = ReviewRequest.objects.get(company=hidden)
    assert review.status == "open" and review.message == "Rewrote it."
    assert review.requested_by == hidden_owner and review.hidden_at == hidden.hidden_at
    page = client.get(response["Location"]).content.decode()
    assert "Your request was sent: Kyoso staff will review the profile of Hidden Co." in page
    assert 'data-review-request="open"' in page and "data-review-request-form" not in page

    # Twice for the same hiding: refused, with the date of the first request.
    client.post("/en/companies/hidden-co/review/", {"message": "Again"})
    assert ReviewRequest.objects.count() == 1
    with pytest.raises(ValidationError, match="You already asked Kyoso staff"):
        review_request_create(user=hidden_owner, company=hidden)

    # Kept hidden: the answer is shown, and no new request for the same hiding.
    review_request_keep(staff=staff_user, review=review, note="Still copied.")
    page = client.get("/en/companies/hidden-co/").content.decode()
    assert 'data-review-request="kept"' in page and "Still copied." in page
    # Hidden again later: a new request may be filed.
    companies_visibility_set(company_ids=[hidden.pk], visibility="listed")
    company_hide_for_reports(staff=staff_user, company=hidden, reason="Again misleading.")
    hidden.refresh_from_db()
    review_request_create(user=hidden_owner, company=hidden)
    assert ReviewRequest.objects.count() == 2


def test_staff_see_the_request_and_show_the_profile_again(client, hidden, hidden_owner, staff_user):
    review_request_create(user=hidden_owner, company=hidden, message="Fixed the text.")
    client.force_login(staff_user)
    assert 'data-open-reviews="1"' in client.get("/en/dashboard/").content.decode()
    page = client.get("/en/dashboard/reports/").content.decode()
    assert 'data-review-requests="1"' in page and "Fixed the text." in page
    assert "The description copies another company" in page
    review = ReviewRequest.objects.get()
    response = client.post(f"/en/dashboard/reviews/{review.pk}/show/")
    assert response.status_code == 302
    hidden.refresh_from_db()
    review.refresh_from_db()
    assert hidden.visibility == "listed" and hidden.hidden_reason == ""
    assert review.status == "shown" and review.resolved_by == staff_user


def test_keeping_hidden_needs_a_note(hidden, hidden_owner, staff_user):
    review = review_request_create(user=hidden_owner, company=hidden)
    with pytest.raises(ValidationError, match="Write why the profile stays hidden"):
        review_request_keep(staff=staff_user, review=review, note=" ")
    with pytest.raises(PermissionDenied):
        review_request_show(staff=hidden_owner, review=review)
    review.refresh_from_db()
    assert review.status == "open"


def test_listing_again_through_the_admin_answers_the_open_request(hidden, hidden_owner):
    review = review_request_create(user=hidden_owner, company=hidden)
    companies_visibility_set(company_ids=[hidden.pk], visibility="listed")
    review.refresh_from_db()
    assert review.status == "shown"


def test_only_members_of_a_company_hidden_by_staff_may_ask(client, hidden):
    outsider = MembershipFactory().user
    client.force_login(outsider)
    assert client.post("/en/companies/hidden-co/review/").status_code == 404
    listed = CompanyFactory(key="listed-co")
    member = MembershipFactory(company=listed).user
    with pytest.raises(ValidationError, match="there is nothing to review"):
        review_request_create(user=member, company=listed)
    with pytest.raises(PermissionDenied):
        review_request_create(user=outsider, company=hidden)
    assert not ReviewRequest.objects.exists()
