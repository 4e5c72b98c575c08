"""The OpenAPI request bodies of a company record, built from the exchange format's own
JSON Schema (``partners/schemas/companies.schema.json``), so that the API documents
exactly what ``record_problems`` accepts: the schema's rules, and the rules it cannot
say in plain properties, said here too:

- ``industry_division`` must belong to ``industry`` (one ``if``/``then`` per section);
- whole numbers fit the database (``maximum``), texts hold no NUL, and the required
  ones (``name``, each capability, need and goal) something visible (``NOT_BLANK``:
  spaces and invisible characters such as zero-width spaces do not count);
- ``key`` is the company's own and read-only, so it is not part of a write.

A merge patch (``PATCH``) has every field optional, ``null`` removes an optional one,
and ``industry`` and ``industry_division`` travel together (the division must belong
to the industry it is sent with; ``null`` removes it).
"""

from __future__ import annotations

import copy
from typing import Any

from alliance.api.schema import NO_NUL, NOT_BLANK
from partners.exchange.validation import MAX_INTEGER, company_schema
from partners.reference import ISIC_DIVISIONS

OPTIONAL = ("industry_division", "region", "employees", "founded", "description")


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline(defs[node["$ref"].rsplit("/", 1)[1]], defs)
        return {name: _inline(value, defs) for name, value in node.items()}
    if isinstance(node, list):
        return [_inline(value, defs) for value in node]
    return node


def _divisions_by_section() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    for code, (section, _name) in ISIC_DIVISIONS.items():
        sections.setdefault(section, []).append(code)
    return {section: sorted(codes) for section, codes in sorted(sections.items())}


def _division_rules(nullable: bool) -> list[dict[str, Any]]:
    return [
        {
            "if": {"properties": {"industry": {"const": section}}, "required": ["industry"]},
            "then": {
                "properties": {"industry_division": {"enum": [*codes, None] if nullable else codes}}
            },
        }
        for section, codes in _divisions_by_section().items()
    ]


def _record(nullable: bool) -> dict[str, Any]:
    contract = copy.deepcopy(company_schema())
    record = _inline(contract["$defs"]["company"], contract["$defs"])
    properties = record["properties"]
    del properties["key"]
    record["required"] = [name for name in record["required"] if name != "key"]
    for name in ("employees", "founded"):
        properties[name]["maximum"] = MAX_INTEGER
    properties["name"]["pattern"] = NOT_BLANK
    properties["description"]["pattern"] = NO_NUL
    for name in ("capabilities", "needs", "goals"):
        properties[name]["items"]["pattern"] = NOT_BLANK
    record["allOf"] = _division_rules(nullable)
    return record


def company_write_schema() -> dict[str, Any]:
    """The body of ``PUT /api/v1/company/``: a whole record without its key."""
    return _record(nullable=False)


def company_patch_schema() -> dict[str, Any]:
    """The body of ``PATCH /api/v1/company/`` (JSON Merge Patch, RFC 7396)."""
    record = _record(nullable=True)
    record["required"] = []
    for name in OPTIONAL:
        field = record["properties"][name]
        field["type"] = [field["type"], "null"]
    value_chain = record["properties"]["value_chain"]
    value_chain["required"] = []
    seeks = value_chain["properties"]["seeks"]
    seeks["type"] = [seeks["type"], "null"]
    record["dependentRequired"] = {
        "industry": ["industry_division"],
        "industry_division": ["industry"],
    }
    return record
