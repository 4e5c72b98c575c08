"""Regions: Japan's prefectures (ISO 3166-2) and common countries (ISO 3166-1 alpha-2).

The exchange format stores and sends the code and accepts any code of the right
shape; this module names the common ones in Japanese and English and reads a
region a member types: a code ("JP-13", "jp-13"), a name ("東京都", "東京",
"Tokyo", "Osaka Prefecture", "ドイツ", "Germany"), or a Japanese address that
starts with a prefecture ("東京都大田区…"). ``region_code_from_text`` is the one
reader every form, filter and API filter uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import get_language, gettext

from .text_patterns import loose_alternatives, normalise, tidy

# The exchange format's shape of a region code (partners.models.REGION_PATTERN, kept there).
CODE_SHAPE = r"[A-Z]{2}(-[A-Z0-9]{1,3})?"


@dataclass(frozen=True)
class Region:
    code: str
    english: str  # the English name, in English whatever the page's language
    japanese: str  # the Japanese name, in full: "大阪府", "ドイツ"
    aliases: tuple[str, ...] = ()  # other names it is known by, in either language

    def name(self, language: str | None = None) -> str:
        # No active language (deactivate_all(), as in makemigrations): English, as gettext shows.
        language = language or get_language() or "en"
        return self.japanese if language.startswith("ja") else self.english


# (code, English, Japanese): the 47 prefectures in the order of JIS X 0401.
_PREFECTURES = [
    ("JP-01", "Hokkaido", "北海道"),
    ("JP-02", "Aomori", "青森県"),
    ("JP-03", "Iwate", "岩手県"),
    ("JP-04", "Miyagi", "宮城県"),
    ("JP-05", "Akita", "秋田県"),
    ("JP-06", "Yamagata", "山形県"),
    ("JP-07", "Fukushima", "福島県"),
    ("JP-08", "Ibaraki", "茨城県"),
    ("JP-09", "Tochigi", "栃木県"),
    ("JP-10", "Gunma", "群馬県"),
    ("JP-11", "Saitama", "埼玉県"),
    ("JP-12", "Chiba", "千葉県"),
    ("JP-13", "Tokyo", "東京都"),
    ("JP-14", "Kanagawa", "神奈川県"),
    ("JP-15", "Niigata", "新潟県"),
    ("JP-16", "Toyama", "富山県"),
    ("JP-17", "Ishikawa", "石川県"),
    ("JP-18", "Fukui", "福井県"),
    ("JP-19", "Yamanashi", "山梨県"),
    ("JP-20", "Nagano", "長野県"),
    ("JP-21", "Gifu", "岐阜県"),
    ("JP-22", "Shizuoka", "静岡県"),
    ("JP-23", "Aichi", "愛知県"),
    ("JP-24", "Mie", "三重県"),
    ("JP-25", "Shiga", "滋賀県"),
    ("JP-26", "Kyoto", "京都府"),
    ("JP-27", "Osaka", "大阪府"),
    ("JP-28", "Hyogo", "兵庫県"),
    ("JP-29", "Nara", "奈良県"),
    ("JP-30", "Wakayama", "和歌山県"),
    ("JP-31", "Tottori", "鳥取県"),
    ("JP-32", "Shimane", "島根県"),
    ("JP-33", "Okayama", "岡山県"),
    ("JP-34", "Hiroshima", "広島県"),
    ("JP-35", "Yamaguchi", "山口県"),
    ("JP-36", "Tokushima", "徳島県"),
    ("JP-37", "Kagawa", "香川県"),
    ("JP-38", "Ehime", "愛媛県"),
    ("JP-39", "Kochi", "高知県"),
    ("JP-40", "Fukuoka", "福岡県"),
    ("JP-41", "Saga", "佐賀県"),
    ("JP-42", "Nagasaki", "長崎県"),
    ("JP-43", "Kumamoto", "熊本県"),
    ("JP-44", "Oita", "大分県"),
    ("JP-45", "Miyazaki", "宮崎県"),
    ("JP-46", "Kagoshima", "鹿児島県"),
    ("JP-47", "Okinawa", "沖縄県"),
]
# The romanised suffix of 都, 道, 府 and 県: "Osaka-fu", "Aomori-ken".
_SUFFIX_ROMAJI = {"都": "to", "府": "fu", "県": "ken"}


def _short(japanese: str) -> str:
    """ "大阪" for "大阪府", "東京" for "東京都"; 北海道 has no shorter name."""
    return japanese[:-1] if japanese[-1] in _SUFFIX_ROMAJI else japanese


def _prefecture(code: str, english: str, japanese: str) -> Region:
    aliases = [_short(japanese), f"{english} Prefecture"]
    if japanese[-1] in _SUFFIX_ROMAJI:
        romaji = _SUFFIX_ROMAJI[japanese[-1]]
        aliases += [f"{english}-{romaji}", f"{english} {romaji}"]
    if code == "JP-13":
        aliases += ["Tokyo Metropolis", "Tokyo Metropolitan"]
    return Region(code, english, japanese, tuple(aliases))


PREFECTURES: dict[str, Region] = {
    code: _prefecture(code, english, japanese) for code, english, japanese in _PREFECTURES
}

# Japan first, then its neighbours, the rest of Asia-Pacific, the Americas, Europe, the Middle East.
COUNTRIES: dict[str, Region] = {
    region.code: region
    for region in [
        Region("JP", "Japan", "日本", ("日本国", "Nippon", "Nihon")),
        Region("KR", "South Korea", "韓国", ("大韓民国", "Korea", "Republic of Korea")),
        Region("CN", "China", "中国", ("中華人民共和国", "People's Republic of China")),
        Region("TW", "Taiwan", "台湾", ()),
        Region("HK", "Hong Kong", "香港", ()),
        Region("SG", "Singapore", "シンガポール", ()),
        Region("TH", "Thailand", "タイ", ()),
        Region("VN", "Viet Nam", "ベトナム", ("Vietnam",)),
        Region("MY", "Malaysia", "マレーシア", ()),
        Region("ID", "Indonesia", "インドネシア", ()),
        Region("PH", "Philippines", "フィリピン", ()),
        Region("IN", "India", "インド", ()),
        Region("AU", "Australia", "オーストラリア", ("豪州",)),
        Region("NZ", "New Zealand", "ニュージーランド", ()),
        Region(
            "US",
            "United States",
            "アメリカ合衆国",
            ("アメリカ", "米国", "USA", "United States of America", "America"),
        ),
        Region("CA", "Canada", "カナダ", ()),
        Region("MX", "Mexico", "メキシコ", ()),
        Region("BR", "Brazil", "ブラジル", ()),
        Region("GB", "United Kingdom", "イギリス", ("英国", "UK", "Great Britain", "Britain")),
        Region("IE", "Ireland", "アイルランド", ()),
        Region("DE", "Germany", "ドイツ", ("Deutschland",)),
        Region("FR", "France", "フランス", ()),
        Region("IT", "Italy", "イタリア", ()),
        Region("ES", "Spain", "スペイン", ()),
        Region("NL", "Netherlands", "オランダ", ("The Netherlands", "Holland")),
        Region("BE", "Belgium", "ベルギー", ()),
        Region("CH", "Switzerland", "スイス", ()),
        Region("AT", "Austria", "オーストリア", ()),
        Region("SE", "Sweden", "スウェーデン", ()),
        Region("DK", "Denmark", "デンマーク", ()),
        Region("FI", "Finland", "フィンランド", ()),
        Region("NO", "Norway", "ノルウェー", ()),
        Region("IL", "Israel", "イスラエル", ()),
        Region("AE", "United Arab Emirates", "アラブ首長国連邦", ("UAE",)),
    ]
}

REGIONS: dict[str, Region] = {**PREFECTURES, **COUNTRIES}


def _names_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for region in REGIONS.values():
        for name in (region.english, region.japanese, *region.aliases):
            key = normalise(name)
            assert index.get(key, region.code) == region.code, f"{name} names two regions"
            index[key] = region.code
    return index


# normalised name -> code, for every name in either language.
REGION_NAME_INDEX = _names_index()
# The prefectures' full Japanese names, the longest first: the start of an address.
_ADDRESS_STARTS = sorted(
    ((normalise(r.japanese), r.code) for r in PREFECTURES.values()),
    key=lambda pair: -len(pair[0]),
)
# "〒144-0052 " before an address: a postal code, with or without its mark (the hyphen
# as typed in a Japanese input method too: ー, −, ‐).
POSTAL_CODE = r"(〒 ?)?[0-9]{3}[-‐−―ー]?[0-9]{4} ?"


def region_code_from_text(text: str) -> str | None:
    """The region code a member means by ``text``; "" for nothing, None when not understood.

    Read, in this order: a name in Japanese or English ("大阪", "大阪府", "Osaka",
    "osaka prefecture", "Germany", "ドイツ"); a code of the exchange format's shape, in
    any case ("jp-13", "US-CA"); a Japanese address that starts with a prefecture's full
    name, optionally after a postal code ("〒144-0052 東京都大田区…"). Full-width and
    half-width forms are read alike (NFKC).
    """
    plain = tidy(text)
    value = plain.casefold()
    if not value:
        return ""
    code = REGION_NAME_INDEX.get(value)
    if code:
        return code
    # Checked in ASCII before upper-casing or folding: "ß".upper() is "SS".
    if re.fullmatch(CODE_SHAPE, plain, flags=re.IGNORECASE | re.ASCII):
        return plain.upper()
    address = re.sub(rf"^{POSTAL_CODE}", "", value)
    for start, code in _ADDRESS_STARTS:
        if address.startswith(start):
            return code
    return None


def region_name(code: str, language: str | None = None) -> str:
    """The region's name in ``language`` (default: the active one), "" for an unknown code."""
    region = REGIONS.get(code)
    return region.name(language) if region else ""


