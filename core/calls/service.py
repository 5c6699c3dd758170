"""Receiving call records and measuring answers within three rings (DOMAIN §12, 003 篇6).

The rate is the share of *answered* calls answered within three rings (an unanswered call is
counted in ``calls`` and not in the rate); per agent by the 工号 the telephony system gave, matched
to the tenant's users.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.principal import Principal
from core.auth.service import users_by_employee_no
from core.calls.models import CallRecord
from core.calls.rings import within_three_rings
from core.calls.schemas import AgentStats, CallsIn, CallsReceived, CallStats
from core.confidentiality.service import check_read_type, may_read_type
from core.errors import Invalid
from core.periods import check_period
from core.timezones import tenant_zone
from tenants.context import TenantContext


async def receive(session: AsyncSession, data: CallsIn) -> CallsReceived:
    """Keep each call once (by ``external_id``); times must carry their offset."""
    for i, call in enumerate(data.calls):
        if call.started_at.tzinfo is None:
            raise Invalid(f"calls[{i}].started_at", "give the time with its offset (RFC 3339)")
    ids = [c.external_id for c in data.calls]
    known = set((await session.scalars(select(CallRecord.external_id).where(CallRecord.external_id.in_(ids)))).all())
    users = await users_by_employee_no(session, {c.employee_no for c in data.calls if c.employee_no})
    fresh = {}
    for call in data.calls:
        if call.external_id in known or call.external_id in fresh:
            continue
        answered = call.ring_seconds is not None
        fresh[call.external_id] = CallRecord(
            external_id=call.external_id, started_at=call.started_at, ring_seconds=call.ring_seconds,
            answered=answered, within_three_rings=answered and within_three_rings(call.ring_seconds),
            employee_no=call.employee_no, user_id=users.get(call.employee_no),
        )
    session.add_all(fresh.values())
    await session.flush()
    return CallsReceived(received=len(fresh), duplicates=len(data.calls) - len(fresh))


#: The record type of DOMAIN §5 the call records are (来电记录, secret:
#: ``core.confidentiality.levels.RECORD_LEVELS``).
RECORD_TYPE = "call_log"


async def may_read(session: AsyncSession, who: Principal) -> bool:
    """Whether the caller's role may read what the call log holds (its figures included)."""
    return await may_read_type(session, who.role, RECORD_TYPE)


async def stats(session: AsyncSession, ctx: TenantContext, who: Principal, start: date, end: date) -> CallStats:
    """The period's calls, answers and answers within three rings, in all and per agent; read
    from the call log, a secret record (403 for a role that may not read secret records)."""
    await check_read_type(session, who, RECORD_TYPE)
    return await period_stats(session, ctx, start, end)


async def period_stats(session: AsyncSession, ctx: TenantContext, start: date, end: date) -> CallStats:
    """:func:`stats` without the caller's check (the worker's digest, sent only to roles that may
    read the call log)."""
    check_period(start, end)
    zone = tenant_zone(ctx.tenant)
    period = (CallRecord.started_at >= datetime.combine(start, time(0), zone),
              CallRecord.started_at < datetime.combine(end + timedelta(days=1), time(0), zone))
    within = func.sum(case((CallRecord.within_three_rings, 1), else_=0))
    answered = func.sum(case((CallRecord.answered, 1), else_=0))
    total = (await session.execute(select(func.count(), answered, within).where(*period))).one()
    rows = (await session.execute(
        select(CallRecord.user_id, CallRecord.employee_no, answered, within).where(*period, CallRecord.answered)
        .group_by(CallRecord.user_id, CallRecord.employee_no).order_by(CallRecord.employee_no))).all()
    agents = [AgentStats(user_id=u, employee_no=n, answered=a, within_three_rings=w, rate=round(w / a, 4) if a else None)
              for u, n, a, w in rows]
    calls, answered_n, within_n = total[0], total[1] or 0, total[2] or 0
    return CallStats(start=start, end=end, calls=calls, answered=answered_n, within_three_rings=within_n,
                     rate=round(within_n / answered_n, 4) if answered_n else None, agents=agents)
