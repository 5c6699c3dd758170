"""The console's home page."""

from __future__ import annotations

from datetime import date

from litestar import Controller, Request, Response, get
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import MANAGERS
from core.auth.models import User
from core.customers import queries as customers
from core.sla.business_calendar import load_calendar, warnings
from core.timezones import tenant_today
from core.web.pages import tenant_page
from core.web.security import tenant_member
from core.webhooks.queries import disabled_endpoints
from tenants.context import TenantContext


class HomePages(Controller):
    """``/t/{slug}/``: what the tenant has, and where to go next."""

    path = "/t/{tenant_slug:str}"
    guards = [tenant_member]
    include_in_schema = False

    @get("/")
    async def home(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """The home page with the tenant's counts; managers and admins see the business-calendar
        years they must import (this year uncovered, next year from the 1st of December); admins
        see the webhook endpoints disabled for failing."""
        counts = {
            "customers": await customers.customer_count(db),
            "assets": await customers.asset_count(db),
            "users": await db.scalar(select(func.count()).select_from(User)),
        }
        calendar_years = []
        if request.user.role in MANAGERS:
            today = tenant_today(ctx.tenant)
            calendar_years = [w.year for w in warnings(today, await load_calendar(db, date(today.year, 1, 1)))]
        stopped_webhooks = await disabled_endpoints(db) if request.user.role == "admin" else []
        return tenant_page(request, ctx, "home.html", counts=counts, enabled=sorted(ctx.enabled),
                           calendar_years=calendar_years, stopped_webhooks=stopped_webhooks)
