"""Exporting companies in the exchange format."""

import io
import json

import jsonschema
import pytest

from partners.exchange.validation import company_schema
from partners.services.exchange import companies_export
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def exported(**options):
    out = io.StringIO()
    result = companies_export(out=out, **options)
    return json.loads(out.getvalue()), result


def test_an_empty_database_exports_a_valid_empty_document():
    document, result = exported()

    assert document == {"format": "alliance-companies/1", "companies": []}
    assert result.exported == 0


def test_companies_are_exported_in_key_order_with_the_format_field_names():
    CompanyFactory(key="b-second", name="Second")
    CompanyFactory(key="a-first", name="First")
    CompanyFactory(key="a-first-2", name="Third")

    document, _result = exported()

    assert [c["key"] for c in document["companies"]] == ["a-first", "a-first-2", "b-second"]
    assert list(document["companies"][0]) == [
        "key", "name", "language", "industry", "industry_division", "region",
        "description", "value_chain", "capabilities", "needs", "goals",
    ]  # fmt: skip
    assert document["companies"][0]["value_chain"] == {
        "strengths": ["operations", "technology_development"],
        "seeks": ["marketing_sales"],
    }


def test_empty_optional_fields_are_left_out_but_zero_is_kept():
    CompanyFactory(
        key="acme", industry_division="", region="", description="", seeks=[], employees=0
    )

    [record] = exported()[0]["companies"]

    assert "industry_division" not in record and "region" not in record
    assert "description" not in record and "founded" not in record
    assert record["value_chain"] == {"strengths": ["operations", "technology_development"]}
    assert record["employees"] == 0


def test_fields_outside_the_format_are_not_exported():
    CompanyFactory(key="acme", contact_email="sato@acme.example", website="https://acme.example")

    [record] = exported()[0]["companies"]

    assert "contact_email" not in record and "website" not in record and "visibility" not in record


def test_a_profile_that_does_not_fit_the_format_is_left_out_and_reported():
    CompanyFactory(key="complete")
    CompanyFactory(key="half-done", capabilities=[], strengths=[])

    document, result = exported()

    assert [c["key"] for c in document["companies"]] == ["complete"]
    assert result.skipped == ["half-done"]
    jsonschema.validate(document, company_schema())


def test_the_export_validates_against_the_schema():
    CompanyFactory(key="acme", language="ja", name="青空テキスタイル", description="改行\nあり")
    CompanyFactory(key="zeta", employees=12, founded=1990)

    document, _result = exported(indent=2)

    jsonschema.validate(document, company_schema())


def test_progress_is_reported_as_companies_are_written():
    CompanyFactory.create_batch(3)
    steps = []

    companies_export(out=io.StringIO(), progress=lambda *step: steps.append(step))

    assert steps[-1] == ("export", 3, 3)
