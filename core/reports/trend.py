"""The figures the dashboard's trend charts need, for several months in two queries.

A full :func:`core.reports.service.service_quality` report per month costs five queries and
counts everything; the trend only shows SLA compliance and the satisfaction rate, so it reads
those columns once for the whole span and buckets the rows by month in the tenant's time zone.
The figures are the report's own (same month rules, same :func:`sla_rate`), which a test checks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import utcnow
from core.months import parse_month
from core.reports.schemas import Rate
from core.reports.service import created_in, month_bounds, sla_rate
from core.revisits.models import Revisit
from core.revisits.rules import REACHED
from core.revisits.stats import MonthStats
from core.tickets.models import Ticket
from core.timezones import tenant_zone


@dataclass(frozen=True)
class TrendPoint:
    """One month of the trend: the report's SLA rates and its revisit satisfaction rate."""

    month: str
    respond_sla: Rate
    resolve_sla: Rate
    satisfaction_rate: float | None


async def trend(session: AsyncSession, tenant, months: list[str]) -> list[TrendPoint]:
    """The trend points of ``months`` (consecutive ``YYYY-MM``, oldest first)."""
    zone = tenant_zone(tenant)
    start, end = month_bounds(months[0], zone)[0], month_bounds(months[-1], zone)[1]
    tickets = await created_in(
        session, Ticket, start, end,
        Ticket.created_at, Ticket.respond_by, Ticket.responded_at, Ticket.resolve_by, Ticket.resolved_at,
    )
    tickets_by_month = defaultdict(list)
    for row in tickets:
        tickets_by_month[f"{row.created_at.astimezone(zone):%Y-%m}"].append(row)

    first, after = parse_month(months[0]), parse_month(months[-1]) + relativedelta(months=1)
    reached, satisfied = defaultdict(int), defaultdict(int)
    revisits = (
        await session.execute(
            select(Revisit.due_by, Revisit.outcome).where(Revisit.due_by >= first, Revisit.due_by < after)
        )
    ).all()
    for row in revisits:
        if row.outcome in REACHED:
            reached[f"{row.due_by:%Y-%m}"] += 1
            satisfied[f"{row.due_by:%Y-%m}"] += row.outcome == "satisfied"

    now = utcnow()
    return [
        TrendPoint(
            month=month,
            respond_sla=sla_rate(tickets_by_month[month], "responded_at", "respond_by", now),
            resolve_sla=sla_rate(tickets_by_month[month], "resolved_at", "resolve_by", now),
            satisfaction_rate=MonthStats.rate(satisfied[month], reached[month]),
        )
        for month in months
    ]
