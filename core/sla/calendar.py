"""The business calendar: working days in mainland China and working hours.

Working days come from the ``chinese_calendar`` library (weekends, public holidays and the
make-up working days 调休 announced by the State Council). It covers the years it was released
for (up to 2026 in chinesecalendar 1.11); for a later year the calendar falls back to plain
weekends (Monday–Friday working) until the library is upgraded.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar


def is_working_day(day: date) -> bool:
    """True on a working day: a weekday that is not a public holiday, or a 调休 working weekend."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the library does not know yet: weekends only
        return day.weekday() < 5


def parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def add_working_days(start: datetime, days: int, zone: ZoneInfo, day_end: time) -> datetime:
    """The end of the ``days``-th working day after ``start``'s date (the start day is day 0,
    DOMAIN §0), as a UTC-comparable aware datetime."""
    day = start.astimezone(zone).date()
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return datetime.combine(day, day_end, tzinfo=zone)


def add_working_hours(start: datetime, hours: float, zone: ZoneInfo, day_start: time, day_end: time) -> datetime:
    """``start`` plus ``hours`` counted only inside working hours of working days."""
    left = timedelta(hours=hours)
    local = start.astimezone(zone)
    while True:
        day = local.date()
        opens = datetime.combine(day, day_start, tzinfo=zone)
        closes = datetime.combine(day, day_end, tzinfo=zone)
        if is_working_day(day) and local < closes:
            local = max(local, opens)
            if local + left <= closes:
                return local + left
            left -= closes - local
        local = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
