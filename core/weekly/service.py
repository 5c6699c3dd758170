"""Submitting a weekly service report and reading a week (DOMAIN §12, 003 篇3 四)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.principal import Principal
from core.auth.service import active_staff
from core.confidentiality.service import check_read_type, check_reads
from core.db.base import utcnow
from core.db.unique import add_unique
from core.errors import Conflict, Invalid
from core.timezones import tenant_today, tenant_zone
from core.weekly.deadline import due_at, on_time, week_of
from core.weekly.models import WeeklyReport
from core.weekly.schemas import ReportCreate, ReportRead, WeekRead
from tenants.context import TenantContext

#: The record type of DOMAIN §5 a weekly report is (工作日记, a work diary: secret,
#: ``core.confidentiality.levels.RECORD_LEVELS``).
RECORD_TYPE = "work_diary"


def check_week(ctx: TenantContext, week_start: date | None) -> date:
    """The week asked for: a Monday, not after this week (the tenant's); this week when none."""
    this_week = week_of(tenant_today(ctx.tenant))
    if week_start is None:
        return this_week
    if week_start.weekday() != 0:
        raise Invalid("week_start", "a week starts on a Monday")
    if week_start > this_week:
        raise Invalid("week_start", f"{week_start} is after this week ({this_week} in the tenant's time zone)")
    return week_start


async def submit(session: AsyncSession, ctx: TenantContext, who: Principal, data: ReportCreate) -> WeeklyReport:
    """Submit the week's report, once (409 for a second); marked late after Friday noon."""
    week = check_week(ctx, data.week_start)
    now = utcnow()
    report = WeeklyReport(user_id=who.user_id, week_start=week, situations=data.situations, feedback=data.feedback,
                          submitted_at=now, on_time=on_time(week, now, tenant_zone(ctx.tenant)))
    await add_unique(session, report,
                     Conflict(f"the report of the week of {week} is in already", [("week_start", "submitted")]))
    return report


def report_read(ctx: TenantContext, report: WeeklyReport) -> ReportRead:
    return ReportRead(
        id=report.id, user_id=report.user_id, week_start=report.week_start,
        due_at=due_at(report.week_start, tenant_zone(ctx.tenant)), situations=report.situations,
        feedback=report.feedback, submitted_at=report.submitted_at, on_time=report.on_time,
    )


async def week(session: AsyncSession, ctx: TenantContext, who: Principal, week_start: date | None) -> WeekRead:
    """A week's reports (a technician sees only their own) and, for managers, who still owes one.
    Reports are work diaries, secret records (DOMAIN §5): a manager reads the team's only if their
    role may read secret records (403 otherwise); everyone reads their own."""
    start = check_week(ctx, week_start)
    stmt = select(WeeklyReport).where(WeeklyReport.week_start == start).order_by(WeeklyReport.submitted_at)
    manager = who.role in ("admin", "manager")
    level = await check_read_type(session, who, RECORD_TYPE) if manager else None
    if not manager:
        stmt = stmt.where(WeeklyReport.user_id == who.user_id)
    reports = list((await session.scalars(stmt)).all())
    if level is not None:
        await check_reads(session, who, [(level, RECORD_TYPE, r.id) for r in reports if r.user_id != who.user_id])
    missing = []
    if manager:
        submitted = {r.user_id for r in reports}
        missing = [u.id for u in await active_staff(session, ("technician",)) if u.id not in submitted]
    return WeekRead(week_start=start, due_at=due_at(start, tenant_zone(ctx.tenant)),
                    reports=[report_read(ctx, r) for r in reports], missing=missing)
