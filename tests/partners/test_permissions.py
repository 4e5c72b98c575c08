"""Who may open and change which company page.

Personas: the company's owner and member, an outsider (member of another company),
a user without a company, staff, and an anonymous visitor; over the three
visibilities and every page and method.
"""

import re

import pytest
from django.urls import reverse

from partners.models import Company
from tests.factories import CompanyFactory, UserFactory
from tests.partners.profile_data import profile_post

pytestmark = pytest.mark.django_db

VISIBILITIES = ["listed", "partners", "hidden"]
SIGNED_IN_OUTSIDERS = ["outsider", "newcomer", "staff"]


@pytest.fixture
def newcomer(db):
    """A signed-up user who has no company yet."""
    return UserFactory()


def login_as(client, request, persona: str):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


def detail(company) -> str:
    return reverse("partners:company_detail", args=[company.key])


def edit(company) -> str:
    return reverse("partners:company_edit", args=[company.key])


# --- Anonymous visitors --------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("page", ["directory", "company_create", "company_detail", "company_edit"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, company, page, method):
    args = [company.key] if page in ("company_detail", "company_edit") else []
    path = reverse(f"partners:{page}", args=args)
    response = getattr(client, method)(path, profile_post())
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")
    assert Company.objects.count() == 1


def test_anonymous_visitors_cannot_change_a_profile(client, company):
    client.post(edit(company), profile_post(name="Taken over"))
    company.refresh_from_db()
    assert company.name != "Taken over"


def test_anonymous_visitors_see_the_landing_page(client):
    assert client.get(reverse("partners:home")).status_code == 200


def test_the_login_page_brings_the_visitor_back_afterwards(client, company):
    response = client.get(detail(company))
    assert response["Location"] == f"/en/accounts/login/?next=/en/companies/{company.key}/"


# --- Reading company pages -----------------------------------------------------------------------


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("persona", ["owner", "member"])
def test_members_always_see_their_company_with_contact_details(
    client, request, company, persona, visibility
):
    Company.objects.filter(pk=company.pk).update(visibility=visibility)
    response = login_as(client, request, persona).get(detail(company))
    assert response.status_code == 200
    assert company.contact_email in response.content.decode()


@pytest.mark.parametrize("persona", SIGNED_IN_OUTSIDERS)
def test_a_listed_company_is_visible_to_every_signed_in_user(client, request, company, persona):
    response = login_as(client, request, persona).get(detail(company))
    assert response.status_code == 200
    assert company.name in response.content.decode()


@pytest.mark.parametrize("visibility", ["partners", "hidden"])
@pytest.mark.parametrize("persona", ["outsider", "newcomer"])
def test_outsiders_cannot_open_a_partners_only_or_hidden_company(
    client, request, company, persona, visibility
):
    Company.objects.filter(pk=company.pk).update(visibility=visibility)
    response = login_as(client, request, persona).get(detail(company))
    assert response.status_code == 404
    assert company.name not in response.content.decode()


def test_a_hidden_company_answers_like_a_missing_one(client, outsider, company):
    Company.objects.filter(pk=company.pk).update(visibility="hidden")
    client.force_login(outsider)
    hidden = client.get(detail(company))
    missing = client.get(reverse("partners:company_detail", args=["no-such-company"]))
    assert hidden.status_code == missing.status_code == 404
    assert "Page not found" in hidden.content.decode()
    # The same page, apart from the address itself and the (per-response) CSRF tokens.
    assert comparable(hidden).replace(company.key, "no-such-company") == comparable(missing)


def comparable(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_staff_can_read_every_company_for_moderation(client, staff, company, visibility):
    Company.objects.filter(pk=company.pk).update(visibility=visibility)
    client.force_login(staff)
    assert client.get(detail(company)).status_code == 200


@pytest.mark.parametrize("persona", SIGNED_IN_OUTSIDERS)
def test_contact_details_are_never_shown_to_non_members(client, request, persona):
    company = CompanyFactory(
        contact_name="Secret Person",
        contact_email="secret@company.example",
        contact_phone="+81 3-5555-0101",
        website="https://secret.example",
    )
    for page in (detail(company), reverse("partners:directory")):
        html = login_as(client, request, persona).get(page).content.decode()
        for secret in ("Secret Person", "secret@company", "+81 3-5555-0101", "secret.example"):
            assert secret not in html


@pytest.mark.parametrize("persona", SIGNED_IN_OUTSIDERS)
def test_non_members_see_no_edit_link(client, request, company, persona):
    html = login_as(client, request, persona).get(detail(company)).content.decode()
    assert edit(company) not in html


# --- Changing company pages ----------------------------------------------------------------------


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("persona", SIGNED_IN_OUTSIDERS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_non_members_can_never_edit_a_profile(
    client, request, company, persona, visibility, method
):
    Company.objects.filter(pk=company.pk).update(visibility=visibility)
    response = getattr(login_as(client, request, persona), method)(
        edit(company), profile_post(name="Taken over")
    )
    assert response.status_code == 404
    company.refresh_from_db()
    assert company.name != "Taken over"


@pytest.mark.parametrize("persona", ["owner", "member"])
def test_members_can_open_the_edit_page(client, request, company, persona):
    assert login_as(client, request, persona).get(edit(company)).status_code == 200


def test_a_member_cannot_edit_another_company_through_their_own_rights(client, owner, company):
    other = CompanyFactory(name="Other Co")
    client.force_login(owner)
    response = client.post(edit(other), profile_post(name="Taken over"))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.name == "Other Co"


@pytest.mark.parametrize("persona", ["owner", "member", "outsider", "staff"])
def test_company_pages_refuse_writes_by_post(client, request, company, persona):
    response = login_as(client, request, persona).post(detail(company), profile_post())
    assert response.status_code == 405


@pytest.mark.parametrize("persona", ["owner", "outsider"])
def test_the_directory_is_read_only(client, request, persona):
    assert login_as(client, request, persona).post(reverse("partners:directory")).status_code == 405


def test_creating_never_touches_an_existing_company(client, newcomer, company):
    client.force_login(newcomer)
    client.post(reverse("partners:company_create"), profile_post(key=company.key))
    company.refresh_from_db()
    assert company.name != profile_post()["name"]
    assert not company.memberships.filter(user=newcomer).exists()


# --- The directory -------------------------------------------------------------------------------


@pytest.mark.parametrize("visibility", ["partners", "hidden"])
@pytest.mark.parametrize("persona", ["owner", "member", "outsider", "staff"])
def test_the_directory_never_lists_unlisted_companies(
    client, request, company, persona, visibility
):
    Company.objects.filter(pk=company.pk).update(visibility=visibility)
    response = login_as(client, request, persona).get(reverse("partners:directory"))
    assert company not in response.context["page"].object_list
