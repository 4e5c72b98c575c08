"""Common region codes (ISO 3166-1 alpha-2 and Japan's ISO 3166-2 prefectures).

The exchange format accepts any code of the right shape; this list only feeds
the suggestions of the region inputs and the names shown beside the codes.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

JAPAN_PREFECTURES = {
    "JP-01": _("Hokkaido"),
    "JP-02": _("Aomori"),
    "JP-03": _("Iwate"),
    "JP-04": _("Miyagi"),
    "JP-05": _("Akita"),
    "JP-06": _("Yamagata"),
    "JP-07": _("Fukushima"),
    "JP-08": _("Ibaraki"),
    "JP-09": _("Tochigi"),
    "JP-10": _("Gunma"),
    "JP-11": _("Saitama"),
    "JP-12": _("Chiba"),
    "JP-13": _("Tokyo"),
    "JP-14": _("Kanagawa"),
    "JP-15": _("Niigata"),
    "JP-16": _("Toyama"),
    "JP-17": _("Ishikawa"),
    "JP-18": _("Fukui"),
    "JP-19": _("Yamanashi"),
    "JP-20": _("Nagano"),
    "JP-21": _("Gifu"),
    "JP-22": _("Shizuoka"),
    "JP-23": _("Aichi"),
    "JP-24": _("Mie"),
    "JP-25": _("Shiga"),
    "JP-26": _("Kyoto"),
    "JP-27": _("Osaka"),
    "JP-28": _("Hyogo"),
    "JP-29": _("Nara"),
    "JP-30": _("Wakayama"),
    "JP-31": _("Tottori"),
    "JP-32": _("Shimane"),
    "JP-33": _("Okayama"),
    "JP-34": _("Hiroshima"),
    "JP-35": _("Yamaguchi"),
    "JP-36": _("Tokushima"),
    "JP-37": _("Kagawa"),
    "JP-38": _("Ehime"),
    "JP-39": _("Kochi"),
    "JP-40": _("Fukuoka"),
    "JP-41": _("Saga"),
    "JP-42": _("Nagasaki"),
    "JP-43": _("Kumamoto"),
    "JP-44": _("Oita"),
    "JP-45": _("Miyazaki"),
    "JP-46": _("Kagoshima"),
    "JP-47": _("Okinawa"),
}

COUNTRIES = {
    "JP": _("Japan"),
    "KR": _("South Korea"),
    "CN": _("China"),
    "TW": _("Taiwan"),
    "HK": _("Hong Kong"),
    "SG": _("Singapore"),
    "TH": _("Thailand"),
    "VN": _("Viet Nam"),
    "MY": _("Malaysia"),
    "ID": _("Indonesia"),
    "PH": _("Philippines"),
    "IN": _("India"),
    "AU": _("Australia"),
    "NZ": _("New Zealand"),
    "US": _("United States"),
    "CA": _("Canada"),
    "MX": _("Mexico"),
    "BR": _("Brazil"),
    "GB": _("United Kingdom"),
    "IE": _("Ireland"),
    "DE": _("Germany"),
    "FR": _("France"),
    "IT": _("Italy"),
    "ES": _("Spain"),
    "NL": _("Netherlands"),
    "BE": _("Belgium"),
    "CH": _("Switzerland"),
    "AT": _("Austria"),
    "SE": _("Sweden"),
    "DK": _("Denmark"),
    "FI": _("Finland"),
    "NO": _("Norway"),
    "IL": _("Israel"),
    "AE": _("United Arab Emirates"),
}

REGION_NAMES = {"JP": COUNTRIES["JP"], **JAPAN_PREFECTURES, **COUNTRIES}

# (code, label) pairs for a <datalist>: Japan, its prefectures, then other countries.
REGION_SUGGESTIONS = [(code, REGION_NAMES[code]) for code in REGION_NAMES]


def region_label(code: str) -> str:
    """'Tokyo (JP-13)' for a known code, the bare code otherwise, '' for none."""
    if not code:
        return ""
    name = REGION_NAMES.get(code)
    if name is None:
        return code
    return str(format_lazy("{name} ({code})", name=name, code=code))
