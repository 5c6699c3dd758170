"""Checks of what identifies a terminal: the SIM card's ICCID and the terminal number (终端号); the
vehicle plate (车牌号) is checked by the SDK's ``plate_problem``. Each returns the problem in words,
or ``None`` when the value is good."""

from __future__ import annotations

import re

from core.sdk import compile_pattern

#: ITU-T E.118: an ICCID has 19 or 20 digits, the last one a Luhn check digit.
ICCID_LENGTHS = (19, 20)


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check over ``digits``, whose last digit is the check digit."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def normalize_iccid(value: str) -> str:
    """An ICCID as printed on the card may be grouped with spaces."""
    return re.sub(r"\s", "", value)


def iccid_problem(value: object) -> str | None:
    """DOMAIN §9 SIM swap: a SIM ICCID has 19–20 digits and a valid Luhn check digit."""
    if not isinstance(value, str):
        return "must be a string of digits"
    iccid = normalize_iccid(value)
    if not re.fullmatch(r"[0-9]+", iccid):
        return "must contain digits only"
    if len(iccid) not in ICCID_LENGTHS:
        return f"must have 19 or 20 digits, not {len(iccid)}"
    if not luhn_valid(iccid):
        return "check digit does not match (Luhn)"
    return None


def normalize_terminal_number(value: str) -> str:
    return re.sub(r"\s", "", value).upper()


def terminal_number_problem(value: object, pattern: str) -> str | None:
    """A terminal number (终端号) must match the tenant's pattern (default: 6–20 letters or digits)."""
    if not isinstance(value, str):
        return "must be a string"
    if not compile_pattern(pattern).fullmatch(normalize_terminal_number(value)):
        return f"does not look like a terminal number (expected {pattern})"
    return None
