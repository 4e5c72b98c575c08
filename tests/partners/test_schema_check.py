"""The shipped schema, and the fast pre-check compiled from it."""

import copy
import random
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from partners.exchange.validation import SCHEMA_PATH, company_schema
from partners.schema_check import UnsupportedSchema, compile_check
from partners.services.demo import demo_company_records
from tests.factories import CompanyRecordFactory

CONTRACT = Path(__file__).resolve().parents[3] / "shared" / "contracts" / "companies.schema.json"


def company_validators():
    schema = company_schema()
    one = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/company"}
    return compile_check(one), Draft202012Validator(one)


@pytest.mark.skipif(not CONTRACT.exists(), reason="the shared contract is not here")
def test_the_shipped_schema_is_the_contract_byte_for_byte():
    assert SCHEMA_PATH.read_bytes() == CONTRACT.read_bytes()


def test_the_pre_check_accepts_valid_records():
    check, _full = company_validators()

    assert check(CompanyRecordFactory())
    assert all(check(r) for r in demo_company_records(count=60, seed=3))


# Ways to break (or nearly break) a record, for the comparison below.
MUTATIONS = [
    lambda r: r.pop("key"),
    lambda r: r.update(key="x"),
    lambda r: r.update(key="ok\n"),
    lambda r: r.update(key=12),
    lambda r: r.update(name=""),
    lambda r: r.update(name="n" * 201),
    lambda r: r.update(language="de"),
    lambda r: r.update(language=None),
    lambda r: r.update(industry="CC"),
    lambda r: r.update(industry_division="1"),
    lambda r: r.update(region="jp-13"),
    lambda r: r.update(employees=-3),
    lambda r: r.update(employees=3.0),
    lambda r: r.update(employees=3.5),
    lambda r: r.update(employees=True),
    lambda r: r.update(founded="1999"),
    lambda r: r.update(description="d" * 5001),
    lambda r: r.update(value_chain=[]),
    lambda r: r["value_chain"].update(strengths=[]),
    lambda r: r["value_chain"].update(seeks=["service", "service"]),
    lambda r: r["value_chain"].update(extra=["service"]),
    lambda r: r.update(capabilities="one"),
    lambda r: r.update(capabilities=["c"] * 31),
    lambda r: r.update(needs=[1, 2]),
    lambda r: r.update(goals=["g" * 501]),
    lambda r: r.update(goals=["g"] * 11),
    lambda r: r.update(unexpected=True),
]


def test_the_pre_check_never_accepts_what_jsonschema_refuses():
    check, full = company_validators()
    rng = random.Random(7)
    base = CompanyRecordFactory()
    for _ in range(400):
        record = copy.deepcopy(base)
        for mutate in rng.sample(MUTATIONS, rng.randint(1, 3)):
            mutate(record)
        if check(record):
            assert full.is_valid(record), record


def test_the_pre_check_is_stricter_only_where_documented():
    check, full = company_validators()
    record = CompanyRecordFactory(employees=3.0)

    assert not check(record)  # sent on to jsonschema,
    assert full.is_valid(record)  # which has the last word


def test_a_schema_outside_the_supported_subset_does_not_compile():
    with pytest.raises(UnsupportedSchema):
        compile_check({"type": "string", "format": "email"})
    with pytest.raises(UnsupportedSchema):
        compile_check({"anyOf": [{"type": "string"}, {"type": "integer"}]})
