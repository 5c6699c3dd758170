"""A tenant's revisit settings: quiet hours, de-duplication, unreachable attempts."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.quiet_hours import DEFAULT_QUIET_HOURS, QuietPeriod, check_not_all_day, parse_periods
from core.revisits.models import RevisitSettings

DEFAULTS = {
    "quiet_hours": [list(p) for p in DEFAULT_QUIET_HOURS],
    #: One customer is not called twice within this many days: the calls merge.
    "dedupe_days": 3,
    #: Calls to an unreachable customer before the revisit is given up.
    "max_attempts": 3,
    #: An unreachable customer is called again this many hours later (unless a time was booked).
    "retry_after_hours": 4,
}


@dataclass(frozen=True)
class Policy:
    quiet_hours: list[list[str]]
    dedupe_days: int
    max_attempts: int
    retry_after_hours: int

    @property
    def periods(self) -> list[QuietPeriod]:
        return parse_periods(self.quiet_hours)


async def load_policy(session: AsyncSession) -> Policy:
    row = await session.scalar(select(RevisitSettings))
    if row is None:
        return Policy(**DEFAULTS)
    return Policy(
        quiet_hours=row.quiet_hours,
        dedupe_days=row.dedupe_days,
        max_attempts=row.max_attempts,
        retry_after_hours=row.retry_after_hours,
    )


async def save_policy(session: AsyncSession, zone: ZoneInfo, values: dict) -> Policy:
    """Validate and store the tenant's settings (422 on bad quiet hours)."""
    policy = Policy(**values)
    periods = policy.periods
    check_not_all_day(periods, zone)
    normalised = [[p[0].strftime("%H:%M"), p[1].strftime("%H:%M")] for p in periods]
    row = await session.scalar(select(RevisitSettings))
    if row is None:
        row = RevisitSettings(**{**values, "quiet_hours": normalised})
        session.add(row)
    else:
        row.quiet_hours = normalised
        row.dedupe_days = policy.dedupe_days
        row.max_attempts = policy.max_attempts
        row.retry_after_hours = policy.retry_after_hours
    await session.flush()
    return await load_policy(session)
