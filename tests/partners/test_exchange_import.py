"""Importing companies from the exchange format: round trips, updates by key, refusals."""

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from partners.models import Company
from partners.selectors import directory_companies
from partners.services.exchange import (
    companies_export,
    companies_import,
    companies_import_json,
)
from tests.factories import CompanyFactory, CompanyRecordFactory, MembershipFactory

DATA = Path(__file__).parent / "data"
SMALL_FILE = DATA / "companies_small.json"
DEV_SET = Path(__file__).resolve().parents[3] / "shared" / "data" / "dev_alliances.json"

pytestmark = pytest.mark.django_db


def export_text(indent=None):
    out = io.StringIO()
    companies_export(out=out, indent=indent)
    return out.getvalue()


def test_a_contract_file_comes_back_unchanged_through_import_and_export():
    text = SMALL_FILE.read_text(encoding="utf-8")

    result = companies_import_json(data=text.encode())

    assert (result.created, result.updated, result.unchanged) == (5, 0, 0)
    assert json.loads(export_text()) == json.loads(text)
    assert export_text(indent=2) == text  # byte for byte, Japanese and emoji included


@pytest.mark.skipif(not DEV_SET.exists(), reason="the shared development set is not here")
def test_the_development_set_comes_back_unchanged():
    text = DEV_SET.read_text(encoding="utf-8")

    companies_import_json(data=text)

    assert json.loads(export_text()) == json.loads(text)


def test_reimporting_the_same_file_changes_nothing():
    companies_import_json(data=SMALL_FILE.read_bytes())
    before = {c.key: (c.pk, c.updated_at, c.search_text) for c in Company.objects.all()}

    result = companies_import_json(data=SMALL_FILE.read_bytes())

    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)
    assert {c.key: (c.pk, c.updated_at, c.search_text) for c in Company.objects.all()} == before


def test_importing_a_known_key_updates_that_company(companies_document):
    record = CompanyRecordFactory(key="acme", name="Acme")
    companies_import(document=companies_document(record))
    company = Company.objects.get(key="acme")

    record["name"] = "Acme Fibres"
    record["capabilities"] = ["recycled nylon yarn", "dyeing without water"]
    result = companies_import(document=companies_document(record))

    updated = Company.objects.get(key="acme")
    assert (result.created, result.updated) == (0, 1)
    assert updated.pk == company.pk
    assert updated.created_at == company.created_at
    assert updated.updated_at > company.updated_at
    assert updated.name == "Acme Fibres"
    assert updated.capabilities == ["recycled nylon yarn", "dyeing without water"]


def test_optional_fields_left_out_of_the_file_are_emptied_on_update(companies_document):
    company = CompanyFactory(key="acme", region="JP-13", employees=50, founded=1990)
    record = CompanyRecordFactory(key="acme")
    for field in ("industry_division", "region", "employees", "founded", "description"):
        del record[field]
    del record["value_chain"]["seeks"]

    companies_import(document=companies_document(record))

    company.refresh_from_db()
    assert (company.industry_division, company.region, company.description) == ("", "", "")
    assert (company.employees, company.founded, company.seeks) == (None, None, [])


def test_fields_outside_the_format_are_kept_on_update(companies_document):
    hidden_at = timezone.now() - timedelta(days=2)
    company = CompanyFactory(
        key="acme",
        visibility=Company.Visibility.HIDDEN,
        contact_email="sato@acme.example",
        website="https://acme.example",
        hidden_reason="Misleading figures",
        hidden_at=hidden_at,
    )
    owner = MembershipFactory(company=company).user

    companies_import(document=companies_document(CompanyRecordFactory(key="acme")))

    company.refresh_from_db()
    assert company.visibility == Company.Visibility.HIDDEN
    # Hidden by staff: the reason and the date stay (PostgreSQL copies them as CSV).
    assert (company.hidden_reason, company.hidden_at) == ("Misleading figures", hidden_at)
    assert company.contact_email == "sato@acme.example"
    assert company.website == "https://acme.example"
    assert list(company.members.all()) == [owner]


def test_new_companies_get_the_defaults_for_fields_outside_the_format(companies_document):
    companies_import(document=companies_document(CompanyRecordFactory(key="acme")))

    company = Company.objects.get(key="acme")
    assert company.visibility == Company.Visibility.LISTED
    assert (company.contact_name, company.contact_email, company.website) == ("", "", "")
    assert company.created_at is not None
    company.full_clean()  # what the bulk path wrote passes the model's own validation


def test_imported_companies_are_found_by_the_directory_search(companies_document):
    record = CompanyRecordFactory(capabilities=["ＡＩ画像検査"], description="")

    companies_import(document=companies_document(record))

    assert [c.key for c in directory_companies(text="ai画像")] == [record["key"]]


def test_whole_numbers_written_as_decimals_are_stored_as_integers(companies_document):
    companies_import(document=companies_document(CompanyRecordFactory(key="acme", employees=5.0)))

    assert Company.objects.get(key="acme").employees == 5


def test_imports_in_several_batches_count_every_company(companies_document, monkeypatch):
    monkeypatch.setattr("partners.services.exchange.BATCH_SIZE", 3)
    records = [CompanyRecordFactory() for _ in range(7)]
    progress = []

    result = companies_import(
        document=companies_document(*records), progress=lambda *step: progress.append(step)
    )

    assert result.created == 7
    assert Company.objects.count() == 7
    assert ("write", 3, 7) in progress
    assert progress[-1] == ("write", 7, 7)
    assert ("validate", 7, 7) in progress


def test_a_company_imported_without_seeks_can_be_edited_afterwards():
    from partners.services.companies import company_update

    record = CompanyRecordFactory()
    record["value_chain"].pop("seeks", None)
    companies_import(document={"format": "alliance-companies/1", "companies": [record]})
    company = Company.objects.get(key=record["key"])
    assert company.seeks == []

    company_update(company=company, data={"needs": ["a partner for a pilot project"]})

    company.refresh_from_db()
    assert company.needs == ["a partner for a pilot project"] and company.seeks == []
