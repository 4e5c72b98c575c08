"""A file that breaks any rule is refused whole, naming each record and field."""

import json

import pytest

from partners.models import Company
from partners.services.exchange import (
    ImportValidationError,
    companies_import,
    companies_import_json,
)
from tests.factories import CompanyFactory, CompanyRecordFactory

pytestmark = pytest.mark.django_db


def problems_of(document):
    with pytest.raises(ImportValidationError) as refused:
        companies_import(document=document)
    return [str(problem) for problem in refused.value.errors]


def with_change(change, key="acme"):
    record = CompanyRecordFactory(key=key)
    change(record)
    return record


def test_a_file_that_is_not_json_is_refused():
    with pytest.raises(ImportValidationError) as refused:
        companies_import_json(data='{"format": "alliance-companies/1", "companies": [')

    [problem] = refused.value.errors
    assert problem.record == "document"
    assert "not valid JSON" in problem.message
    assert "line 1" in problem.message


def test_nan_is_not_accepted_as_a_number():
    with pytest.raises(ImportValidationError, match="refused"):
        companies_import_json(data='{"format": "alliance-companies/1", "companies": [NaN]}')


def test_a_file_of_another_format_is_refused(companies_document):
    document = companies_document(CompanyRecordFactory())
    document["format"] = "alliance-companies/2"

    assert problems_of(document) == ['document: format: must be "alliance-companies/1"']


def test_a_document_without_companies_is_refused():
    assert problems_of({"format": "alliance-companies/1"}) == ["document: companies: is required"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r: r.pop("name"), 'companies[1] (key "acme"): name: is required'),
        (
            lambda r: r["value_chain"].pop("strengths"),
            'companies[1] (key "acme"): value_chain.strengths: is required',
        ),
        (
            lambda r: r.update(key="Acme Corp"),
            "companies[1]: key: must be 2 to 64 lowercase letters, digits or hyphens,"
            " not starting with a hyphen",
        ),
        (
            lambda r: r.update(key="acme\n"),
            "companies[1]: key: must be 2 to 64 lowercase letters, digits or hyphens,"
            " not starting with a hyphen",
        ),
        (
            lambda r: r.update(capabilities=[f"skill {i}" for i in range(31)]),
            'companies[1] (key "acme"): capabilities: must list at most 30 items (it lists 31)',
        ),
        (
            lambda r: r.update(needs=["fine", "x" * 201]),
            'companies[1] (key "acme"): needs[1]: must be at most 200 characters long (it has 201)',
        ),
        (
            lambda r: r.update(goals=[]),
            'companies[1] (key "acme"): goals: must list at least 1 item(s)',
        ),
        (
            lambda r: r.update(industry="C", industry_division="62"),
            'companies[1] (key "acme"): industry_division: division 62 belongs to section J,'
            " not to C",
        ),
        (
            lambda r: r.update(industry_division="04"),
            'companies[1] (key "acme"): industry_division: 04 is not an ISIC Rev.4 division',
        ),
        (
            lambda r: r.update(language="fr"),
            'companies[1] (key "acme"): language: must be one of: ja, en',
        ),
        (
            lambda r: r.update(region="Tokyo"),
            'companies[1] (key "acme"): region: must be an ISO 3166 code such as JP or JP-13',
        ),
        (
            lambda r: r.update(employees=-1),
            'companies[1] (key "acme"): employees: must be at least 0',
        ),
        (
            lambda r: r.update(employees=2**31),
            'companies[1] (key "acme"): employees: must be at most 2147483647',
        ),
        (
            lambda r: r.update(founded="1990"),
            'companies[1] (key "acme"): founded: must be a whole number',
        ),
        (
            lambda r: r["value_chain"].update(seeks=["operations", "operations"]),
            'companies[1] (key "acme"): value_chain.seeks: must not list the same item twice',
        ),
        (
            lambda r: r["value_chain"].update(strengths=["sales"]),
            'companies[1] (key "acme"): value_chain.strengths[0]: must be one of:',
        ),
        (
            lambda r: r.update(website="https://acme.example"),
            'companies[1] (key "acme"): website: is not a field of the format',
        ),
        (
            lambda r: r.update(name="Acme\x00"),
            'companies[1] (key "acme"): name: contains a character that cannot be stored',
        ),
        (
            lambda r: r.update(name="\u200b\u200c\u200d\u2060\ufeff\u3000"),
            'companies[1] (key "acme"): name: must contain visible text: spaces and invisible '
            "characters such as zero-width spaces do not count",
        ),
        (
            lambda r: r.update(goals=["Everyday wear.", "\u200b"]),
            'companies[1] (key "acme"): goals[1]: must contain visible text',
        ),
        (
            lambda r: r.update(capabilities=["\u3000 \ufeff"]),
            'companies[1] (key "acme"): capabilities[0]: must contain visible text',
        ),
    ],
)
def test_a_record_that_breaks_a_rule_is_refused_naming_record_and_field(
    companies_document, change, expected
):
    document = companies_document(CompanyRecordFactory(), with_change(change))

    problems = problems_of(document)

    assert len(problems) == 1
    assert problems[0].startswith(expected)


