"""The day's three-rings digest (DOMAIN §12, 003 篇6: the phone is answered within three rings):
from 09:00 of each day, the tenant's time, when some call answered the day before rang past three
rings, the managers and admins who may read the call log (a secret record, DOMAIN §5) are told the
day's share and the agents (工号) concerned, once a day. A day whose answered calls were all within
three rings, or without calls, tells nobody."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.service import active_staff
from core.calls.service import RECORD_TYPE, period_stats
from core.confidentiality.service import may_read_type
from core.notifications.reminders import REMIND_AT, console_url, notify_staff
from core.timezones import tenant_zone
from tenants.context import TenantContext

KEY = "calls.rings_missed"
#: Who reads the digest (when their role may read the call log).
READERS = ("admin", "manager")


async def remind(session: AsyncSession, ctx: TenantContext, now: datetime) -> int:
    """Queue yesterday's digest when a call answered yesterday rang past three rings; how many
    people are told (again the same day: 0 new rows)."""
    local = now.astimezone(tenant_zone(ctx.tenant))
    if local.time() < REMIND_AT:
        return 0
    day = local.date() - timedelta(days=1)
    found = await period_stats(session, ctx, day, day)
    if not found.answered or found.within_three_rings == found.answered:
        return 0
    allowed = {role for role in READERS if await may_read_type(session, role, RECORD_TYPE)}
    readers = [user.id for user in await active_staff(session, READERS) if user.role in allowed]
    late = [f"{agent.employee_no or '—'} ({agent.answered - agent.within_three_rings})"
            for agent in found.agents if agent.within_three_rings < agent.answered]
    await notify_staff(session, ctx, key=KEY, user_ids=readers, ticket_id=None, dedupe=f"{KEY}:{day}", variables={
        "tenant_name": ctx.tenant.name, "day": day.isoformat(), "answered": found.answered,
        "within": found.within_three_rings, "share": f"{100 * found.within_three_rings / found.answered:.1f}%",
        "agents": ", ".join(late), "url": console_url(session, ctx, "reports/")})
    return len(readers)
