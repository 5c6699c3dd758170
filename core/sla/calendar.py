"""The business calendar: working days in mainland China and working hours.

Working days come from two sources, the tenant's first:

1. the tenant's own calendar (``business_calendar_days``): dated overrides, a public holiday or a
   make-up working day (调休), added one by one or imported for a whole year from the State
   Council notice (国务院办公厅关于…年部分节假日安排的通知); a year the tenant imported is
   *covered* by the tenant;
2. the ``chinese_calendar`` library (weekends, public holidays and the 调休 working days the State
   Council announced), for the years it was released for (up to 2026 in chinesecalendar 1.11).

A year neither covers is counted Monday–Friday, but never silently: :meth:`BusinessCalendar.uncovered`
names it, the ticket whose due times crossed it carries it (``sla.calendar_uncovered``), and the
admin is warned from the 1st of December of the year before (:func:`coverage_warnings`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import chinese_calendar

#: The month from which next year's calendar must be known (the admin is warned ahead).
WARN_FROM_MONTH = 12


@lru_cache(maxsize=64)
def library_covers(year: int) -> bool:
    """True when the ``chinese_calendar`` release installed knows ``year``'s holidays."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@lru_cache(maxsize=8192)
def _library_workday(day: date) -> bool:
    """The library's answer for one day, kept: the installed release never changes while the
    process runs, and its own check costs more than the SLA arithmetic around it."""
    return chinese_calendar.is_workday(day)


@dataclass(frozen=True)
class BusinessCalendar:
    """A tenant's working days: its dated overrides (``True`` working, ``False`` holiday), the years
    it imported whole, then the library; a year nobody covers counts Monday–Friday."""

    overrides: Mapping[date, bool] = field(default_factory=dict)
    tenant_years: frozenset[int] = frozenset()

    def covers(self, year: int) -> bool:
        """True when the tenant imported ``year`` or the library knows it."""
        return year in self.tenant_years or library_covers(year)

    def is_working_day(self, day: date) -> bool:
        """A weekday that is not a holiday, or a 调休 working weekend."""
        known = self.overrides.get(day)
        if known is not None:
            return known
        if day.year not in self.tenant_years and library_covers(day.year):
            return _library_workday(day)
        return day.weekday() < 5

    def working_day_after(self, day: date, days: int) -> date:
        """The ``days``-th working day after ``day`` (``day`` itself is day 0, DOMAIN §0)."""
        counted = 0
        while counted < days:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def uncovered(self, first: date, last: date) -> tuple[int, ...]:
        """The years from ``first`` to ``last`` that nobody covers (their days were guessed
        Monday–Friday)."""
        return tuple(y for y in range(first.year, last.year + 1) if not self.covers(y))


#: The calendar of a tenant that has entered nothing: the library alone.
LIBRARY = BusinessCalendar()


def is_working_day(day: date, calendar: BusinessCalendar = LIBRARY) -> bool:
    """True on a working day of ``calendar`` (by default the library's, Monday–Friday beyond it)."""
    return calendar.is_working_day(day)


def years_to_warn(today: date, calendar: BusinessCalendar) -> list[int]:
    """The years the admin must enter now: this year when nobody covers it, and next year from the
    1st of December on."""
    years = [today.year, *([today.year + 1] if today.month >= WARN_FROM_MONTH else [])]
    return [y for y in years if not calendar.covers(y)]


def parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def add_working_days(start: datetime, days: int, zone: ZoneInfo, day_end: time,
                     calendar: BusinessCalendar = LIBRARY) -> datetime:
    """The end of the ``days``-th working day after ``start``'s date (the start day is day 0,
    DOMAIN §0), as a UTC-comparable aware datetime."""
    return datetime.combine(calendar.working_day_after(start.astimezone(zone).date(), days), day_end, tzinfo=zone)


def add_working_hours(start: datetime, hours: float, zone: ZoneInfo, day_start: time, day_end: time,
                      calendar: BusinessCalendar = LIBRARY) -> datetime:
    """``start`` plus ``hours`` counted only inside working hours of working days."""
    left = timedelta(hours=hours)
    local = start.astimezone(zone)
    while True:
        day = local.date()
        opens = datetime.combine(day, day_start, tzinfo=zone)
        closes = datetime.combine(day, day_end, tzinfo=zone)
        if calendar.is_working_day(day) and local < closes:
            local = max(local, opens)
            if local + left <= closes:
                return local + left
            left -= closes - local
        local = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
