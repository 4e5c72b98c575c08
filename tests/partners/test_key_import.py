"""Importing the exchange format after an owner changed a company's key: the format
promises that importing the same key again updates that company."""

import pytest

from partners.models import Company
from partners.services.companies import company_key_change
from partners.services.exchange import companies_export, companies_import
from tests.factories import CompanyRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(companies_document):
    """A company imported as ``ymt`` whose owner changed the key to ``yamato-seimitsu``."""
    record = CompanyRecordFactory(key="ymt", name="株式会社ヤマト精密")
    companies_import(document=companies_document(record))
    company_key_change(company=Company.objects.get(key="ymt"), key="yamato-seimitsu")
    return record


def test_importing_a_former_key_updates_the_company_under_its_current_key(
    record, companies_document
):
    record["name"] = "ヤマト精密工業株式会社"

    result = companies_import(document=companies_document(record))

    assert (result.created, result.updated, result.changed_keys) == (0, 1, ["yamato-seimitsu"])
    [company] = Company.objects.all()
    assert (company.key, company.name) == ("yamato-seimitsu", "ヤマト精密工業株式会社")


def test_reimporting_an_unchanged_record_under_a_former_key_changes_nothing(
    record, companies_document
):
    result = companies_import(document=companies_document(record))

    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert Company.objects.get().key == "yamato-seimitsu"


def test_a_document_naming_both_keys_keeps_them_apart(record, companies_document):
    current = {**record, "key": "yamato-seimitsu", "name": "Current"}

    result = companies_import(document=companies_document(record, current))

    assert result.created == 1
    assert dict(Company.objects.values_list("key", "name")) == {
        "ymt": record["name"],
        "yamato-seimitsu": "Current",
    }


def test_the_export_names_the_company_by_its_current_key(record, tmp_path):
    path = tmp_path / "out.json"
    with path.open("w") as out:
        companies_export(out=out)

    assert '"key": "yamato-seimitsu"' in path.read_text()
    assert '"ymt"' not in path.read_text()
