"""A proposed removal waits for a manager (DOMAIN §12, 003 篇6 管理规定: the third breach of the
same rule is removal, confirmed by a manager it does not concern): the tenant's active managers
and admins, except the person who broke the rule and the person in charge, are told once per
breach — when it is recorded, and by the sweep for any proposal still waiting that was not told
(the same dedupe key: a second run queues nothing)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import MANAGERS
from core.auth.service import active_staff, names_of
from core.fines.models import StaffBreach
from core.notifications.reminders import console_url, notify_staff
from tenants.context import TenantContext

KEY = "fines.removal_proposed"


async def tell_managers(session: AsyncSession, ctx: TenantContext, breaches: list[StaffBreach]) -> int:
    """Queue the message of each proposed removal to the managers it does not concern; how many
    proposals had someone to tell."""
    proposed = [b for b in breaches if b.status == "proposed"]
    if not proposed:
        return 0
    managers = await active_staff(session, MANAGERS)
    names = await names_of(session, [b.user_id for b in proposed])
    url = console_url(session, ctx, "staff-fines")
    told = 0
    for breach in proposed:
        deciders = [m.id for m in managers if m.id not in (breach.user_id, breach.in_charge_id)]
        if not deciders:
            continue
        await notify_staff(session, ctx, key=KEY, user_ids=deciders, ticket_id=None, dedupe=f"{KEY}:{breach.id}",
                           variables={"tenant_name": ctx.tenant.name, "person": names.get(breach.user_id, ""),
                                      "rule": breach.rule, "count": breach.count, "url": url})
        told += 1
    return told


async def remind(session: AsyncSession, ctx: TenantContext, _now: datetime) -> int:
    """The sweep: every removal still proposed."""
    stmt = select(StaffBreach).where(StaffBreach.status == "proposed").order_by(StaffBreach.id)
    return await tell_managers(session, ctx, list(await session.scalars(stmt)))
