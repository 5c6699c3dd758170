"""HTTP: weekly service reports (周报, DOMAIN §12, 003 篇3 四)."""

from __future__ import annotations

from datetime import date

from litestar import Request, Response, get, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core import idempotency
from core.auth.guards import STAFF, requires_role
from core.auth.resource import ApiResource
from core.weekly import service
from core.weekly.schemas import ReportCreate, WeekRead
from tenants.context import TenantContext


class WeeklyReportController(ApiResource, path="/api/v1/weekly-reports", tag="weekly reports",
                             guards=[requires_role(*STAFF)]):
    @post("/")
    async def submit(self, request: Request, db: AsyncSession, ctx: TenantContext, data: ReportCreate) -> Response:
        """Submit the week's service situations and customer feedback (due Friday 12:00, the
        tenant's time); once a week (409), a late one marked late."""
        return await idempotency.create_once(
            db, request,
            lambda: service.submit(db, ctx, request.user, data),
            lambda report: service.report_read(ctx, report),
        )

    @get("/")
    async def read_week(
        self,
        request: Request,
        db: AsyncSession,
        ctx: TenantContext,
        week_start: date | None = Parameter(default=None, description="the Monday of the week; this week when left out"),
    ) -> WeekRead:
        """A week's reports with their deadline; managers also see the technicians still owing one,
        others only their own report."""
        return await service.week(db, ctx, request.user, week_start)
