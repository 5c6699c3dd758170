"""HTTP: the tenant's SLA policy and its business calendar (pausing a ticket's clock is the
tickets' controller's)."""

from __future__ import annotations

from datetime import date

import msgspec
from litestar import Request, get, post, put
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import MANAGERS, requires_role
from core.auth.resource import ApiResource
from core.sla import business_calendar
from core.sla import policy as policies
from core.sla.schemas import (
    CalendarDayIn,
    CalendarRead,
    CalendarYearIn,
    CalendarYearRead,
    DayRead,
    SlaPolicyIn,
    SlaPolicyRead,
)
from core.sla.types import SlaDefaults
from core.timezones import tenant_today
from tenants.context import TenantContext


async def policy_read(db: AsyncSession, ctx: TenantContext, policy: SlaDefaults) -> SlaPolicyRead:
    """The policy with the calendar years the admin must enter now."""
    today = tenant_today(ctx.tenant)
    calendar = await business_calendar.load_calendar(db, date(today.year, 1, 1))
    return msgspec.convert({**msgspec.to_builtins(policy),
                            "calendar_warnings": msgspec.to_builtins(business_calendar.warnings(today, calendar))},
                           SlaPolicyRead)


class SlaController(ApiResource, path="/api/v1", tag="sla"):
    @get("/sla/policy")
    async def read_policy(self, db: AsyncSession, ctx: TenantContext) -> SlaPolicyRead:
        """The SLA policy in force: the tenant's own, else an enabled plugin's default, else the core's
        (``source`` says which)."""
        return await policy_read(db, ctx, await policies.effective_policy(db, ctx))

    @put("/sla/policy", guards=[requires_role(*MANAGERS)])
    async def save_policy(self, db: AsyncSession, ctx: TenantContext, data: SlaPolicyIn) -> SlaPolicyRead:
        """Replace the tenant's SLA policy; it applies to tickets created from now on."""
        return await policy_read(db, ctx, await policies.save_policy(db, policies.policy_from(data)))

    @get("/sla/calendar")
    async def read_calendar(self, db: AsyncSession, ctx: TenantContext) -> CalendarRead:
        """The business calendar: the tenant's holidays and make-up working days, the years it
        imported, who covers this year and the next, and what the admin must enter now."""
        return await business_calendar.calendar_read(db, tenant_today(ctx.tenant))

    @put("/sla/calendar/{year:int}", guards=[requires_role(*MANAGERS)])
    async def import_year(self, request: Request, db: AsyncSession, data: CalendarYearIn,
                          year: int = Parameter(ge=1970, le=2999)) -> CalendarYearRead:
        """Import a whole year (its holidays and 调休 working days, e.g. from the State Council
        notice), replacing what the tenant had for it; due times computed from now on use it."""
        row = await business_calendar.import_year(db, year, data, request.user.user_id)
        return CalendarYearRead(year=row.year, source=row.source, imported_at=row.imported_at)

    @post("/sla/calendar/days", guards=[requires_role(*MANAGERS)])
    async def enter_day(self, request: Request, db: AsyncSession, data: CalendarDayIn) -> DayRead:
        """Add or change one day: a holiday or a make-up working day."""
        row = await business_calendar.enter_day(db, data, request.user.user_id)
        return DayRead(day=row.day, kind=row.kind, note=row.note)
