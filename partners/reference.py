"""Reference vocabularies of the exchange format: ISIC Rev.4 and Porter's value chain.

Codes are the ones of ``alliance-companies/1``. Activity and division names are
translatable; a section's names are data: its ISIC name in English and a JSIC-style
Japanese name (``section_name`` picks the page's language), and
``industry_code_from_text`` reads any of them back.
"""

import re

from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .text_patterns import loose_alternatives, normalise, tidy

# Porter's nine value-chain activities: code -> (name, one-line explanation).
VALUE_CHAIN_ACTIVITIES = {
    "inbound_logistics": (
        _("Inbound logistics"),
        _("Receiving, storing and handling the inputs: materials, parts, data."),
    ),
    "operations": (
        _("Operations"),
        _("Turning inputs into the product or service: production, processing, assembly."),
    ),
    "outbound_logistics": (
        _("Outbound logistics"),
        _("Getting the product to customers: warehousing, distribution, delivery."),
    ),
    "marketing_sales": (
        _("Marketing and sales"),
        _("Making customers aware and buying: brand, channels, sales teams, pricing."),
    ),
    "service": (
        _("Service"),
        _("Keeping value after the sale: support, maintenance, installation, training."),
    ),
    "firm_infrastructure": (
        _("Firm infrastructure"),
        _("Management, finance, legal, quality and planning that carry the whole company."),
    ),
    "human_resources": (
        _("Human resource management"),
        _("Recruiting, developing and keeping the people and skills the work needs."),
    ),
    "technology_development": (
        _("Technology development"),
        _("Research, design, engineering and know-how that improve products and processes."),
    ),
    "procurement": (
        _("Procurement"),
        _("Sourcing and buying the inputs: suppliers, materials, equipment, services."),
    ),
}
PRIMARY_ACTIVITIES = (
    "inbound_logistics",
    "operations",
    "outbound_logistics",
    "marketing_sales",
    "service",
)
SUPPORT_ACTIVITIES = (
    "firm_infrastructure",
    "human_resources",
    "technology_development",
    "procurement",
)
VALUE_CHAIN_CHOICES = [(code, name) for code, (name, _help) in VALUE_CHAIN_ACTIVITIES.items()]

