"""/api/v1/company/: the member's own company, in the exchange format's fields and rules."""

import io
import json

import pytest

from partners.models import Company
from partners.services.exchange import companies_export, companies_import
from tests.api.conftest import assert_error
from tests.factories import CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/company/"


def exported_records() -> dict[str, dict]:
    out = io.StringIO()
    companies_export(out=out)
    return {record["key"]: record for record in json.loads(out.getvalue())["companies"]}


def test_the_company_is_exactly_its_exported_record(api_as, member, company):
    Company.objects.filter(pk=company.pk).update(employees=0, founded=1962, region="")

    body = api_as(member).get(URL).json()

    assert body == exported_records()[company.key]
    assert list(body) == list(exported_records()[company.key])  # same field order
    assert "region" not in body and body["employees"] == 0


def test_a_record_read_from_the_api_imports_back_to_the_same_export(api_as, member, company):
    record = api_as(member).get(URL).json()
    before = exported_records()
    Company.objects.all().delete()

    companies_import(document={"format": "alliance-companies/1", "companies": [record]})

    assert exported_records() == before


def test_patch_changes_only_the_fields_sent(api_as, member, company):
    response = api_as(member).patch(URL, {"name": "Sato Textiles", "employees": 42}, format="json")

    assert response.status_code == 200, response.json()
    company.refresh_from_db()
    assert (company.name, company.employees) == ("Sato Textiles", 42)
    assert company.capabilities == ["moisture-wicking fabric"]
    assert "sato textiles" in company.search_text
    assert response.json() == exported_records()[company.key]


def test_patch_merges_the_value_chain_and_null_removes_a_field(api_as, member, company):
    response = api_as(member).patch(
        URL, {"value_chain": {"seeks": ["service"]}, "region": None}, format="json"
    )

    assert response.status_code == 200, response.json()
    company.refresh_from_db()
    assert company.strengths == ["operations", "technology_development"]
    assert company.seeks == ["service"]
    assert company.region == ""


def test_put_replaces_the_profile_and_keeps_fields_outside_the_format(api_as, member, company):
    record = {
        "name": "New Name",
        "language": "ja",
        "industry": "G",
        "value_chain": {"strengths": ["marketing_sales"]},
        "capabilities": ["全国の販売網"],
        "needs": ["新素材"],
        "goals": ["地域の産業を元気にする"],
    }

    response = api_as(member).put(URL, record, format="json")

    assert response.status_code == 200, response.json()
    assert response.json() == {"key": company.key, **record}
    company.refresh_from_db()
    assert company.industry_division == "" and company.description == ""
    assert company.contact_email.startswith("contact")
    assert company.visibility == Company.Visibility.LISTED


def test_put_names_every_missing_field(api_as, member, company):
    response = api_as(member).put(URL, {"name": "Only a name"}, format="json")

    body = assert_error(response, 400, "invalid")
    for field in ("language", "industry", "value_chain", "capabilities", "needs", "goals"):
        assert body["fields"][field] == ["is required"]


@pytest.mark.parametrize(
    ("patch", "field", "msg"),
    [
        (
            {"industry": "C", "industry_division": "47"},
            "industry_division",
            "belongs to section G",
        ),
        ({"industry_division": "14"}, "industry", "send industry and industry_division together"),
        ({"industry": "G"}, "industry_division", "together"),
        ({"capabilities": ["ok", "x" * 201]}, "capabilities[1]", "at most 200 characters"),
        ({"value_chain": {"strengths": []}}, "value_chain.strengths", "at least 1"),
        ({"value_chain": {"strengths": ["selling"]}}, "value_chain.strengths[0]", "one of"),
        ({"region": "tokyo"}, "region", "ISO 3166"),
        ({"employees": -1}, "employees", "at least 0"),
        ({"visibility": "hidden"}, "visibility", "not a field of the format"),
        ({"visibility": None}, "visibility", "not a field of the format"),  # null too
        ({"value_chain": {"ranks": None}}, "value_chain.ranks", "not a field of the format"),
        ({"goals": ["x" * 501]}, "goals[0]", "at most 500"),
        ({"name": "\u200b\u3000"}, "name", "must contain visible text"),
        ({"needs": ["ok", "\ufeff\u2060"]}, "needs[1]", "must contain visible text"),
    ],
)
def test_the_rules_are_those_of_the_exchange_format(api_as, member, company, patch, field, msg):
    response = api_as(member).patch(URL, patch, format="json")

    body = assert_error(response, 400, "invalid")
    assert list(body["fields"]) == [field]
    assert msg in body["fields"][field][0]
    company.refresh_from_db()
    assert company.industry_division == "13"


def test_the_key_is_read_only(api_as, member, company):
    client = api_as(member)

    refused = client.patch(URL, {"key": "another-key"}, format="json")
    same = client.patch(URL, {"key": company.key, "name": "Same key"}, format="json")

    assert assert_error(refused, 400, "invalid")["fields"]["key"]
    assert same.status_code == 200
    assert Company.objects.filter(key=company.key, name="Same key").exists()


def test_a_patch_must_be_an_object(api_as, member, company):
    assert_error(api_as(member).patch(URL, [1, 2], format="json"), 400, "invalid")


def test_a_plain_member_may_edit_too(api_as, member, company):
    assert api_as(member).patch(URL, {"name": "By a member"}, format="json").status_code == 200


def test_a_member_of_several_companies_chooses_with_the_key(api_as, owner, company):
    second = MembershipFactory(user=owner, company=CompanyFactory(name="Second")).company
    client = api_as(owner)

    chosen = client.get(URL, {"company": second.key})
    changed = client.patch(
        f"{URL}?company={second.key}", {"name": "Second, renamed"}, format="json"
    )

    assert chosen.json()["key"] == second.key
    assert changed.status_code == 200
    second.refresh_from_db()
    company.refresh_from_db()
    assert second.name == "Second, renamed" and company.name != "Second, renamed"
    assert client.get(URL).json()["key"] in {company.key, second.key}


def test_nobody_reaches_another_company_by_its_key(api_as, member, company, outsider):
    theirs = outsider.companies.first()

    response = api_as(member).patch(f"{URL}?company={theirs.key}", {"name": "x"}, format="json")

    body = assert_error(response, 404, "not_found")
    assert "not a member of a company with this key" in body["message"]
    theirs.refresh_from_db()
    assert theirs.name != "x"


def test_invisible_characters_at_the_edges_are_trimmed(api_as, member, company):
    patch = {"name": "\ufeffSato Textiles\u200b", "goals": ["\u3000Everyday wear\u2060"]}

    body = api_as(member).patch(URL, patch, format="json").json()

    assert (body["name"], body["goals"]) == ("Sato Textiles", ["Everyday wear"])
