"""The documented bodies of PUT and PATCH /api/v1/company/ (built from the exchange
format's JSON Schema, ``partners.api.record_schema``) accept exactly what the server
accepts: each record below is checked against the schema with jsonschema and sent to
the API, and the two must agree."""

from __future__ import annotations

import copy

import pytest
from drf_spectacular.generators import SchemaGenerator
from jsonschema import Draft202012Validator

from partners.exchange.validation import MAX_INTEGER

pytestmark = pytest.mark.django_db
URL = "/api/v1/company/"

WHOLE = {
    "name": "Sato Textiles",
    "language": "en",
    "industry": "C",
    "industry_division": "13",
    "region": "JP-13",
    "employees": 120,
    "description": "",
    "value_chain": {"strengths": ["operations"], "seeks": []},
    "capabilities": ["small-lot dyeing"],
    "needs": ["a retail partner"],
    "goals": ["Everyday functional clothing."],
}


def _with(**changes):
    record = copy.deepcopy(WHOLE)
    for name, value in changes.items():
        if value is ...:
            record.pop(name)
        else:
            record[name] = value
    return record


PUTS = [
    WHOLE,
    _with(industry_division=...),
    _with(industry="G", industry_division="47"),
    _with(industry="G"),  # 13 is a division of C
    _with(industry_division="00"),
    _with(employees=MAX_INTEGER),
    _with(employees=MAX_INTEGER + 1),
    _with(region="jp-13"),
    _with(name="Sato\x00"),
    _with(value_chain={"strengths": ["operations", "operations"]}),
    _with(capabilities=[]),
    _with(name="\u200b\u3000"),  # nothing visible
    _with(name="\ufeffSato\u200b"),  # trimmed
    _with(capabilities=["\u2060"]),
    _with(goals=["Everyday wear.", "\u200c\u200d"]),
    _with(needs=["a retail partner", "a retail partner\u200b"]),  # the same once trimmed
    _with(key="another"),
    _with(visibility="hidden"),
]
PATCHES = [
    {},
    {"name": "New name"},
    {"industry": "G", "industry_division": "47"},
    {"industry": "G", "industry_division": None},
    {"industry": "G"},
    {"industry_division": "14"},
    {"industry": "G", "industry_division": "13"},
    {"region": None, "employees": None, "description": None},
    {"name": None},
    {"name": "\u200b"},
    {"": None, "goals": ["0", "0"]},  # a field outside the format, even removed
    {"value_chain": {"ranks": None}},
    {"goals": ["\ufeff"]},
    {"value_chain": {"seeks": ["service"]}},
    {"value_chain": {"strengths": []}},
]


def _body_schema(method: str) -> Draft202012Validator:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    body = schema["paths"][URL][method]["requestBody"]
    return Draft202012Validator(body["content"]["application/json"]["schema"])


@pytest.mark.parametrize("record", PUTS)
def test_put_accepts_what_its_schema_accepts(api_as, member, company, record):
    valid = _body_schema("put").is_valid(record)
    response = api_as(member).put(URL, record, format="json")
    assert response.status_code == (200 if valid else 400), (record, response.content)


@pytest.mark.parametrize("patch", PATCHES)
def test_patch_accepts_what_its_schema_accepts(api_as, member, company, patch):
    valid = _body_schema("patch").is_valid(patch)
    response = api_as(member).patch(URL, patch, format="json")
    assert response.status_code == (200 if valid else 400), (patch, response.content)


def test_a_body_with_required_fields_is_documented_as_required():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert schema["paths"][URL]["put"]["requestBody"]["required"] is True
    assert schema["paths"]["/api/v1/interests/"]["post"]["requestBody"]["required"] is True
