"""Phone numbers in E.164, read the way Chinese customers write them."""

from __future__ import annotations

import phonenumbers

from core.errors import Invalid


def to_e164(raw: str | None, field: str = "phone") -> str | None:
    """Normalise a phone number (mobile ``13800138000``, landline ``0512-66668888``, or already
    ``+86…``) to E.164; 422 with the field when it is not a possible number."""
    if raw is None or not raw.strip():
        return None
    try:
        number = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException as exc:
        raise Invalid(field, "not a phone number") from exc
    if not phonenumbers.is_possible_number(number):
        raise Invalid(field, "not a possible phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def national(e164: str | None) -> str:
    """A stored number as people in China read it: mobiles ``138 0013 8000``, landlines with their
    area code ``0512 6666 8888``; a number of another country in its international form; anything
    unreadable as it was stored."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "CN")
    except phonenumbers.NumberParseException:
        return e164
    style = phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 86 else \
        phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)
