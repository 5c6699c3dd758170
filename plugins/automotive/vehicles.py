"""Checks of a vehicle's attributes beyond their JSON Schema: the plate (车牌号) and readings that
contradict each other. Each returns ``(field, message)`` problems."""

from __future__ import annotations

from core.sdk import plate_problem


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
