"""A period of days as the statistics reads take it: ``start`` to ``end``, both included."""

from __future__ import annotations

from datetime import date

from core.errors import Invalid

#: The longest period counted at once (a year and a day).
MAX_DAYS = 366


def check_period(start: date, end: date) -> None:
    """422 on ``end`` when the period ends before it starts or spans more than :data:`MAX_DAYS` days."""
    if end < start:
        raise Invalid("end", "the period ends before it starts")
    if (end - start).days >= MAX_DAYS:
        raise Invalid("end", f"a period is at most {MAX_DAYS} days")
