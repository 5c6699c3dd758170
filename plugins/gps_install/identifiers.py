"""Checks of what identifies a terminal: the SIM card's ICCID, the terminal number (终端号) and the
vehicle plate (车牌号). Each returns the problem in words, or ``None`` when the value is good."""

from __future__ import annotations

import re

from core.sdk import compile_pattern

#: ITU-T E.118: an ICCID has 19 or 20 digits, the last one a Luhn check digit.
ICCID_LENGTHS = (19, 20)

#: A mainland plate: province character, issuing-office letter, then 5 (ordinary) or 6 (new
#: energy) letters and digits, the last possibly 挂/学/警/港/澳. I and O are never used.
PLATE = re.compile(
    "[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领]"
    "[A-HJ-NP-Z][A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳]"
)
_SEPARATORS = re.compile(r"[\s·•\-]")


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


def normalize_plate(value: str) -> str:
    """A plate as stored and looked up: separators removed, letters upper-cased (苏f·12345 → 苏F12345)."""
    return _SEPARATORS.sub("", value).upper()


def plate_problem(value: object) -> str | None:
    """A vehicle plate (车牌号) such as 苏F12345 or 粤BD12345 (separators and case ignored)."""
    if not isinstance(value, str):
        return "must be a string"
    if not PLATE.fullmatch(normalize_plate(value)):
        return "is not a mainland vehicle plate (e.g. 苏F12345)"
    return None
