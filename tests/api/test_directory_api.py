"""/api/v1/companies/: the directory's listed companies, with its filters."""

import pytest

from partners.models import Company
from tests.api.conftest import assert_error
from tests.factories import CompanyFactory, MembershipFactory, UserFactory, suggestions_make

pytestmark = pytest.mark.django_db
URL = "/api/v1/companies/"


def keys(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [record["key"] for record in response.json()["results"]]


@pytest.fixture
def population(db):
    return {
        "textiles": CompanyFactory(key="tokyo-textiles", name="A Textiles", region="JP-13"),
        "retail": CompanyFactory(
            key="osaka-retail",
            name="B Retail",
            industry="G",
            industry_division="47",
            region="JP-27",
            strengths=["marketing_sales"],
            capabilities=["全国の販売網"],
        ),
        "hidden": CompanyFactory(key="hidden-co", name="C Hidden", visibility="hidden"),
        "partners": CompanyFactory(key="quiet-co", name="D Quiet", visibility="partners"),
    }


@pytest.fixture
def reader(api_as, population):
    return api_as(UserFactory())


def test_it_lists_only_listed_companies_by_name(reader):
    assert keys(reader.get(URL)) == ["tokyo-textiles", "osaka-retail"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"industry": "G"}, ["osaka-retail"]),
        ({"activity": "marketing_sales"}, ["osaka-retail"]),
        ({"region": "jp-13"}, ["tokyo-textiles"]),
        ({"region": "JP"}, ["tokyo-textiles", "osaka-retail"]),
        ({"region": "東京"}, ["tokyo-textiles"]),
        ({"region": "東京都大田区"}, ["tokyo-textiles"]),
        ({"region": " tokyo "}, ["tokyo-textiles"]),
        ({"region": "日本"}, ["tokyo-textiles", "osaka-retail"]),
        ({"industry": "卸売業"}, ["osaka-retail"]),
        ({"industry": "Wholesale"}, ["osaka-retail"]),
        ({"industry": "g"}, ["osaka-retail"]),
        ({"q": "販売網"}, ["osaka-retail"]),
        ({"q": "textiles", "industry": "C"}, ["tokyo-textiles"]),
    ],
)
def test_it_filters_like_the_directory_page(reader, query, expected):
    assert keys(reader.get(URL, query)) == expected


def test_a_bad_filter_is_refused_naming_it(reader):
    body = assert_error(reader.get(URL, {"region": "Atlantis"}), 400, "invalid")

    assert list(body["fields"]) == ["region"]
    assert "“Atlantis” is not a region Kyoso knows." in body["fields"]["region"][0]


def test_records_carry_public_fields_only(reader):
    record = reader.get(URL).json()["results"][0]

    assert "contact_email" not in record and "visibility" not in record
    assert record["value_chain"]["strengths"]


def test_the_directory_needs_credentials(api, population):
    assert_error(api.get(URL), 401, "not_authenticated")


def test_a_listed_company_opens_for_everyone(reader, population):
    response = reader.get(f"{URL}tokyo-textiles/")

    assert response.status_code == 200
    assert response.json()["name"] == "A Textiles"


def test_a_hidden_company_is_404_except_for_its_members(api_as, reader, population):
    hidden = population["hidden"]
    member = MembershipFactory(company=hidden).user

    assert_error(reader.get(f"{URL}{hidden.key}/"), 404, "not_found")
    assert api_as(member).get(f"{URL}{hidden.key}/").status_code == 200


def test_a_partners_only_company_opens_for_a_suggested_partner(api_as, reader, population):
    quiet, textiles = population["partners"], population["textiles"]
    partner = MembershipFactory(company=textiles).user
    suggestions_make(textiles, quiet)

    assert_error(reader.get(f"{URL}{quiet.key}/"), 404, "not_found")
    assert api_as(partner).get(f"{URL}{quiet.key}/").status_code == 200


def test_an_unknown_key_is_404(reader):
    assert_error(reader.get(f"{URL}no-such-co/"), 404, "not_found")


def test_it_is_read_only(reader, population):
    response = reader.post(URL, {"name": "x"}, format="json")

    assert_error(response, 405, "method_not_allowed")
    assert Company.objects.count() == len(population)


@pytest.mark.parametrize("region", ["ß", "ßa", "ıp", "J P", "JP-1234"])
def test_a_region_is_read_in_ascii_before_upper_casing(reader, region):
    # "ß".upper() is "SS" and "ı".upper() is "I": neither is a code.
    response = reader.get(URL, {"region": region})
    assert "region" in assert_error(response, 400, "invalid")["fields"]


def test_a_region_in_lower_case_or_with_spaces_is_read(reader):
    assert reader.get(URL, {"region": " jp-13 "}).status_code == 200
