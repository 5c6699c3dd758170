"""Satisfaction questionnaires without the API (满意度调查表, DOMAIN §12): a period's results per
area and per channel, and a customer's answers recorded from their page — the same service as
``/api/v1/surveys``."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from litestar import Request, Response, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import DESK, STAFF
from core.customers import queries as customers_q
from core.errors import DomainError
from core.surveys import service
from core.surveys.schemas import AREAS, ResponseCreate
from core.timezones import tenant_today
from core.web.forms import FormState, convert, customer_form, read_form, uuid_or_none
from core.web.pages import TenantPages, save_form, tenant_page
from core.web.security import page_role
from tenants.context import TenantContext

CHANNELS = ("phone", "letter", "on_site", "fax", "email")


class SurveyPages(TenantPages, section="/surveys", roles=STAFF):
    """``/t/{slug}/surveys``"""

    @get("/")
    async def index(self, request: Request, db: AsyncSession, ctx: TenantContext, start: date | None = None,
                    end: date | None = None, customer_id: UUID | None = None) -> Response:
        """The period's results (the last 30 days unless asked), and the form for the customer
        whose page led here."""
        end = end or tenant_today(ctx.tenant)
        start = start or end - timedelta(days=29)
        form = customer_form(customer_id, answered_on=tenant_today(ctx.tenant).isoformat(), channel="phone")
        return await self._page(request, db, ctx, form, start, end)

    async def _page(self, request: Request, db: AsyncSession, ctx: TenantContext, form: FormState, start: date,
                    end: date, status_code: int = 200) -> Response:
        period = FormState(values={"start": start.isoformat(), "end": end.isoformat()}, prefix="p-")
        try:
            results = await service.results(db, start, end)
        except DomainError as exc:
            period.fail(exc)
            results, status_code = None, 422
        chosen = uuid_or_none(form.values.get("customer_id"))
        customer = (await customers_q.customers_by_id(db, [chosen])).get(chosen) if chosen else None
        return tenant_page(request, ctx, "surveys/index.html", status_code=status_code, results=results,
                           period=period, form=form, customer=customer, areas=AREAS, channels=CHANNELS)

    @post("/", guards=[page_role(*DESK)])
    async def record(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Record a customer's answers; the results follow."""
        values = await read_form(request)
        state = FormState(values=values)
        fields = ("customer_id", "channel", "answered_on", "comments", *AREAS)
        data = convert({k: values.get(k, "").strip() for k in fields}, ResponseCreate, state)
        command = service.record(db, ctx, request.user, data) if data is not None else None
        return await save_form(db, ctx, state, command, to=f"/t/{ctx.tenant.slug}/surveys/",
                               again=lambda state: self._last_30_days(request, db, ctx, state))

    async def _last_30_days(self, request: Request, db: AsyncSession, ctx: TenantContext,
                            form: FormState) -> Response:
        today = tenant_today(ctx.tenant)
        return await self._page(request, db, ctx, form, today - timedelta(days=29), today, status_code=422)
