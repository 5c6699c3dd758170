"""The weekly service report without the API (周报, DOMAIN §12, 003 篇3 四): a technician writes
the week's situations and the customers' feedback (due Friday noon, shown counting down); a
manager reads the week's reports and sees who still owes one — the same service as
``/api/v1/weekly-reports``."""

from __future__ import annotations

from datetime import date, timedelta

from litestar import Request, Response, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth import service as auth_service
from core.auth.guards import STAFF
from core.errors import DomainError
from core.web.forms import FormState, convert, read_form
from core.web.pages import TenantPages, save_form, tenant_page
from core.weekly import service
from core.weekly.schemas import ReportCreate
from tenants.context import TenantContext


class WeeklyReportPages(TenantPages, section="/weekly-report", roles=STAFF):
    """``/t/{slug}/weekly-report``"""

    @get("/")
    async def show(self, request: Request, db: AsyncSession, ctx: TenantContext, week: date | None = None,
                   saved: str = "") -> Response:
        """The week (this one unless ``week``): the form while one's report is owed, the reports."""
        return await self._page(request, db, ctx, week, FormState(), saved=saved)

    async def _page(self, request: Request, db: AsyncSession, ctx: TenantContext, week_start: date | None,
                    form: FormState, status_code: int = 200, saved: str = "") -> Response:
        try:
            week = await service.week(db, ctx, request.user, week_start)
        except DomainError as exc:
            if exc.status_code == 403:  # the team's reports are secret records (DOMAIN §5)
                raise
            week = await service.week(db, ctx, request.user, None)  # a week that cannot be: this one
        staff = await auth_service.active_staff(db, STAFF)
        mine = next((r for r in week.reports if r.user_id == request.user.user_id), None)
        return tenant_page(
            request, ctx, "weekly/week.html", status_code=status_code, week=week, mine=mine, form=form, saved=saved,
            names={u.id: u.name for u in staff}, previous=week.week_start - timedelta(days=7),
            next_week=week.week_start + timedelta(days=7) if week.week_start < service.check_week(ctx, None) else None,
        )

    @post("/")
    async def submit(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Submit one's report of the week; the week's page follows."""
        values = await read_form(request)
        state = FormState(values=values)
        data = convert({k: values.get(k, "").strip() for k in ("situations", "feedback", "week_start")}, ReportCreate,
                       state)
        command = service.submit(db, ctx, request.user, data) if data is not None else None
        return await save_form(
            db, ctx, state, command,
            to=lambda report: f"/t/{ctx.tenant.slug}/weekly-report/?week={report.week_start}&saved=1",
            again=lambda state: self._page(request, db, ctx, data.week_start if data else None, state,
                                           status_code=422))
