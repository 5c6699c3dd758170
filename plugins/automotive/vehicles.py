"""Checks of a vehicle's attributes beyond their JSON Schema: the plate (车牌号) and readings that
contradict each other. Each returns ``(field, message)`` problems."""

from __future__ import annotations

import re

#: A mainland plate: province character, issuing-office letter, then 5 (ordinary) or 6 (new
#: energy) letters and digits, the last possibly 挂/学/警/港/澳. I and O are never used.
PLATE = re.compile(
    "[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领]"
    "[A-HJ-NP-Z][A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳]"
)
_SEPARATORS = re.compile(r"[\s·•\-]")


def plate_problem(value: object) -> str | None:
    """A vehicle plate such as 苏F12345 or 粤BD12345 (separators and case ignored)."""
    if not isinstance(value, str):
        return "must be a string"
    if not PLATE.fullmatch(_SEPARATORS.sub("", value).upper()):
        return "is not a mainland vehicle plate (e.g. 苏F12345)"
    return None


def vehicle_problems(attributes: dict) -> list[tuple[str, str]]:
    """The plate's form; the mileage at the last service cannot exceed today's odometer."""
    problems = []
    if attributes.get("plate") is not None and (p := plate_problem(attributes["plate"])) is not None:
        problems.append(("plate", p))
    last, now = attributes.get("last_service_km"), attributes.get("mileage_km")
    if isinstance(last, int) and isinstance(now, int) and last > now:
        problems.append(("last_service_km", "is above the current odometer reading (mileage_km)"))
    cycle = attributes.get("maintenance_cycle") or {}
    if cycle.get("months") and cycle.get("days"):
        problems.append(("maintenance_cycle", "give the time cycle in months or in days, not both"))
    return problems
