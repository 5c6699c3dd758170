"""When a week's service report is due (003 篇3 四): by Friday noon (12:00) of that week, in the
tenant's time zone (DOMAIN §0). Weeks run Monday to Sunday; a report submitted at 12:00:00 on the
Friday is on time, one a second later is late (it is still taken, marked late).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

#: Friday, 12:00: the department meeting reads the reports that afternoon.
DUE_WEEKDAY = 4
DUE_TIME = time(12, 0)


def week_of(day: date) -> date:
    """The Monday starting the week of ``day``."""
    return day - timedelta(days=day.weekday())


def due_at(week_start: date, zone: ZoneInfo) -> datetime:
    """The moment the report of the week starting ``week_start`` is due (an aware datetime)."""
    return datetime.combine(week_start + timedelta(days=DUE_WEEKDAY), DUE_TIME, zone)


def on_time(week_start: date, submitted_at: datetime, zone: ZoneInfo) -> bool:
    """Whether a report submitted at ``submitted_at`` (aware) met its week's deadline."""
    return submitted_at <= due_at(week_start, zone)
