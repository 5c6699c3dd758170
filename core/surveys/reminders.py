"""The month's questionnaire results (DOMAIN §12, 003 篇3 10.1.2: results analysed per period):
from 09:00 of the first day of a month, the tenant's time, the managers and admins are sent the
past month's results — answers, and per area the mean score and the share satisfied — once a month,
when some questionnaire was answered in it."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.service import active_staff
from core.notifications.reminders import REMIND_AT, console_url, notify_staff
from core.surveys.service import results
from core.timezones import tenant_zone
from tenants.context import TenantContext

KEY = "surveys.month_results"
READERS = ("admin", "manager")


async def remind(session: AsyncSession, ctx: TenantContext, now: datetime) -> int:
    """Queue the past month's results on the first day of a month from 09:00; how many people
    are told (again the same month: 0 new rows)."""
    local = now.astimezone(tenant_zone(ctx.tenant))
    if local.day != 1 or local.time() < REMIND_AT:
        return 0
    last = local.date() - timedelta(days=1)
    first = last.replace(day=1)
    found = await results(session, first, last)
    if not found.responses:
        return 0
    readers = [user.id for user in await active_staff(session, READERS)]
    areas = {area.area: f"{area.mean:.2f} ({100 * area.satisfied_rate:.0f}%)" if area.answers else "—"
             for area in found.areas}
    await notify_staff(session, ctx, key=KEY, user_ids=readers, ticket_id=None, dedupe=f"{KEY}:{first:%Y-%m}",
                       variables={"tenant_name": ctx.tenant.name, "month": f"{first:%Y-%m}",
                                  "responses": found.responses, **areas,
                                  "url": console_url(session, ctx, f"surveys/?start={first}&end={last}")})
    return len(readers)
