"""The rules of the rebate statement as pure functions (DOMAIN §11, 003 交易返傭服務):

* 每月6号前: the statement of a month (the agents' transactions and rebates) is due by the 6th of
  the following month, that day included, in the tenant's time zone;
* a month's statement is issued once the month is over (its figures are final);
* the rebate of a month is the agent's percent of its transactions of the month, half up to the
  fen (DOMAIN §0, :func:`core.money.percent_of`);
* 每月底: what was actually paid and what is still to pay (待返) = earned to date − paid to date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from core.errors import Invalid
from core.money import percent_of
from core.months import next_month

#: The statement of a month is due on this day of the following month (每月6号前).
DUE_DAY = 6
CENT = Decimal("0.01")


def due_on(first: date) -> date:
    """The day the statement of the month starting on ``first`` is due: the 6th of the next month."""
    return next_month(first) + timedelta(days=DUE_DAY - 1)


def has_ended(first: date, today: date) -> bool:
    """The month starting on ``first`` is over on ``today`` (the tenant's date)."""
    return today >= next_month(first)


def on_time(first: date, issued_on: date) -> bool:
    """Issued on or before the 6th of the following month."""
    return issued_on <= due_on(first)


def canonical_percent(value: Decimal, field: str = "rebate_percent") -> str:
    """A percent between 0 and 100 with at most two decimals, as its two-decimal string."""
    try:
        finite = value.is_finite()
        exponent = value.as_tuple().exponent
    except (AttributeError, InvalidOperation) as exc:
        raise Invalid(field, "must be a number") from exc
    if not finite or not Decimal(0) <= value <= Decimal(100):
        raise Invalid(field, "must be between 0 and 100")
    if isinstance(exponent, int) and exponent < -2 and value != value.quantize(CENT):
        raise Invalid(field, "at most two decimals")
    return str(value.quantize(CENT))


def month_rebate(subtotals: Iterable[tuple[str, int]]) -> int:
    """The rebate of one agent's month from its transaction totals per percent in force: with one
    percent this is ``percent_of(month's transactions, percent)``, rounded once for the month."""
    return sum(percent_of(fen, percent) for percent, fen in subtotals)
