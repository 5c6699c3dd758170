"""The monthly rebate statement (返傭报表, DOMAIN §11, 003 交易返傭服務): computed live from the
transactions and payments until it is issued, then frozen.

Per agent, the month's transactions and rebate (the rebate of a month is the percent of the
month's transactions, half up to the fen, rounded once per month and percent), the payments of the
month, and up to the month's end the rebate earned, the rebate paid and what is still to pay
(待返 = earned to date − paid to date).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime
from uuid import UUID

import msgspec
from sqlalchemy import case, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import utcnow
from core.errors import Conflict
from core.months import month_of, next_month, parse_month
from core.rebates.models import RebateAgent, RebatePayment, RebateStatement, RebateTransaction
from core.rebates.rules import due_on, has_ended, month_rebate, on_time
from core.rebates.schemas import StatementLine, StatementRead, StatementSummary, StatementTotals
from core.timezones import tenant_today, tenant_zone

#: Transaction totals per agent, month and percent in force: ``{agent: {"2026-05": {"3.50": fen}}}``.
Earnings = dict[UUID, dict[str, Counter]]


async def find(session: AsyncSession, month: str) -> RebateStatement | None:
    """The issued statement of ``month``, if any."""
    return await session.scalar(select(RebateStatement).where(RebateStatement.month == month))


async def _earnings(session: AsyncSession, before: date | None, agent_id: UUID | None = None) -> Earnings:
    """Every transaction before ``before`` (all when ``None``), summed per agent, day and percent in
    SQL and folded into months here (the month of a date is the same on every database)."""
    amount = func.sum(RebateTransaction.amount_fen)
    stmt = select(RebateTransaction.agent_id, RebateTransaction.occurred_on, RebateTransaction.rebate_percent, amount)
    if before is not None:
        stmt = stmt.where(RebateTransaction.occurred_on < before)
    if agent_id is not None:
        stmt = stmt.where(RebateTransaction.agent_id == agent_id)
    stmt = stmt.group_by(RebateTransaction.agent_id, RebateTransaction.occurred_on, RebateTransaction.rebate_percent)
    found: Earnings = defaultdict(lambda: defaultdict(Counter))
    for agent, day, percent, fen in (await session.execute(stmt)).all():
        found[agent][month_of(day)][percent] += int(fen)
    return found


async def _payments(session: AsyncSession, first: date | None, before: date | None,
                    agent_id: UUID | None = None) -> dict[UUID, tuple[int, int]]:
    """Per agent: (paid in the month from ``first``, paid in all before ``before``)."""
    amount = RebatePayment.amount_fen
    in_month = case((RebatePayment.paid_on >= first, amount), else_=0) if first else literal_column("0")
    stmt = select(RebatePayment.agent_id, func.sum(in_month), func.sum(amount)).group_by(RebatePayment.agent_id)
    if before is not None:
        stmt = stmt.where(RebatePayment.paid_on < before)
    if agent_id is not None:
        stmt = stmt.where(RebatePayment.agent_id == agent_id)
    return {agent: (int(month or 0), int(total or 0)) for agent, month, total in (await session.execute(stmt)).all()}


def earned(months: dict[str, Counter]) -> int:
    """The rebate earned over the given months, each month rounded on its own."""
    return sum(month_rebate(percents.items()) for percents in months.values())


async def outstanding(session: AsyncSession, agent_id: UUID) -> int:
    """What an agent has earned so far and not been paid yet."""
    months = (await _earnings(session, None, agent_id)).get(agent_id, {})
    _, paid = (await _payments(session, None, None, agent_id)).get(agent_id, (0, 0))
    return earned(months) - paid


async def compute_lines(session: AsyncSession, zone, first: date, *, lock: bool = False) -> list[StatementLine]:
    """One line per agent with a figure, or active and created by the month's end, by name.
    ``lock`` takes the agents' row locks first, so no transaction is recorded meanwhile."""
    end, month = next_month(first), month_of(first)
    stmt = select(RebateAgent).order_by(RebateAgent.name, RebateAgent.id)
    agents = (await session.scalars(stmt.with_for_update() if lock else stmt)).all()
    earnings, payments = await _earnings(session, end), await _payments(session, first, end)
    lines = []
    for agent in agents:
        months = earnings.get(agent.id, {})
        this_month = months.get(month, Counter())
        paid_month, paid_total = payments.get(agent.id, (0, 0))
        earned_total = earned(months)
        line = StatementLine(
            agent_id=agent.id, agent_name=agent.name, rebate_percent=agent.rebate_percent,
            transactions_fen=sum(this_month.values()), rebate_fen=month_rebate(this_month.items()),
            paid_fen=paid_month, earned_to_date_fen=earned_total, paid_to_date_fen=paid_total,
            pending_fen=earned_total - paid_total,
        )
        existed = agent.created_at.astimezone(zone).date() < end
        if line.transactions_fen or line.paid_fen or line.pending_fen or (agent.active and existed):
            lines.append(line)
    return lines


