"""/api/v1/team/: who acts for the requester's company, read-only."""

import pytest

from partners.models import Membership
from partners.services import teams
from tests.api.conftest import assert_error
from tests.factories import CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/team/"


def rows(response) -> list[tuple[str, str]]:
    assert response.status_code == 200, response.json()
    return [(row["email"], row["role"]) for row in response.json()["results"]]


def test_a_member_reads_the_team_owners_first(api_as, owner, member, company):
    response = api_as(member).get(URL)

    assert rows(response) == [(owner.email, "owner"), (member.email, "member")]
    first = response.json()["results"][0]
    assert first["role_display"] == "Owner" and first["joined_at"]


def test_another_company_is_refused_by_key(api_as, outsider, owner, company):
    body = assert_error(api_as(outsider).get(URL, {"company": company.key}), 404, "not_found")

    assert owner.email not in str(body)
    assert rows(api_as(outsider).get(URL)) == [(outsider.email, "owner")]


def test_a_member_of_two_companies_chooses_one_by_key(api_as, member, company):
    other = CompanyFactory(key="second")
    MembershipFactory(company=other, user=member, role="owner")

    assert rows(api_as(member).get(URL, {"company": "second"})) == [(member.email, "owner")]


def test_a_change_of_the_team_shows_at_once(api_as, owner, member, company):
    client = api_as(owner)
    rows(client.get(URL))
    teams.member_role_change(
        user=owner, membership=Membership.objects.get(user=member), role="owner"
    )

    assert rows(client.get(URL)) == [(owner.email, "owner"), (member.email, "owner")]


def test_the_team_cannot_be_changed_through_the_api(api_as, owner):
    for method in ("post", "put", "patch", "delete"):
        assert getattr(api_as(owner), method)(URL, {}, format="json").status_code == 405
