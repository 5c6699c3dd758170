"""When lubrication-equipment customers are called (source 000 第四条(三)8): each new installation at
least once within one month, every customer at least once a quarter. Windows are in calendar
months (DOMAIN §0); the revisit engine counts days, so the installation call's window is the
longest run of days that always ends within the months, whatever the installation date."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from dateutil.relativedelta import relativedelta


def install_revisit_window(installed_on: date, months: int) -> tuple[date, date]:
    """DOMAIN §7: from the installation day (day 0) to the same day ``months`` later, inclusive."""
    return installed_on, installed_on + relativedelta(months=months)


@cache
def days_always_within(months: int) -> int:
    """The most days after any start date that are still within ``months`` calendar months: 28 for
    one month (February), 59 for two… (every start day of four consecutive years, one of them a
    leap year, covers every run of month lengths)."""
    start = date(2023, 1, 1)
    return min(
        ((day + relativedelta(months=months)) - day).days
        for day in (start + timedelta(days=i) for i in range(4 * 366))
    )


def quarter_of(day: date) -> tuple[date, date]:
    """DOMAIN §7 每个季度: the first and last day of the calendar quarter of ``day``."""
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return first, first + relativedelta(months=3) - timedelta(days=1)
