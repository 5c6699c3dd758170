"""Dates a form's data cannot have, declared in its JSON Schema next to the field:
``"x-not-future": true`` (a signature or an arrival cannot lie ahead) and ``"x-not-before": "<field>"``
(a departure cannot come before the arrival). Dates and times are read in the tenant's zone; a
time without offset is the tenant's local time."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

NOT_FUTURE = "x-not-future"
NOT_BEFORE = "x-not-before"


def _instant(value: str, zone: ZoneInfo) -> datetime | date | None:
    """A ``date`` or an aware ``datetime`` (naive ones in ``zone``); ``None`` when unreadable (the
    schema's ``format`` reports those)."""
    try:
        if "T" not in value and " " not in value:
            return date.fromisoformat(value)
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _day(value: datetime | date, zone: ZoneInfo) -> date:
    return value.astimezone(zone).date() if isinstance(value, datetime) else value


def date_problems(schema: dict, data: dict, today: date, zone: ZoneInfo, path: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """``(form.data.<path>, message)`` for each date in ``data`` that its schema says cannot be in
    the future or before another field of the same object."""
    problems: list[tuple[str, str]] = []
    properties = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(properties, dict) or not isinstance(data, dict):
        return problems
    for name, sub in properties.items():
        value = data.get(name)
        if not isinstance(sub, dict) or value is None:
            continue
        field = ".".join(("form", "data", *path, name))
        if isinstance(value, dict):
            problems += date_problems(sub, value, today, zone, (*path, name))
            continue
        moment = _instant(value, zone) if isinstance(value, str) else None
        if moment is None:
            continue
        if sub.get(NOT_FUTURE) and _day(moment, zone) > today:
            problems.append((field, f"{value} is after today ({today} in the tenant's time zone)"))
        other = sub.get(NOT_BEFORE)
        earlier = _instant(data[other], zone) if isinstance(data.get(other), str) else None
        if earlier is not None and type(earlier) is type(moment) and moment < earlier:
            problems.append((field, f"{value} is before {other} ({data[other]})"))
    return problems
