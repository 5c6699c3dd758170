"""HTTP: major-fault reports (重大故障报告, DOMAIN §12, 003 篇3 七)."""

from __future__ import annotations

from uuid import UUID

from litestar import Request, Response, get, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core import idempotency
from core.auth.guards import STAFF, requires_role
from core.auth.resource import ApiResource
from core.faults import service
from core.faults.schemas import FaultAnalysis, FaultRead, FaultReport
from core.pagination import Page
from tenants.context import TenantContext


class MajorFaultController(ApiResource, path="/api/v1/major-faults", tag="major faults",
                           guards=[requires_role(*STAFF)]):
    @post("/")
    async def create(self, request: Request, db: AsyncSession, ctx: TenantContext, data: FaultReport) -> Response:
        """Report a major fault at once: when, where, the symptoms, the plan, the account owner and
        the responsible manager told."""
        return await idempotency.create_once(
            db, request, lambda: service.report(db, ctx, request.user, data), service.fault_read,
        )

    @get("/")
    async def list_faults(
        self, request: Request, db: AsyncSession, status: str | None = Parameter(default=None, description="reported, analysed or sent"),
        limit: int | None = Parameter(default=None), cursor: str | None = Parameter(default=None),
    ) -> Page[FaultRead]:
        """The major faults, newest first; the analysis (a secret record, DOMAIN §5) is null for a
        role that may not read secret records."""
        rows, next_cursor = await service.fault_page(db, status=status, limit=limit, cursor=cursor)
        analysis = await service.reads_analyses(db, request.user, rows)
        return Page(items=[service.fault_read(f, analysis=analysis) for f in rows], next_cursor=next_cursor)

    @post("/{fault_id:uuid}/management-informed", status_code=200)
    async def management_informed(self, request: Request, db: AsyncSession, fault_id: UUID) -> FaultRead:
        """The responsible manager has informed senior management (once: 409; others: 403)."""
        fault = await service.inform_management(db, request.user, fault_id)
        return service.fault_read(fault, analysis=await service.reads_analyses(db, request.user, [fault]))

    @post("/{fault_id:uuid}/analysis", status_code=200)
    async def analysis(self, request: Request, db: AsyncSession, fault_id: UUID, data: FaultAnalysis) -> FaultRead:
        """The technical lead's analysis: impact, handling, root cause, corrective and preventive actions."""
        return service.fault_read(await service.analyse(db, request.user, fault_id, data))

    @post("/{fault_id:uuid}/send", status_code=200)
    async def send(self, request: Request, db: AsyncSession, fault_id: UUID) -> FaultRead:
        """The analysis goes to the customer and the business department (after it is filed: 409)."""
        return service.fault_read(await service.send(db, request.user, fault_id))
