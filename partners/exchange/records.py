"""Records of ``alliance-companies/1`` <-> fields of ``partners.models.Company``.

The file is the truth for the fields of the format: an optional field absent from
a record means blank text, ``None`` or an empty list in the model. On the way out,
empty values are left out, so a record comes back as it went in.

Canonical form (what round-trips byte for byte after parsing): optional fields are
either absent or non-empty. An empty ``description`` or ``region`` and an empty
``value_chain.seeks`` list mean the same as their absence and are exported absent.
``employees: 0`` and ``founded: 0`` are values, and come back. Texts are stored
without the spaces and invisible characters at their edges (``partners.text``), as the
profile form stores them (an item that becomes a repeat of an earlier one is dropped):
a text without such edges comes back as it went in.
"""

from collections.abc import Mapping
from typing import Any

from partners.text import strip_invisible

# Model fields that the format carries, besides the key, in the model's terms.
FORMAT_FIELDS = (
    "name",
    "language",
    "industry",
    "industry_division",
    "region",
    "employees",
    "founded",
    "description",
    "strengths",
    "seeks",
    "capabilities",
    "needs",
    "goals",
)


def record_fields(record: Mapping[str, Any]) -> dict[str, Any]:
    """Model field values (``FORMAT_FIELDS``) of a valid record."""
    value_chain = record["value_chain"]
    return {
        "name": strip_invisible(record["name"]),
        "language": record["language"],
        "industry": record["industry"],
        "industry_division": record.get("industry_division", ""),
        "region": record.get("region", ""),
        "employees": _whole_number(record.get("employees")),
        "founded": _whole_number(record.get("founded")),
        "description": strip_invisible(record.get("description", "")),
        "strengths": list(value_chain["strengths"]),
        "seeks": list(value_chain.get("seeks", [])),
        "capabilities": _trimmed(record["capabilities"]),
        "needs": _trimmed(record["needs"]),
        "goals": _trimmed(record["goals"]),
    }


def _trimmed(texts: list[str]) -> list[str]:
    """The texts trimmed, in order; one that the trimming made a repeat is left out."""
    return list(dict.fromkeys(strip_invisible(text) for text in texts))


def _whole_number(value: int | float | None) -> int | None:
    # JSON Schema counts 1.0 as an integer; the database wants an int.
    return None if value is None else int(value)


def row_record(key: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The record of a company (its key and ``FORMAT_FIELDS``), in the format's field order."""
    record: dict[str, Any] = {
        "key": key,
        "name": fields["name"],
        "language": fields["language"],
        "industry": fields["industry"],
    }
    for name in ("industry_division", "region", "employees", "founded", "description"):
        value = fields[name]
        if value is not None and value != "":
            record[name] = value
    value_chain: dict[str, Any] = {"strengths": list(fields["strengths"] or [])}
    if fields["seeks"]:
        value_chain["seeks"] = list(fields["seeks"])
    record["value_chain"] = value_chain
    for name in ("capabilities", "needs", "goals"):
        record[name] = list(fields[name] or [])
    return record
