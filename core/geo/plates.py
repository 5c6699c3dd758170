"""Mainland vehicle plates (车牌号): the form a plate takes and how it is written when stored and
looked up, for the plugins whose assets carry one (a car, a GPS terminal's vehicle)."""

from __future__ import annotations

import re

#: A mainland plate: province character, issuing-office letter, then 5 (ordinary) or 6 (new
#: energy) letters and digits, the last possibly 挂/学/警/港/澳. I and O are never used.
PLATE = re.compile(
    "[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领]"
    "[A-HJ-NP-Z][A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳]"
)
_SEPARATORS = re.compile(r"[\s·•\-]")


def normalize_plate(value: str) -> str:
    """A plate as stored and looked up: separators removed, letters upper-cased (苏f·12345 → 苏F12345)."""
    return _SEPARATORS.sub("", value).upper()


def plate_problem(value: object) -> str | None:
    """What is wrong with a vehicle plate such as 苏F12345 or 粤BD12345 (separators and case
    ignored), or ``None`` when it is one."""
    if not isinstance(value, str):
        return "must be a string"
    if not PLATE.fullmatch(normalize_plate(value)):
        return "is not a mainland vehicle plate (e.g. 苏F12345)"
    return None
