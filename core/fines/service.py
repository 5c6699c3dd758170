"""Recording a staff member's breach of the service rules and confirming a proposed removal
(DOMAIN §12, 003 篇6 管理规定; the ladder in :mod:`core.fines.ladder`)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.principal import Principal
from core.auth.service import check_user
from core.db.base import utcnow
from core.db.lookup import get_or_404
from core.errors import Conflict, Forbidden, Invalid
from core.fines.ladder import IN_CHARGE_FINE_FEN, proposal
from core.fines.models import StaffBreach
from core.fines.reminders import tell_managers
from core.fines.schemas import BreachConfirm, BreachCreate
from core.timezones import check_not_future
from tenants.context import TenantContext


async def record(session: AsyncSession, ctx: TenantContext, who: Principal, data: BreachCreate) -> StaffBreach:
    """Record a breach: the people are the tenant's, the day is not ahead, the rung is counted
    over the person's breaches of the same rule (this one included); a proposed removal is told to
    the managers it does not concern at once."""
    await check_user(session, data.user_id, "user_id")
    await check_user(session, data.in_charge_id, "in_charge_id")
    if data.in_charge_id == data.user_id:
        raise Invalid("in_charge_id", "the person in charge is someone else than the one who broke the rule")
    check_not_future(ctx.tenant, "occurred_on", data.occurred_on)
    rule = " ".join(data.rule.split())
    earlier = await session.scalar(select(func.count()).select_from(StaffBreach).where(
        StaffBreach.user_id == data.user_id, StaffBreach.rule == rule))
    rung = proposal(earlier + 1)
    breach = StaffBreach(
        user_id=data.user_id, rule=rule, occurred_on=data.occurred_on, description=data.description,
        in_charge_id=data.in_charge_id, recorded_by=who.user_id, count=rung.count, level=rung.level,
        fine_fen=rung.fine_fen, in_charge_fine_fen=IN_CHARGE_FINE_FEN if data.in_charge_id else None,
        status=rung.status,
    )
    session.add(breach)
    await session.flush()
    await tell_managers(session, ctx, [breach])
    return breach


def decides_own_case(breach: StaffBreach, user_id: UUID) -> bool:
    """Whether ``user_id`` is one of the people the breach fines (they may not confirm it)."""
    return user_id in (breach.user_id, breach.in_charge_id)


async def confirm(session: AsyncSession, who: Principal, breach_id: UUID, data: BreachConfirm) -> StaffBreach:
    """A manager confirms a proposed removal: not one of the people it fines (403), only while it
    is proposed (409)."""
    breach = await get_or_404(session, StaffBreach, breach_id, "breach")
    if decides_own_case(breach, who.user_id):
        raise Forbidden("a removal is confirmed by a manager it does not concern")
    if breach.status != "proposed":
        raise Conflict(f"the breach is {breach.status}: only a proposed removal is confirmed")
    breach.status, breach.decided_by, breach.decided_at = "confirmed", who.user_id, utcnow()
    breach.decision_note = data.note
    await session.flush()
    return breach
