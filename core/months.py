"""Calendar months as the API and the console take them (DOMAIN §0): ``YYYY-MM``, from 1970-01 to
2999-12, so that the month's first and next-month instants always exist in every time zone."""

from __future__ import annotations

import re
from datetime import date

from dateutil.relativedelta import relativedelta

from core.errors import Invalid
from core.i18n.translate import N_

MONTH_PATTERN = r"^(19[7-9]\d|2\d{3})-(0[1-9]|1[0-2])$"
MONTH = re.compile(MONTH_PATTERN)
#: Shown beside a month field on the console too, hence translated.
BAD_MONTH = N_("must be a month YYYY-MM (01 to 12)")


def parse_month(month: str, field: str = "month") -> date:
    """The first day of ``'YYYY-MM'``; anything else (``'2026-13'``, ``'2026-1'``, ``'0000-01'``,
    ``'9999-12'``) is 422 on ``field``."""
    if not MONTH.match(month):
        raise Invalid(field, BAD_MONTH)
    return date(int(month[:4]), int(month[5:]), 1)


def month_of(day: date) -> str:
    """The ``'YYYY-MM'`` a day belongs to."""
    return f"{day:%Y-%m}"


def next_month(first: date) -> date:
    """The first day of the month after the one starting on ``first``."""
    return first + relativedelta(months=1)
