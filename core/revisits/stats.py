"""Revisit metrics of a month (DOMAIN §3: completion rate, target 100%; on-time rate;
satisfaction rate).

The month's revisits are those **due** in it: ``due_by`` (the window's last day, tenant zone)
falls in the month. Of those:

* completion rate = completed (reached, or a letter, SMS or e-mail sent) / due;
* on-time rate = completed on or before ``due_by`` (completion date in the tenant's zone) / due;
* satisfaction rate = ``satisfied`` / reached.

A rate whose denominator is zero is ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.months import parse_month
from core.revisits.models import Revisit
from core.revisits.rules import COMPLETED, REACHED


@dataclass(frozen=True)
class MonthStats:
    month: str
    due: int
    completed: int
    on_time: int
    satisfied: int
    reached: int

    @staticmethod
    def rate(part: int, whole: int) -> float | None:
        return round(part / whole, 4) if whole else None

    @property
    def completion_rate(self) -> float | None:
        return self.rate(self.completed, self.due)

    @property
    def on_time_rate(self) -> float | None:
        return self.rate(self.on_time, self.due)

    @property
    def satisfaction_rate(self) -> float | None:
        return self.rate(self.satisfied, self.reached)


async def month_stats(session: AsyncSession, month: str, zone) -> MonthStats:
    first = parse_month(month)
    last = first + relativedelta(months=1) - timedelta(days=1)
    stmt = select(Revisit.due_by, Revisit.outcome, Revisit.completed_at).where(
        Revisit.due_by >= first, Revisit.due_by <= last
    )
    rows = (await session.execute(stmt)).all()
    completed = [r for r in rows if r.outcome in COMPLETED]
    reached = [r for r in completed if r.outcome in REACHED]
    return MonthStats(
        month=f"{first:%Y-%m}",
        due=len(rows),
        completed=len(completed),
        on_time=sum(1 for r in completed if r.completed_at.astimezone(zone).date() <= r.due_by),
        satisfied=sum(1 for r in reached if r.outcome == "satisfied"),
        reached=len(reached),
    )