def totals(lines: list[StatementLine]) -> StatementTotals:
    """The statement's sums over its lines."""
    return StatementTotals(
        transactions_fen=sum(line.transactions_fen for line in lines), rebate_fen=sum(line.rebate_fen for line in lines),
        paid_fen=sum(line.paid_fen for line in lines), pending_fen=sum(line.pending_fen for line in lines),
    )


def frozen_lines(statement: RebateStatement) -> list[StatementLine]:
    """The lines an issued statement froze."""
    return msgspec.convert(statement.lines, list[StatementLine])


async def statement(session: AsyncSession, tenant, month: str) -> StatementRead:
    """The month's statement: frozen when issued, else computed now from the records."""
    first = parse_month(month)
    issued = await find(session, month)
    if issued is not None:
        lines = frozen_lines(issued)
        return StatementRead(month=month, due_on=issued.due_on, issued=True, issued_at=issued.issued_at,
                             issued_by=issued.issued_by, on_time=issued.on_time, currency="CNY", lines=lines,
                             totals=totals(lines))
    lines = await compute_lines(session, tenant_zone(tenant), first)
    return StatementRead(month=month, due_on=due_on(first), issued=False, issued_at=None, issued_by=None,
                         on_time=None, currency="CNY", lines=lines, totals=totals(lines))


async def issue(session: AsyncSession, tenant, month: str, actor_id: UUID | None,
                now: datetime | None = None) -> StatementRead:
    """Issue (freeze) the statement of a month that is over in the tenant's zone (409 otherwise,
    and 409 when it is issued already); it is on time when issued by the 6th of the next month."""
    first = parse_month(month)
    now = now or utcnow()
    today = tenant_today(tenant, now)
    if not has_ended(first, today):
        raise Conflict(f"{month} is not over yet (today is {today} in the tenant's time zone); "
                       f"its statement can be issued from {next_month(first)}", [("month", "the month has not ended")])
    if await find(session, month) is not None:
        raise Conflict(f"the statement of {month} is issued already", [("month", "already issued")])
    lines = await compute_lines(session, tenant_zone(tenant), first, lock=True)
    session.add(RebateStatement(month=month, due_on=due_on(first), issued_at=now, issued_by=actor_id,
                                on_time=on_time(first, today), lines=msgspec.to_builtins(lines)))
    await session.flush()
    return await statement(session, tenant, month)


async def issued_statements(session: AsyncSession, limit: int, after: str | None) -> tuple[list[StatementSummary], str | None]:
    """Issued statements, newest month first, ``limit`` at a time; the cursor is the last month shown."""
    stmt = select(RebateStatement).order_by(RebateStatement.month.desc()).limit(limit + 1)
    if after is not None:
        parse_month(after, "cursor")
        stmt = stmt.where(RebateStatement.month < after)
    rows = list((await session.scalars(stmt)).all())
    page = [
        StatementSummary(month=s.month, due_on=s.due_on, issued_at=s.issued_at, issued_by=s.issued_by,
                         on_time=s.on_time, agents=len(s.lines), totals=totals(frozen_lines(s)))
        for s in rows[:limit]
    ]
    return page, (rows[limit - 1].month if len(rows) > limit else None)