# ISIC Rev.4 sections: code -> (the ISIC name, in English in every language; a Japanese
# name in the style of the JSIC (日本標準産業分類) 大分類 a Japanese member knows, with the
# JSIC section it mostly matches; other names members type for it, in either language).
# The code stays the ISIC letter: the JSIC letters differ (製造業 is JSIC E, ISIC C).
_SECTIONS = {
    "A": ("Agriculture, forestry and fishing", "農業，林業，漁業",  # JSIC A, B
          ("農林水産業", "農林漁業", "Agriculture", "Forestry", "Fishing", "Fishery")),
    "B": ("Mining and quarrying", "鉱業，採石業，砂利採取業",  # JSIC C
          ("鉱業", "採石業", "Mining", "Quarrying")),
    "C": ("Manufacturing", "製造業",  # JSIC E
          ("製造", "ものづくり", "Manufacture")),
    "D": ("Electricity, gas, steam and air conditioning supply", "電気・ガス・熱供給業",  # JSIC F
          ("電気業", "ガス業", "熱供給業", "電力", "エネルギー", "Electricity", "Energy")),
    "E": ("Water supply; sewerage, waste management and remediation",
          "水道業，廃棄物処理業",  # JSIC F (水道業), R (廃棄物処理業)
          ("廃棄物処理", "リサイクル", "Water supply", "Waste management", "Sewerage",
           "Recycling")),
    "F": ("Construction", "建設業",  # JSIC D
          ("建設", "建築", "土木")),
    "G": ("Wholesale and retail trade; repair of motor vehicles", "卸売業，小売業",  # JSIC I
          ("卸売", "小売", "商社", "Wholesale", "Retail", "Wholesale and retail trade", "Trade")),
    "H": ("Transportation and storage", "運輸業，郵便業",  # JSIC H
          ("運輸", "物流", "倉庫業", "Transportation", "Transport", "Logistics", "Storage")),
    "I": ("Accommodation and food service activities", "宿泊業，飲食サービス業",  # JSIC M
          ("宿泊", "飲食", "飲食店", "ホテル", "Accommodation", "Food service", "Restaurants",
           "Hospitality")),
    "J": ("Information and communication", "情報通信業",  # JSIC G
          ("情報通信", "通信業", "ソフトウェア業", "IT", "ICT", "Software",
           "Telecommunications")),
    "K": ("Financial and insurance activities", "金融業，保険業",  # JSIC J
          ("金融", "保険", "Finance", "Financial services", "Insurance")),
    "L": ("Real estate activities", "不動産業",  # JSIC K (不動産業)
          ("不動産", "Real estate")),
    "M": ("Professional, scientific and technical activities",
          "学術研究，専門・技術サービス業",  # JSIC L
          ("専門サービス業", "技術サービス業", "研究開発", "コンサルティング",
           "Professional services", "Research and development", "R&D", "Consulting")),
    "N": ("Administrative and support service activities",
          "物品賃貸業，事業支援サービス業",  # JSIC K (物品賃貸業), R, N (旅行業)
          ("物品賃貸業", "事業支援サービス業", "人材派遣", "労働者派遣業", "職業紹介", "旅行業",
           "警備業", "ビルメンテナンス", "Administrative and support services",
           "Rental and leasing", "Staffing", "Travel agency")),
    "O": ("Public administration and defence; compulsory social security", "公務",  # JSIC S
          ("行政", "Public administration", "Government")),
    "P": ("Education", "教育，学習支援業",  # JSIC O
          ("教育", "学習支援業")),
    "Q": ("Human health and social work activities", "医療，福祉",  # JSIC P
          ("医療", "福祉", "介護", "Health", "Healthcare", "Health care", "Social work")),
    "R": ("Arts, entertainment and recreation", "娯楽業，芸術・スポーツ",  # JSIC N (娯楽業)
          ("娯楽業", "娯楽", "芸術", "スポーツ", "エンターテインメント", "Arts",
           "Entertainment", "Recreation")),
    "S": ("Other service activities", "生活関連サービス業，その他のサービス業",  # JSIC N, R
          ("生活関連サービス業", "その他のサービス業", "Other services", "Personal services")),
    "T": ("Activities of households as employers", "家事サービス業（雇用主としての世帯）",
          ("家事サービス業", "Households as employers")),  # JSIC N (家事サービス業)
    "U": ("Activities of extraterritorial organizations and bodies",
          "外国公務，国際機関（治外法権）",  # JSIC R (外国公務)
          ("外国公務", "国際機関", "Extraterritorial organizations",
           "International organizations")),
}  # fmt: skip
# Sections no member's company belongs to: valid codes of the exchange format (staff and
# imports may use them) but not offered in the members' choices.
SECTIONS_NOT_OFFERED = ("T", "U")

ISIC_SECTION_NAMES_EN = {code: english for code, (english, _ja, _aka) in _SECTIONS.items()}
JSIC_SECTION_NAMES_JA = {code: japanese for code, (_en, japanese, _aka) in _SECTIONS.items()}


def section_name(code: str, language: str | None = None) -> str:
    """The section's name: the JSIC-style Japanese name in Japanese, the ISIC name otherwise."""
    if code not in _SECTIONS:
        return code
    # No active language (deactivate_all(), as in makemigrations): English, as gettext shows.
    language = language or get_language() or "en"
    if language.startswith("ja"):
        return JSIC_SECTION_NAMES_JA[code]
    return ISIC_SECTION_NAMES_EN[code]


def section_label(code: str) -> str:
    """'C — 製造業' in Japanese, 'C — Manufacturing' in English."""
    return f"{code} — {section_name(code)}"


_section_name_lazy = lazy(section_name, str)
_section_label_lazy = lazy(section_label, str)