def test_a_key_used_twice_in_the_file_is_refused(companies_document):
    document = companies_document(
        CompanyRecordFactory(key="acme"), CompanyRecordFactory(), CompanyRecordFactory(key="acme")
    )

    assert problems_of(document) == [
        'companies[2] (key "acme"): key: duplicate key: companies[0] has it already'
    ]


def test_a_record_that_is_not_an_object_is_refused(companies_document):
    assert problems_of(companies_document("acme")) == ["companies[0]: must be an object"]


def test_every_problem_is_reported_at_once_naming_each_record_and_field(companies_document):
    document = companies_document(
        CompanyRecordFactory(key="good"),
        with_change(lambda r: r.update(industry_division="62"), key="first"),
        with_change(lambda r: (r.pop("language"), r.update(needs=["x" * 201])), key="second"),
        with_change(lambda r: r.update(key="-bad")),
    )

    problems = problems_of(document)

    assert problems == [
        'companies[1] (key "first"): industry_division: division 62 belongs to section J, not to C',
        'companies[2] (key "second"): language: is required',
        'companies[2] (key "second"): needs[0]: must be at most 200 characters long (it has 201)',
        "companies[3]: key: must be 2 to 64 lowercase letters, digits or hyphens,"
        " not starting with a hyphen",
    ]


def test_a_refused_file_writes_nothing(companies_document):
    existing = CompanyFactory(key="acme", name="Acme")
    document = companies_document(
        CompanyRecordFactory(key="acme", name="Renamed"),
        CompanyRecordFactory(key="newcomer"),
        with_change(lambda r: r.update(industry="Z"), key="broken"),
    )

    with pytest.raises(ImportValidationError):
        companies_import(document=document)

    assert list(Company.objects.values_list("key", "name")) == [("acme", "Acme")]
    existing.refresh_from_db()
    assert existing.name == "Acme"


def refusals_of_text(text):
    with pytest.raises(ImportValidationError) as refused:
        companies_import_json(data=text)
    return [str(problem) for problem in refused.value.errors]


def test_a_field_named_twice_in_a_record_is_refused_naming_record_and_field():
    first = json.dumps(CompanyRecordFactory(key="acme"))
    second = json.dumps(CompanyRecordFactory(key="beta"))[:-1] + ', "name": "Other"}'
    text = f'{{"format": "alliance-companies/1", "companies": [{first}, {second}]}}'

    assert refusals_of_text(text) == [
        'companies[1] (key "beta"): name: appears more than once: each field may appear only once'
    ]
    assert not Company.objects.exists()


def test_a_document_field_named_twice_is_refused():
    text = '{"format": "alliance-companies/1", "companies": [], "format": "x"}'
    assert refusals_of_text(text) == [
        "document: format: appears more than once: each field may appear only once"
    ]


def test_deep_nesting_is_refused_as_a_problem_not_a_recursion_error():
    deep = "[" * 100_000 + "]" * 100_000
    text = '{"format": "alliance-companies/1", "companies": [{"key": "a", "goals": ' + deep + "}]}"
    [problem] = refusals_of_text(text)
    assert "nested more than 32 levels" in problem


def test_invisible_characters_at_the_edges_of_texts_are_trimmed_on_import(companies_document):
    record = CompanyRecordFactory(key="acme")
    record.update(
        name="\ufeffAcme\u200b",
        description="\u3000Makers.\u2060",
        needs=["a partner\u200b", "a partner", "\u200ba distributor"],
    )

    companies_import(document=companies_document(record))

    company = Company.objects.get(key="acme")
    assert (company.name, company.description) == ("Acme", "Makers.")
    assert company.needs == ["a partner", "a distributor"]  # a repeat once trimmed: dropped
