"""Examples shown in the API documentation (OpenAPI) for the suggestions."""

from drf_spectacular.utils import OpenApiExample

_SUGGESTION = {
    "partner": {
        "key": "tanaka-sports",
        "name": "Tanaka Sports",
        "language": "en",
        "industry": "G",
        "industry_division": "47",
        "region": "JP-27",
        "value_chain": {"strengths": ["marketing_sales", "service"]},
        "capabilities": ["nationwide chain of sportswear stores"],
        "needs": ["a supplier of moisture-wicking fabric"],
        "goals": ["Functional clothing for everyone."],
    },
    "rank": 1,
    "score": 0.64,
    "band": {
        "code": "strong",
        "label": "Strong match",
        "description": "Clear evidence on both sides: each brings what the other looks for.",
    },
    "components": [
        {
            "code": "complementarity",
            "name": "Complementarity",
            "help": "How well each side's capabilities answer the other side's needs.",
            "value": 0.81,
            "level": 3,
            "level_name": "High",
        }
    ],
    "directions": {
        "for_you": {"score": 0.66, "complementarity": 0.84, "value_chain": 0.5},
        "for_them": {"score": 0.62, "complementarity": 0.78, "value_chain": 0.33},
    },
    "reasons": {
        "for_you": [
            "Your need “a retail partner for sportswear” is answered by their capability "
            "“nationwide chain of sportswear stores”."
        ],
        "for_them": [
            "Their need “a supplier of moisture-wicking fabric” is answered by your "
            "capability “moisture-wicking fabric”."
        ],
        "mutual": True,
    },
    "saved": False,
    "interest_status": None,
}

SUGGESTIONS_PAGE = OpenApiExample(
    "A suggestion",
    value=_SUGGESTION,
    response_only=True,
    status_codes=["200"],
)
FILTER_REFUSED = OpenApiExample(
    "Refused filter",
    value={
        "code": "invalid",
        "message": "The request was refused: the fields say what to correct.",
        "fields": {"industry": ["Select a valid choice. Z is not one of the available choices."]},
    },
    response_only=True,
    status_codes=["400"],
)
