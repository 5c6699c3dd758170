"""The console's home page."""

from __future__ import annotations

from datetime import date, timedelta

from litestar import Request, Response, get
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth import queries as users
from core.auth.guards import MANAGERS
from core.complaints import service as complaints
from core.customers import queries as customers
from core.db.base import utcnow
from core.i18n import pick
from core.revisits.worklist import worklist
from core.roster import service as roster
from core.sla.business_calendar import calendar_from, warnings
from core.tickets import queries as tickets
from core.timezones import tenant_today
from core.web.pages import TenantPages, tenant_page
from core.web.templating import request_locale
from core.webhooks.queries import disabled_endpoints
from tenants.context import TenantContext

#: Rows per "my work today" section (each links to its full list).
SHOWN = 8
#: How far back an escalation addressed to the user still shows.
ESCALATIONS_SINCE = timedelta(days=14)


class HomePages(TenantPages):
    """``/t/{slug}/``: the signed-in person's work today, what the tenant has, and where to go
    next."""

    @get("/")
    async def home(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """The home page with the tenant's counts; managers and admins see the business-calendar
        years they must import (this year uncovered, next year from the 1st of December) and the
        staffing (people on leave today, coming holidays with nobody on duty); admins
        see the webhook endpoints disabled for failing."""
        counts = {
            "customers": await customers.customer_count(db),
            "assets": await customers.asset_count(db),
            "users": await users.user_count(db),
        }
        calendar_years, staffing = [], None
        if request.user.role in MANAGERS:
            today = tenant_today(ctx.tenant)
            calendar_years = [w.year for w in warnings(today, await calendar_from(db, ctx, date(today.year, 1, 1)))]
            staffing = await roster.summary(db, ctx)
        stopped_webhooks = await disabled_endpoints(db) if request.user.role == "admin" else []
        infos, locale = request.app.state.plugins.infos, request_locale(request)
        enabled = sorted(pick(infos[name].title, locale) if name in infos else name for name in ctx.enabled)
        return tenant_page(request, ctx, "home.html", counts=counts, enabled=enabled,
                           calendar_years=calendar_years, stopped_webhooks=stopped_webhooks, staffing=staffing,
                           **await my_work(db, ctx, request.user))


async def my_work(db: AsyncSession, ctx: TenantContext, user) -> dict:
    """Today's work of ``user``: their open tickets (soonest due first, with the SLA state), the
    visits awaiting the customer's confirmation, today's revisit calls, escalations addressed to
    them, and for managers the complaints waiting for their decision. Each list is bounded."""
    if user.role == "viewer":
        return {"work": None}
    now = utcnow()
    me = user.user_id
    desk = user.role != "technician"
    mine = await tickets.my_open_tickets(db, me, SHOWN)
    visits = await tickets.awaiting_confirmation(db, None if desk else me, SHOWN)
    calls = (await worklist(db, due_before=tenant_today(ctx.tenant), status="open", customer_id=None, limit=SHOWN,
                            cursor=None))[0] if desk else []
    escalations = await tickets.escalated_to(db, me, now - ESCALATIONS_SINCE, SHOWN)
    decisions = await complaints.awaiting_decision(db, me, SHOWN) if user.role in MANAGERS else []
    customer_ids = {t.customer_id for t in (*mine, *visits)} | {t.customer_id for t, _ in escalations} | {
        r.customer_id for r in calls} | {c.customer_id for c in decisions}
    return {"work": {
        "mine": [(t, tickets.sla_state(t, now)) for t in mine], "visits": visits, "calls": calls,
        "escalations": escalations, "decisions": decisions,
        "customers": await customers.customers_by_id(db, list(customer_ids)),
    }}
