"""Examples shown in the API documentation (OpenAPI)."""

from drf_spectacular.utils import OpenApiExample

_RECORD = {
    "key": "sato-textiles",
    "name": "Sato Textiles",
    "language": "en",
    "industry": "C",
    "industry_division": "13",
    "region": "JP-13",
    "employees": 120,
    "founded": 1962,
    "description": "A maker of technical textiles.",
    "value_chain": {
        "strengths": ["operations", "technology_development"],
        "seeks": ["marketing_sales"],
    },
    "capabilities": ["moisture-wicking fabric", "small-lot dyeing"],
    "needs": ["a retail partner for sportswear"],
    "goals": ["Make functional clothing an everyday product within ten years."],
}

COMPANY_RECORD = OpenApiExample("A company", value=_RECORD)
# What PUT sends: the record without its read-only key.
COMPANY_RECORD_WRITE = OpenApiExample(
    "A whole record",
    value={name: value for name, value in _RECORD.items() if name != "key"},
    request_only=True,
)
COMPANY_RECORD_ANSWER = OpenApiExample("A company", value=_RECORD, response_only=True)
COMPANY_PATCH = OpenApiExample(
    "Change the needs, remove the region",
    value={"needs": ["a sports brand to co-develop garments with"], "region": None},
    request_only=True,
)
COMPANY_REFUSED = OpenApiExample(
    "Refused",
    value={
        "code": "invalid",
        "message": "The request was refused: the fields say what to correct.",
        "fields": {
            "value_chain.strengths": ["must list at least 1 item(s)"],
            "capabilities[2]": ["must be at most 200 characters long (it has 240)"],
        },
    },
    response_only=True,
    status_codes=["400"],
)
IMPORT_DOCUMENT = OpenApiExample(
    "A document",
    value={"format": "alliance-companies/1", "companies": [_RECORD]},
    request_only=True,
)
IMPORT_RESULT = OpenApiExample(
    "Imported",
    value={"created": 1, "updated": 0, "unchanged": 0, "changed_keys": ["sato-textiles"]},
    response_only=True,
    status_codes=["200"],
)
IMPORT_REFUSED = OpenApiExample(
    "Refused",
    value={
        "code": "invalid",
        "message": "The file was refused (1 problems); nothing was imported.",
        "fields": {"companies[0].industry": ["is required"]},
    },
    response_only=True,
    status_codes=["400"],
)