# code -> the section's name in the active language (a lazy text).
ISIC_SECTIONS = {code: _section_name_lazy(code) for code in _SECTIONS}
# Every section, as the exchange format knows them; format_lazy-like lazy labels.
ISIC_SECTION_CHOICES = [(code, _section_label_lazy(code)) for code in _SECTIONS]
# The sections a member may choose for a company (without T and U).
MEMBER_SECTION_CHOICES = [
    (code, label) for code, label in ISIC_SECTION_CHOICES if code not in SECTIONS_NOT_OFFERED
]


def _section_names_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for code, (english, japanese, aliases) in _SECTIONS.items():
        names = [english, japanese, *aliases]
        # "卸売業，小売業": each of its parts too; "家事サービス業（…）": without the brackets.
        names += japanese.split("，") + [re.sub(r"（.*?）", "", japanese)]
        for name in names:
            key = normalise(name)
            assert index.get(key, code) == code, f"{name} names two sections"
            index[key] = code
    return index


# normalised name -> section code, for every name in either language.
SECTION_NAME_INDEX = _section_names_index()


def industry_code_from_text(text: str) -> str | None:
    """The ISIC section a member means by ``text``; "" for nothing, None when not understood.

    Read: a section letter in either case ("C", "c"), or a name in Japanese or English
    ("製造業", "Manufacturing", "卸売業", "retail"), full- and half-width alike (NFKC).
    """
    plain = tidy(text)
    if not plain:
        return ""
    if plain.isascii() and plain.upper() in _SECTIONS:
        return plain.upper()
    return SECTION_NAME_INDEX.get(plain.casefold())


def industry_suggestions() -> list[tuple[str, str]]:
    """(name, label) pairs for a typed industry's <datalist>, in the active language,
    without the sections not offered to members."""
    return [(section_name(code), code) for code in _SECTIONS if code not in SECTIONS_NOT_OFFERED]


def industry_schema_pattern() -> str:
    """An ECMA regular expression of the texts ``industry_code_from_text`` understands."""
    return f"({loose_alternatives(SECTION_NAME_INDEX)}|[A-Ua-uＡ-Ｕａ-ｕ])"


