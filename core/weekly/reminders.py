"""The weekly report's reminder (DOMAIN §12, 003 篇3 四: by Friday noon): on Friday from 09:00,
the tenant's time, every active technician who has not yet submitted this week's report is
reminded, once a week; those who submitted hear nothing, and after the noon deadline nobody is
reminded (the report is late; managers see who owes one)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.service import active_staff
from core.notifications.reminders import console_url, local, notify_staff, remind_from
from core.timezones import tenant_zone
from core.weekly.deadline import DUE_WEEKDAY, due_at, week_of
from core.weekly.models import WeeklyReport
from tenants.context import TenantContext

KEY = "weekly.reminder"


def reminder_at(week_start, zone) -> datetime:
    """When the week's reminder goes out: Friday 09:00 of that week, in ``zone``."""
    return remind_from(week_start + timedelta(days=DUE_WEEKDAY), zone)


async def remind(session: AsyncSession, ctx: TenantContext, now: datetime) -> int:
    """Queue the week's reminder to each technician still owing the report, between Friday 09:00
    and the deadline (Friday 12:00, included); how many people are reminded (again: 0 new rows)."""
    zone = tenant_zone(ctx.tenant)
    week = week_of(now.astimezone(zone).date())
    due = due_at(week, zone)
    if not reminder_at(week, zone) <= now <= due:
        return 0
    submitted = set(await session.scalars(select(WeeklyReport.user_id).where(WeeklyReport.week_start == week)))
    owing = [user.id for user in await active_staff(session, ("technician",)) if user.id not in submitted]
    if owing:
        await notify_staff(session, ctx, key=KEY, user_ids=owing, ticket_id=None, dedupe=f"{KEY}:{week}",
                           variables={"tenant_name": ctx.tenant.name, "week_start": week.isoformat(),
                                      "due": local(ctx, due), "url": console_url(session, ctx, "weekly-report")})
    return len(owing)
