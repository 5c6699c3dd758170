"""Next maintenance (下一次保养期): whichever comes first of the time cycle (months or days after the
last service) and the mileage cycle (km after the last service), and the reminder before it
(DOMAIN §8, source 004 (二)1-2).

``DUE_BY`` is the table: each row computes the date its cycle runs out (or ``None`` when it
cannot tell); :func:`next_maintenance` takes the earliest, ties going to the first row.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta
from fractions import Fraction
from typing import Literal, NamedTuple

import msgspec
from dateutil.relativedelta import relativedelta

DueReason = Literal["time", "mileage"]


class Cycle(NamedTuple):
    """A maintenance cycle (保养周期): ``months`` or ``days``, and ``km``; ``None`` means unused."""

    months: int | None = None
    days: int | None = None
    km: int | None = None


class Usage(NamedTuple):
    """What is known about the car: the last service and, to estimate the mileage date, either an
    estimated daily mileage or the current odometer reading on ``today``."""

    last_service: date
    last_km: int | None = None
    daily_km: float | None = None
    current_km: int | None = None
    today: date | None = None


class NextMaintenance(msgspec.Struct, frozen=True):
    """When the next maintenance is due and why (``time`` or ``mileage``), with the rule id."""

    due_date: date
    reason: DueReason
    rule_id: str
    due_km: int | None
    time_due_date: date | None
    mileage_due_date: date | None
    reminder_date: date


def time_due(usage: Usage, cycle: Cycle) -> date | None:
    """The last service plus the cycle's calendar months (DOMAIN §0) or days."""
    if cycle.months:
        return usage.last_service + relativedelta(months=cycle.months)
    if cycle.days:
        return usage.last_service + timedelta(days=cycle.days)
    return None


def mileage_due(usage: Usage, cycle: Cycle) -> date | None:
    """The day the odometer reaches ``last_km + km``: from today's reading when given (already
    reached: today), else from the daily mileage counted from the last service."""
    if not cycle.km or usage.last_km is None:
        return None
    due_km = usage.last_km + cycle.km
    if usage.current_km is not None and usage.today is not None:
        if usage.current_km >= due_km:
            return usage.today
        daily = usage.daily_km or _observed_daily_km(usage)
        if not daily:
            return None
        return usage.today + timedelta(days=math.ceil((due_km - usage.current_km) / Fraction(str(daily))))
    if usage.daily_km:
        return usage.last_service + timedelta(days=math.ceil(cycle.km / Fraction(str(usage.daily_km))))
    return None


def _observed_daily_km(usage: Usage) -> Fraction | None:
    days = (usage.today - usage.last_service).days
    driven = usage.current_km - usage.last_km
    return Fraction(driven, days) if days > 0 and driven > 0 else None


class DueRow(NamedTuple):
    rule_id: str
    reason: DueReason
    due: Callable[[Usage, Cycle], date | None]


DUE_BY: tuple[DueRow, ...] = (
    DueRow("automotive.maintenance.by_time", "time", time_due),
    DueRow("automotive.maintenance.by_mileage", "mileage", mileage_due),
)


def check(usage: Usage, cycle: Cycle) -> None:
    """``ValueError`` for a cycle with no period or an impossible reading."""
    if not (cycle.months or cycle.days or cycle.km):
        raise ValueError("a maintenance cycle needs months, days or km")
    if any(v is not None and v < 0 for v in (*cycle, usage.last_km, usage.current_km, usage.daily_km)):
        raise ValueError("cycle, mileage and daily mileage cannot be negative")
    if usage.current_km is not None and usage.last_km is not None and usage.current_km < usage.last_km:
        raise ValueError("the current odometer reading is below the one at the last service")
    if usage.today is not None and usage.today < usage.last_service:
        raise ValueError("today is before the last service")


def next_maintenance(usage: Usage, cycle: Cycle, reminder_days_before: int) -> NextMaintenance:
    """DOMAIN §8: the earliest due date of ``DUE_BY`` (whichever comes first); when the mileage
    date cannot be estimated, the time cycle alone decides (and the other way round)."""
    check(usage, cycle)
    dates = {row.rule_id: row.due(usage, cycle) for row in DUE_BY}
    candidates = [(d, i, row) for i, row in enumerate(DUE_BY) if (d := dates[row.rule_id]) is not None]
    if not candidates:
        raise ValueError("give the last mileage and a daily mileage or current reading, or a time cycle")
    due_date, _, row = min(candidates)
    return NextMaintenance(
        due_date=due_date,
        reason=row.reason,
        rule_id=row.rule_id,
        due_km=usage.last_km + cycle.km if cycle.km and usage.last_km is not None else None,
        time_due_date=dates["automotive.maintenance.by_time"],
        mileage_due_date=dates["automotive.maintenance.by_mileage"],
        reminder_date=reminder_date(due_date, reminder_days_before),
    )


def reminder_date(due_date: date, days_before: int) -> date:
    """DOMAIN §8: the maintenance reminder goes out ``days_before`` days before the due date."""
    return due_date - timedelta(days=days_before)


def for_vehicle(attributes: dict, today: date, cycle_months: int, cycle_km: int,
                reminder_days_before: int) -> NextMaintenance:
    """The next maintenance of a vehicle from its attributes (``last_service_date``,
    ``last_service_km``, ``maintenance_cycle``, ``daily_km``, ``mileage_km``); a vehicle with no
    cycle recorded uses the given default cycle (the tenant's settings)."""
    raw = attributes.get("last_service_date")
    if raw is None:
        raise ValueError("last_service_date is required")
    last = raw if isinstance(raw, date) else date.fromisoformat(str(raw))
    cycle_attr = attributes.get("maintenance_cycle") or {}
    cycle = (Cycle(cycle_attr.get("months"), cycle_attr.get("days"), cycle_attr.get("km"))
             if cycle_attr else Cycle(months=cycle_months, km=cycle_km))
    current = attributes.get("mileage_km")
    usage = Usage(last, attributes.get("last_service_km"), attributes.get("daily_km"),
                  current if current is not None and today >= last else None,
                  today if current is not None and today >= last else None)
    return next_maintenance(usage, cycle, reminder_days_before)
