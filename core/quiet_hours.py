"""Quiet hours (避免在客户休息时打扰, DOMAIN §3): when a customer may be called or sent a message.

The rules alone, below every context: the tenant's hours are kept by the revisit policy
(:mod:`core.revisits.policy`), which the revisit calls read, and which the notifications read
through :mod:`core.customer_quiet_hours` for a customer's messages.

A quiet period ``(start, end)`` in local time covers ``start`` up to but not including ``end``;
a period whose end is before its start wraps over midnight (``21:00–08:00``). The default
periods are 12:00–14:00 and 21:00–08:00.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.errors import Invalid

DEFAULT_QUIET_HOURS: tuple[tuple[str, str], ...] = (("12:00", "14:00"), ("21:00", "08:00"))

QuietPeriod = tuple[time, time]


def parse_period(raw, index: int) -> QuietPeriod:
    """``["12:00", "14:00"]`` -> ``(time(12), time(14))``; 422 on a bad value."""
    field = f"quiet_hours[{index}]"
    if not isinstance(raw, list | tuple) or len(raw) != 2:
        raise Invalid(field, "must be a pair [start, end] of HH:MM times")
    try:
        start, end = (time.fromisoformat(part) for part in raw)
    except (TypeError, ValueError) as exc:
        raise Invalid(field, "times must be HH:MM") from exc
    if start == end:
        raise Invalid(field, "start and end must differ")
    return start.replace(second=0, microsecond=0), end.replace(second=0, microsecond=0)


def parse_periods(raw) -> list[QuietPeriod]:
    return [parse_period(item, i) for i, item in enumerate(raw)]


def in_period(moment: time, period: QuietPeriod) -> bool:
    start, end = period
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def is_quiet(local: datetime, periods: list[QuietPeriod]) -> bool:
    """Whether a local wall-clock moment falls in a quiet period."""
    moment = local.time().replace(tzinfo=None)
    return any(in_period(moment, p) for p in periods)


def next_callable(moment: datetime, zone: ZoneInfo, periods: list[QuietPeriod]) -> datetime:
    """The first moment at or after ``moment`` outside every quiet period (in ``zone``).

    Each step jumps to the end of the quiet period it is in, so the loop ends after at most one
    step per period; quiet periods that together cover the whole day are refused.
    """
    local = moment.astimezone(zone)
    for _ in range(len(periods) + 2):
        period = next((p for p in periods if in_period(local.time().replace(tzinfo=None), p)), None)
        if period is None:
            return local
        end_day = local.date()
        if period[1] <= local.time().replace(tzinfo=None):
            end_day += timedelta(days=1)
        local = datetime.combine(end_day, period[1], tzinfo=zone)
    raise Invalid("quiet_hours", "quiet hours cover the whole day: no call could ever be scheduled")


def check_not_all_day(periods: list[QuietPeriod], zone: ZoneInfo) -> None:
    """Refuse quiet hours that leave no time to call."""
    next_callable(datetime(2026, 1, 1, tzinfo=zone), zone, periods)