# ISIC Rev.4 divisions: code -> (section, name).
ISIC_DIVISIONS = {
    "01": ("A", _("Crop and animal production, hunting")),
    "02": ("A", _("Forestry and logging")),
    "03": ("A", _("Fishing and aquaculture")),
    "05": ("B", _("Mining of coal and lignite")),
    "06": ("B", _("Extraction of crude petroleum and natural gas")),
    "07": ("B", _("Mining of metal ores")),
    "08": ("B", _("Other mining and quarrying")),
    "09": ("B", _("Mining support service activities")),
    "10": ("C", _("Manufacture of food products")),
    "11": ("C", _("Manufacture of beverages")),
    "12": ("C", _("Manufacture of tobacco products")),
    "13": ("C", _("Manufacture of textiles")),
    "14": ("C", _("Manufacture of wearing apparel")),
    "15": ("C", _("Manufacture of leather and related products")),
    "16": ("C", _("Manufacture of wood and wood products")),
    "17": ("C", _("Manufacture of paper and paper products")),
    "18": ("C", _("Printing and reproduction of recorded media")),
    "19": ("C", _("Manufacture of coke and refined petroleum products")),
    "20": ("C", _("Manufacture of chemicals and chemical products")),
    "21": ("C", _("Manufacture of pharmaceuticals")),
    "22": ("C", _("Manufacture of rubber and plastics products")),
    "23": ("C", _("Manufacture of other non-metallic mineral products")),
    "24": ("C", _("Manufacture of basic metals")),
    "25": ("C", _("Manufacture of fabricated metal products")),
    "26": ("C", _("Manufacture of computer, electronic and optical products")),
    "27": ("C", _("Manufacture of electrical equipment")),
    "28": ("C", _("Manufacture of machinery and equipment")),
    "29": ("C", _("Manufacture of motor vehicles, trailers and semi-trailers")),
    "30": ("C", _("Manufacture of other transport equipment")),
    "31": ("C", _("Manufacture of furniture")),
    "32": ("C", _("Other manufacturing")),
    "33": ("C", _("Repair and installation of machinery and equipment")),
    "35": ("D", _("Electricity, gas, steam and air conditioning supply")),
    "36": ("E", _("Water collection, treatment and supply")),
    "37": ("E", _("Sewerage")),
    "38": ("E", _("Waste collection, treatment and disposal; materials recovery")),
    "39": ("E", _("Remediation and other waste management")),
    "41": ("F", _("Construction of buildings")),
    "42": ("F", _("Civil engineering")),
    "43": ("F", _("Specialized construction activities")),
    "45": ("G", _("Wholesale, retail trade and repair of motor vehicles")),
    "46": ("G", _("Wholesale trade")),
    "47": ("G", _("Retail trade")),
    "49": ("H", _("Land transport and transport via pipelines")),
    "50": ("H", _("Water transport")),
    "51": ("H", _("Air transport")),
    "52": ("H", _("Warehousing and support activities for transportation")),
    "53": ("H", _("Postal and courier activities")),
    "55": ("I", _("Accommodation")),
    "56": ("I", _("Food and beverage service activities")),
    "58": ("J", _("Publishing activities")),
    "59": ("J", _("Motion picture, video, television, sound and music")),
    "60": ("J", _("Programming and broadcasting activities")),
    "61": ("J", _("Telecommunications")),
    "62": ("J", _("Computer programming, consultancy and related activities")),
    "63": ("J", _("Information service activities")),
    "64": ("K", _("Financial service activities")),
    "65": ("K", _("Insurance, reinsurance and pension funding")),
    "66": ("K", _("Activities auxiliary to financial services and insurance")),
    "68": ("L", _("Real estate activities")),
    "69": ("M", _("Legal and accounting activities")),
    "70": ("M", _("Activities of head offices; management consultancy")),
    "71": ("M", _("Architectural and engineering activities; technical testing")),
    "72": ("M", _("Scientific research and development")),
    "73": ("M", _("Advertising and market research")),
    "74": ("M", _("Other professional, scientific and technical activities")),
    "75": ("M", _("Veterinary activities")),
    "77": ("N", _("Rental and leasing activities")),
    "78": ("N", _("Employment activities")),
    "79": ("N", _("Travel agency, tour operator and reservation services")),
    "80": ("N", _("Security and investigation activities")),
    "81": ("N", _("Services to buildings and landscape activities")),
    "82": ("N", _("Office administrative and other business support activities")),
    "84": ("O", _("Public administration and defence; compulsory social security")),
    "85": ("P", _("Education")),
    "86": ("Q", _("Human health activities")),
    "87": ("Q", _("Residential care activities")),
    "88": ("Q", _("Social work activities without accommodation")),
    "90": ("R", _("Creative, arts and entertainment activities")),
    "91": ("R", _("Libraries, archives, museums and other cultural activities")),
    "92": ("R", _("Gambling and betting activities")),
    "93": ("R", _("Sports activities and amusement and recreation activities")),
    "94": ("S", _("Activities of membership organizations")),
    "95": ("S", _("Repair of computers and personal and household goods")),
    "96": ("S", _("Other personal service activities")),
    "97": ("T", _("Activities of households as employers of domestic personnel")),
    "98": ("T", _("Undifferentiated goods- and services-producing activities of households")),
    "99": ("U", _("Activities of extraterritorial organizations and bodies")),
}
ISIC_DIVISION_CHOICES = [
    (code, format_lazy("{} — {}", code, name)) for code, (_section, name) in ISIC_DIVISIONS.items()
]

LANGUAGE_CHOICES = [("ja", _("Japanese")), ("en", _("English"))]


def division_section(code: str) -> str | None:
    """The ISIC section letter of a division code, or None for an unknown code."""
    entry = ISIC_DIVISIONS.get(code)
    return entry[0] if entry else None
