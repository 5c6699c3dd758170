"""Agents (代理商), the business they bring and the rebates paid to them (DOMAIN §11, 003
交易返傭服務). One transaction per command; every write flushes so a broken constraint is an error
answer, not a silent loss."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.lookup import get_or_404
from core.errors import Conflict, Invalid
from core.months import month_of
from core.pagination import paginate
from core.rebates import statements
from core.rebates.models import RebateAgent, RebatePayment, RebateTransaction
from core.rebates.rules import canonical_percent
from core.rebates.schemas import AgentCreate, AgentUpdate, PaymentCreate, TransactionCreate
from core.timezones import tenant_today


async def create_agent(session: AsyncSession, data: AgentCreate) -> RebateAgent:
    """A new agent; its name is unique in the tenant (409 field ``name``)."""
    percent = canonical_percent(data.rebate_percent)
    if await session.scalar(select(RebateAgent.id).where(RebateAgent.name == data.name)) is not None:
        raise Conflict(f"an agent named {data.name!r} exists already", [("name", "already exists")])
    agent = RebateAgent(name=data.name, contact=data.contact, rebate_percent=percent, active=data.active)
    session.add(agent)
    await session.flush()
    return agent


async def get_agent(session: AsyncSession, agent_id: UUID, *, for_update: bool = False) -> RebateAgent:
    """One agent of the tenant (another tenant's is 404). ``for_update`` locks it: recording
    business and issuing a statement take the agents' locks, so they never cross."""
    return await get_or_404(session, RebateAgent, agent_id, "agent", for_update=for_update)


async def agent_page(session: AsyncSession, active: bool | None, *, limit: int | None,
                     cursor: str | None) -> tuple[list[RebateAgent], str | None]:
    """One page of the agents, newest first, only the active (or inactive) ones when ``active`` is named."""
    stmt = select(RebateAgent)
    if active is not None:
        stmt = stmt.where(RebateAgent.active.is_(active))
    return await paginate(session, stmt, RebateAgent.id, limit=limit, cursor=cursor)


async def update_agent(session: AsyncSession, agent_id: UUID, data: AgentUpdate) -> RebateAgent:
    """Change an agent's percent (for business recorded from now on) or its active flag."""
    agent = await get_agent(session, agent_id, for_update=True)
    if data.rebate_percent is not msgspec.UNSET:
        agent.rebate_percent = canonical_percent(data.rebate_percent)
    if data.active is not msgspec.UNSET:
        agent.active = data.active
    await session.flush()
    return agent


async def _business_day(session: AsyncSession, tenant, day: date | None, field: str) -> date:
    """The date of a transaction or payment: today by default, never in the future, and never in a
    month whose statement is issued (its figures are frozen: 409)."""
    today = tenant_today(tenant)
    day = day or today
    if day > today:
        raise Invalid(field, f"in the future (today is {today} in the tenant's time zone)")
    if await statements.find(session, month_of(day)) is not None:
        raise Conflict(f"the statement of {month_of(day)} is issued; its figures no longer change",
                       [(field, "in a month whose statement is issued")])
    return day


async def record_transaction(session: AsyncSession, tenant, agent_id: UUID, data: TransactionCreate,
                             actor_id: UUID | None) -> RebateTransaction:
    """Record business an agent brought, at the agent's current percent; an inactive agent earns
    nothing new (409 field ``agent``)."""
    agent = await get_agent(session, agent_id, for_update=True)
    if not agent.active:
        raise Conflict("the agent is inactive", [("agent", "inactive")])
    day = await _business_day(session, tenant, data.occurred_on, "occurred_on")
    row = RebateTransaction(agent_id=agent.id, occurred_on=day, amount_fen=data.amount_fen,
                            rebate_percent=agent.rebate_percent, note=data.note, recorded_by=actor_id)
    session.add(row)
    await session.flush()
    return row


async def record_payment(session: AsyncSession, tenant, agent_id: UUID, data: PaymentCreate,
                         actor_id: UUID | None) -> RebatePayment:
    """Record a rebate paid to an agent; never more than it has earned and not yet been paid
    (409 field ``amount_fen``)."""
    agent = await get_agent(session, agent_id, for_update=True)
    day = await _business_day(session, tenant, data.paid_on, "paid_on")
    owed = await statements.outstanding(session, agent.id)
    if data.amount_fen > owed:
        raise Conflict(f"the agent is owed {owed} fen; {data.amount_fen} fen is more than that",
                       [("amount_fen", "more than the rebate still to pay")])
    row = RebatePayment(agent_id=agent.id, paid_on=day, amount_fen=data.amount_fen, note=data.note,
                        recorded_by=actor_id)
    session.add(row)
    await session.flush()
    return row

