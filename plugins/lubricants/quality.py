"""The monthly service-quality summary per technician (DOMAIN §7, source 000 第四条(五)): the
on-site services they made (arrivals on site in the month, tenant zone) and how the customers
judged them (revisits about their tickets completed in the month: reached, satisfied, unsatisfied)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, time
from uuid import UUID

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.sdk import REACHED_OUTCOMES, MonthStats, Revisit, TenantContext, Ticket, User, parse_month, tenant_zone
from plugins.lubricants.schemas import QualitySummary, TechnicianQuality


def month_bounds(month: str, tenant) -> tuple[str, datetime, datetime]:
    """The month's first instant and the next month's, in the tenant's zone (422 on a bad month)."""
    first = parse_month(month)
    zone = tenant_zone(tenant)
    start = datetime.combine(first, time(0), tzinfo=zone)
    return f"{first:%Y-%m}", start, datetime.combine(first + relativedelta(months=1), time(0), tzinfo=zone)


async def summary(session: AsyncSession, ctx: TenantContext, month: str) -> QualitySummary:
    """DOMAIN §7: one line per technician, including those with nothing in the month."""
    label, start, end = month_bounds(month, ctx.tenant)
    visits = dict((await session.execute(
        select(Ticket.technician_id, func.count())
        .where(Ticket.arrived_at >= start, Ticket.arrived_at < end, Ticket.technician_id.is_not(None))
        .group_by(Ticket.technician_id))).all())
    outcomes: Counter[tuple[UUID, str]] = Counter(
        (row.technician_id, row.outcome) for row in await session.execute(
            select(Ticket.technician_id, Revisit.outcome)
            .join(Ticket, Ticket.id == Revisit.ticket_id)
            .where(Revisit.completed_at >= start, Revisit.completed_at < end, Revisit.outcome.in_(REACHED_OUTCOMES),
                   Ticket.technician_id.is_not(None))))
    technicians = await session.scalars(select(User).where(User.role == "technician").order_by(User.name, User.id))
    lines = []
    for user in technicians:
        reached = sum(outcomes[(user.id, outcome)] for outcome in REACHED_OUTCOMES)
        satisfied = outcomes[(user.id, "satisfied")]
        lines.append(TechnicianQuality(
            technician_id=user.id, name=user.name, employee_no=user.employee_no,
            on_site_services=visits.get(user.id, 0), revisits_reached=reached, satisfied=satisfied,
            unsatisfied=outcomes[(user.id, "unsatisfied")], satisfaction_rate=MonthStats.rate(satisfied, reached),
        ))
    return QualitySummary(month=label, technicians=lines)
