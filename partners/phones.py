"""Contact phone numbers: read as people type them, kept in one form (pure, no models).

A number with a country code (``+81 3-1234-5678``) is read as it is; one without is read
as a national number of the company's country (the country of its region, ``JP-13`` ->
Japan), or of Japan when the profile names none. The number must be a valid one of that
country (``phonenumbers``, Google's libphonenumber metadata): "電話してね" or
"03-0000-0000" are refused.

Stored form: the international format, e.g. ``+81 3-1234-5678`` (country code, then the
national grouping; an extension stays, ``+81 3-1234-5678 ext. 12``). It is E.164 with
the country's usual separators: any program reads it back (``phonenumbers.parse`` without
a region), and people read it as they would write it.
"""

from __future__ import annotations

import phonenumbers

DEFAULT_REGION = "JP"
MAX_PHONE_LENGTH = 40  # partners.models.Company.contact_phone


class PhoneInvalid(ValueError):
    """The text is not a valid phone number (of ``region`` when it has no country code)."""

    def __init__(self, text: str, region: str):
        super().__init__(text)
        self.text, self.region = text, region


def phone_region(region_code: str | None) -> str:
    """The country whose national numbers a profile's phone is read in: the country of
    its ISO 3166 region code (``JP-13`` -> ``JP``), else ``DEFAULT_REGION``."""
    country = (region_code or "").strip()[:2].upper()
    if country in phonenumbers.SUPPORTED_REGIONS:
        return country
    return DEFAULT_REGION


def phone_normalize(text: str, *, region: str = DEFAULT_REGION) -> str:
    """The number in ``text`` in international format; ``""`` for a blank text. Raises
    ``PhoneInvalid`` for anything but a valid number (national ones read in ``region``)."""
    text = (text or "").strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise PhoneInvalid(text, region) from None
    if not phonenumbers.is_valid_number(number):
        raise PhoneInvalid(text, region)
    formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    if len(formatted) > MAX_PHONE_LENGTH:
        raise PhoneInvalid(text, region)
    return formatted


def phone_tel_uri(stored: str) -> str:
    """A ``tel:`` URI (RFC 3966) of a stored number: ``tel:+81-3-1234-5678``; numbers
    stored before they were checked are parsed as Japanese or kept as they are."""
    try:
        number = phonenumbers.parse(stored, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return f"tel:{stored}"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.RFC3966)
