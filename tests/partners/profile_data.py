"""Form data for the company profile, as a browser would post it."""

from django.utils.datastructures import MultiValueDict


def profile_post(**overrides) -> dict:
    """A valid profile as posted by the form; lists are sent one value per input."""
    data = {
        "name": "佐藤テキスタイル株式会社",
        "language": "ja",
        "industry": "C",
        "industry_division": "13",
        "region": "JP-13",
        "employees": "120",
        "founded": "1952",
        "description": "吸湿発熱素材を開発する繊維メーカーです。",
        "strengths": ["operations", "technology_development"],
        "seeks": ["marketing_sales"],
        "capabilities": ["吸湿発熱ポリエステル", "小ロット染色", ""],
        "needs": ["量販アパレルとの共同開発", ""],
        "goals": ["機能性衣料を10年で日常品にする", ""],
        "visibility": "listed",
        "contact_name": "佐藤花子",
        "contact_email": "hanako@sato-textile.example",
        "contact_phone": "03-1234-5678",
        "website": "https://sato-textile.example",
    }
    data.update(overrides)
    return data


def as_querydict(data: dict) -> MultiValueDict:
    """The posted data as forms receive it (repeated names become lists)."""
    return MultiValueDict(
        {key: value if isinstance(value, list) else [value] for key, value in data.items()}
    )
