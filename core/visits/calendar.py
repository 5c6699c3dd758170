"""The dates of the service visits (pure functions: dates in, dates or answers out).

* Residential projects (001 篇2 二: 在保修期间内，每年定期对用户不少于二次回访; 保修期后……维修时仅收取
  材料成本费): the warranty runs from the handover day for ``warranty_months``, its last day being
  the day before the same date ``warranty_months`` later. It is cut into half-years counted from the
  handover; each half-year ends with a revisit due within its last :data:`REVISIT_WINDOW_DAYS`
  days (a last, shorter half-year ends on the warranty's last day). Every warranty year thus holds
  two revisits, the last just before the warranty ends. From the day after, repairs are charged at
  material cost only: parts at cost, labour free.
* Seasons (004 1.3: 每年的夏天、冬季): summer is June to August; winter is December to February,
  named by the year of its December (winter 2026: 2026-12-01 to 2027-02-28).
* The New Year campaign (003 篇3 三: 每年12月): only in December of its year.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from dateutil.relativedelta import relativedelta

Terms = Literal["before_handover", "in_warranty", "material_cost_only"]

#: A half-year's revisit is due within its last 14 days (both ends included).
REVISIT_WINDOW_DAYS = 14
#: Months between two revisits of a project under warranty (two a year).
REVISIT_EVERY_MONTHS = 6
#: Each season: its first month and how many months it lasts.
SEASONS: dict[str, tuple[int, int]] = {"summer": (6, 3), "winter": (12, 3)}
#: The month of the New Year campaign.
NEW_YEAR_MONTH = 12


def warranty_last_day(handover: date, months: int) -> date:
    """The last day under warranty: the day before the date ``months`` after the handover."""
    return handover + relativedelta(months=months) - timedelta(days=1)


def terms_on(handover: date, months: int, day: date) -> Terms:
    """What a repair of the project costs on ``day``: free under warranty up to its last day
    included, material cost only from the day after."""
    if day < handover:
        return "before_handover"
    return "in_warranty" if day <= warranty_last_day(handover, months) else "material_cost_only"


def half_years(handover: date, months: int) -> list[tuple[int, date, date]]:
    """Every half-year of the warranty as ``(number, revisit due_from, revisit due_by)``: the
    revisit is due within the half-year's last 14 days; the warranty's last half-year ends on its
    last day."""
    last = warranty_last_day(handover, months)
    out = []
    number = 1
    while (start := handover + relativedelta(months=REVISIT_EVERY_MONTHS * (number - 1))) <= last:
        end = min(handover + relativedelta(months=REVISIT_EVERY_MONTHS * number) - timedelta(days=1), last)
        out.append((number, max(start, end - timedelta(days=REVISIT_WINDOW_DAYS - 1)), end))
        number += 1
    return out


def warranty_year_of(half_year: int) -> int:
    """The warranty year (1, 2, …) a half-year belongs to."""
    return (half_year + 1) // 2


def warranty_years(handover: date, months: int) -> list[tuple[int, date, date]]:
    """Every warranty year as ``(number, first day, last day)``, from the handover's anniversary;
    the last one ends on the warranty's last day."""
    last = warranty_last_day(handover, months)
    out = []
    number = 1
    while (start := handover + relativedelta(months=12 * (number - 1))) <= last:
        out.append((number, start, min(handover + relativedelta(months=12 * number) - timedelta(days=1), last)))
        number += 1
    return out


def season_days(season: str, year: int) -> tuple[date, date]:
    """The first and last day of ``season`` of ``year`` (winter: from December of ``year``)."""
    month, length = SEASONS[season]
    first = date(year, month, 1)
    return first, first + relativedelta(months=length) - timedelta(days=1)


def new_year_open(today: date, year: int) -> bool:
    """Whether the New Year campaign of ``year`` may be generated on ``today``: in its December."""
    return today.year == year and today.month == NEW_YEAR_MONTH