def region_label(code: str) -> str:
    """'東京都 (JP-13)' or 'Tokyo (JP-13)' for a known code, the bare code otherwise,
    '' for none."""
    if not code:
        return ""
    region = REGIONS.get(code)
    if region is None:
        return code
    return f"{region.name()} ({code})"


def region_choices() -> list:
    """Grouped choices for the profile's region <select>, named in the active language."""
    return [
        ("", gettext("Not given")),
        (gettext("Prefectures of Japan"), [(c, r.name()) for c, r in PREFECTURES.items()]),
        (gettext("Countries"), [(c, r.name()) for c, r in COUNTRIES.items()]),
    ]


def region_suggestions() -> list[tuple[str, str]]:
    """(name, code) pairs for a typed region's <datalist>, in the active language: Japan,
    its prefectures, then the other countries."""
    ordered = {"JP": COUNTRIES["JP"], **PREFECTURES, **COUNTRIES}
    return [(region.name(), code) for code, region in ordered.items()]


def region_schema_pattern() -> str:
    """An ECMA regular expression of the texts ``region_code_from_text`` understands,
    for the API filters' schema: every name, a code, or an address starting with a
    prefecture. Surrounding spaces are allowed as Python's str.strip() drops them."""
    names = loose_alternatives(REGION_NAME_INDEX)
    starts = loose_alternatives(start for start, _code in _ADDRESS_STARTS)
    code = "[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?"
    postal = "[〒]?[ \u3000]?[0-9０-９]{3}[-－‐−―ー]?[0-9０-９]{4}[ \u3000]?"
    address = f"({postal})?({starts})[^\\u0000]*"
    return f"({names}|{code}|{address})"
