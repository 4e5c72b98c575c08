"""The API after an owner changed a company's key: a former key finds the company under
its current key, never a company the user may not see."""

import pytest

from partners.models import Company
from partners.services.companies import company_key_change
from partners.services.webhooks import webhook_create
from tests.factories import CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def renamed(db):
    company = CompanyFactory(key="ymt", name="株式会社ヤマト精密")
    return company_key_change(company=company, key="yamato-seimitsu")


def test_a_former_key_answers_the_company_under_its_current_key(api_as, outsider, renamed):
    response = api_as(outsider).get("/api/v1/companies/ymt/")

    assert response.status_code == 200
    assert response.json()["key"] == "yamato-seimitsu"
    assert response["Content-Location"] == "/api/v1/companies/yamato-seimitsu/"
    assert response.json() == api_as(outsider).get("/api/v1/companies/yamato-seimitsu/").json()


def test_the_current_key_has_no_content_location(api_as, outsider, renamed):
    response = api_as(outsider).get("/api/v1/companies/yamato-seimitsu/")

    assert response.status_code == 200
    assert "Content-Location" not in response


@pytest.mark.parametrize("visibility", ["hidden", "partners"])
def test_a_company_the_user_may_not_see_is_not_found_by_a_former_key(
    api_as, outsider, renamed, visibility
):
    Company.objects.filter(pk=renamed.pk).update(visibility=visibility)

    old = api_as(outsider).get("/api/v1/companies/ymt/")
    missing = api_as(outsider).get("/api/v1/companies/never-existed/")

    assert old.status_code == missing.status_code == 404
    assert old.json() == missing.json()
    assert "yamato" not in old.content.decode()


def test_a_member_finds_the_own_company_by_a_former_key(api_as, renamed):
    member = MembershipFactory(company=renamed, role="member").user

    own = api_as(member).get("/api/v1/company/?company=ymt")

    assert own.status_code == 200
    assert own.json()["key"] == "yamato-seimitsu"
    hidden = Company.objects.filter(pk=renamed.pk)
    hidden.update(visibility="hidden")
    assert api_as(member).get("/api/v1/companies/ymt/").json()["key"] == "yamato-seimitsu"


def test_a_former_key_names_no_company_of_someone_else(api_as, outsider, renamed):
    response = api_as(outsider).get("/api/v1/company/?company=ymt")

    assert response.status_code == 404


def test_webhooks_of_a_company_are_listed_by_its_former_key(api_as, renamed):
    owner = MembershipFactory(company=renamed, role="owner").user
    webhook_create(
        user=owner, company=renamed, url="http://127.0.0.1:9/hook", events=["match.created"]
    )

    response = api_as(owner).get("/api/v1/webhooks/?company=ymt")

    assert response.status_code == 200
    assert [hook["company"] for hook in response.json()["results"]] == ["yamato-seimitsu"]
