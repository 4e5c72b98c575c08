"""Company keys made from company names: readable, valid and safe for Japanese names.

A key is the last part of a company page's address (``/companies/<key>/``), the
company's id in the API and in the exchange format (``[a-z0-9][a-z0-9-]{1,63}``).
Made from a name, it is the name without its legal form (株式会社, 有限会社, (株),
Co., Ltd., Inc., GmbH … at either end), romanised with pykakasi (Hepburn) where it is
written in kana or kanji, folded to ASCII, lowercased, words joined by hyphens:
"株式会社ヤマト精密" → ``yamato-seimitsu``, "Café Müller GmbH" → ``cafe-muller``.
When nothing readable remains (a name in Hangul, or only a legal form), the key is
``company-`` and a short id derived from the name, so the same name always gives
the same key. A key taken already gets a suffix: ``yamato-seimitsu-2``.

Pure: no database. ``partners.services.companies`` says which keys are taken.
pykakasi loads its dictionary (about 120 MB in memory, a few seconds) the first time a
process romanises a name with kana or kanji; names without them never load it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Collection
from functools import cache, lru_cache

from .models import KEY_PATTERN

MAX_KEY_LENGTH = 64
# Room for a suffix ("-2" ... "-9999") within MAX_KEY_LENGTH.
MAX_BASE_LENGTH = 56
FALLBACK_PREFIX = "company-"

#: Addresses that name pages of their own, or would read as one: never a company's key
#: when chosen or generated (an imported file keeps the keys it brings).
RESERVED_KEYS = frozenset(
    {
        "add", "admin", "api", "companies", "company", "create", "delete", "edit", "help",
        "login", "logout", "me", "media", "mine", "new", "search", "settings", "static",
        "www",
    }
)  # fmt: skip

# Legal forms, longest first so that 医療法人社団 goes before 医療法人.
_JA_LEGAL_FORMS = sorted(
    (
        "株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "相互会社",
        "一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人", "医療法人社団",
        "医療法人財団", "医療法人", "社会福祉法人", "学校法人", "宗教法人", "特定非営利活動法人",
        "NPO法人", "独立行政法人", "国立大学法人", "股份有限公司", "有限公司",
        "(株)", "(有)", "(合)", "(同)", "(資)", "(名)", "(社)", "(財)", "(医)", "(福)", "(学)",
    ),
    key=len,
    reverse=True,
)  # fmt: skip
_LATIN_LEGAL_FORMS = (
    r"co\.?,?\s*ltd\.?", r"pte\.?\s*ltd\.?", r"pty\.?\s*ltd\.?", r"pvt\.?\s*ltd\.?",
    r"ltd\.?", r"limited", r"inc\.?", r"incorporated", r"corp\.?", r"corporation",
    r"co\.", r"l\.?l\.?c\.?", r"l\.?l\.?p\.?", r"plc", r"gmbh", r"ag", r"s\.?a\.?s\.?",
    r"s\.a\.", r"sa", r"b\.?v\.?", r"n\.?v\.?", r"ab", r"a/s", r"oy", r"s\.p\.a\.?",
    r"s\.r\.l\.?", r"s\.l\.", r"k\.k\.?", r"kk", r"g\.k\.?",
)  # fmt: skip
_SEPARATORS = r"[\s,・、&]*"
# Latin legal forms come last in a name ("AB Volvo" aside): read at the start they
# would take words such as "SA" from "SA Brewing".
_LEGAL_AT_START = re.compile(
    "^(?:" + "|".join(re.escape(form) for form in _JA_LEGAL_FORMS) + ")" + _SEPARATORS
)
_LEGAL_AT_END = re.compile(
    _SEPARATORS
    + "(?:"
    + "|".join(re.escape(form) for form in _JA_LEGAL_FORMS)
    + r"|(?:(?<=[\s,])|^)(?:"
    + "|".join(_LATIN_LEGAL_FORMS)
    + "))$",
    re.IGNORECASE,
)
# Kana, kanji and the marks written with them: romanised; anything else is kept.
_JAPANESE = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f々〆ヵヶ]"
)


def name_without_legal_form(name: str) -> str:
    """The name (NFKC-normalised) without legal forms at its start or its end."""
    text = unicodedata.normalize("NFKC", name).strip()
    while True:
        shorter = _LEGAL_AT_END.sub("", _LEGAL_AT_START.sub("", text)).strip()
        if shorter == text:
            return text
        text = shorter


@lru_cache(maxsize=65536)  # generated populations repeat names
def readable_key(name: str) -> str:
    """A valid key read from the name, or "" if nothing readable remains (see above)."""
    text = name_without_legal_form(name)
    # pykakasi takes a millisecond or two a name: only for names with kana or kanji.
    parts = _kakasi().convert(text) if _JAPANESE.search(text) else [{"orig": text}]
    words = []
    for part in parts:
        if _JAPANESE.search(part["orig"]):
            words.append(f" {part['hepburn']} ")
        else:
            words.append(part["orig"])
    ascii_text = unicodedata.normalize("NFKD", "".join(words)).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(key) > MAX_BASE_LENGTH:
        cut = key[:MAX_BASE_LENGTH]
        key = (cut.rsplit("-", 1)[0] if "-" in cut else cut).strip("-")
    return key if re.fullmatch(KEY_PATTERN, key) else ""


def fallback_key(name: str) -> str:
    """``company-`` and a short id of the name: the same name gives the same key."""
    digest = hashlib.sha256(unicodedata.normalize("NFKC", name).encode()).hexdigest()
    return FALLBACK_PREFIX + digest[:6]


def base_key(name: str) -> str:
    """The key a company of this name gets when it is free."""
    return readable_key(name) or fallback_key(name)


def free_key(base: str, taken: Callable[[str], bool] | Collection[str]) -> str:
    """``base`` if it is free and not reserved, else ``base-2``, ``base-3``… the first free."""
    is_taken = taken if callable(taken) else taken.__contains__
    key, n = base, 1
    while key in RESERVED_KEYS or is_taken(key):
        n += 1
        key = f"{base}-{n}"
    return key


@cache
def _kakasi():
    import pykakasi

    return pykakasi.kakasi()
