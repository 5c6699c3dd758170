"""HTTP: office audits (办事处稽查, DOMAIN §12, 001 篇1 办事处审计检查管理制度 第一–七条)."""

from __future__ import annotations

from uuid import UUID

from litestar import Request, Response, get, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core import idempotency
from core.audits import service
from core.audits.schemas import AuditDone, AuditPlan, AuditRead, AuditReport, RectificationOrder, Rectified
from core.auth.guards import MANAGERS, STAFF, requires_role
from core.auth.resource import ApiResource
from core.pagination import Page
from core.timezones import tenant_today
from tenants.context import TenantContext


class OfficeAuditController(ApiResource, path="/api/v1/office-audits", tag="office audits",
                            guards=[requires_role(*STAFF)]):
    @post("/", guards=[requires_role(*MANAGERS)])
    async def create(self, request: Request, db: AsyncSession, ctx: TenantContext, data: AuditPlan) -> Response:
        """Plan an office's audit: content, method, completion date (today or later), costs (fen); the plan
        awaits the marketing centre's vice president's approval (第三条)."""
        return await idempotency.create_once(
            db, request,
            lambda: service.plan(db, ctx, request.user, data),
            lambda audit: self._one(db, request, ctx, audit),
        )

    @staticmethod
    async def _one(db: AsyncSession, request: Request, ctx: TenantContext, audit) -> AuditRead:
        [read] = await service.audit_reads(db, request.user, [audit], tenant_today(ctx.tenant))
        return read

    @get("/")
    async def list_audits(
        self,
        request: Request,
        db: AsyncSession,
        ctx: TenantContext,
        status: str | None = Parameter(default=None, description="planned, approved or done"),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[AuditRead]:
        """The audits, newest first (a planned surprise audit is not shown to its office's manager)."""
        rows, next_cursor = await service.audit_page(db, request.user, status=status, limit=limit, cursor=cursor)
        return Page(items=await service.audit_reads(db, request.user, rows, tenant_today(ctx.tenant)),
                    next_cursor=next_cursor)

    @get("/{audit_id:uuid}")
    async def read(self, request: Request, db: AsyncSession, ctx: TenantContext, audit_id: UUID) -> AuditRead:
        """One audit."""
        return await self._one(db, request, ctx, await service.get_audit(db, request.user, audit_id))

    @post("/{audit_id:uuid}/approve", status_code=200)
    async def approve(self, request: Request, db: AsyncSession, ctx: TenantContext, audit_id: UUID) -> AuditRead:
        """The marketing centre's vice president approves the plan; only then does the audit run (第三条)."""
        return await self._one(db, request, ctx, await service.approve(db, ctx, request.user, audit_id))

    @post("/{audit_id:uuid}/complete", status_code=200)
    async def complete(
        self, request: Request, db: AsyncSession, ctx: TenantContext, audit_id: UUID, data: AuditDone
    ) -> AuditRead:
        """The audit is done, with its result (the audit group, an admin or a manager)."""
        audit = await service.complete(db, ctx, request.user, audit_id, data)
        return await self._one(db, request, ctx, audit)

    @post("/{audit_id:uuid}/report", status_code=200)
    async def report(
        self, request: Request, db: AsyncSession, ctx: TenantContext, audit_id: UUID, data: AuditReport
    ) -> AuditRead:
        """The audit group's written report of a done audit, sent to the marketing centre's vice president (第六条)."""
        return await self._one(db, request, ctx, await service.report(db, ctx, request.user, audit_id, data))

    @post("/{audit_id:uuid}/problems/{problem_id:uuid}/rectification", status_code=200)
    async def order(
        self, request: Request, db: AsyncSession, ctx: TenantContext, audit_id: UUID, problem_id: UUID,
        data: RectificationOrder,
    ) -> AuditRead:
        """The line orders a reported problem put right by a due date; the office's manager is told (第七条)."""
        audit = await service.order(db, ctx, request.user, audit_id, problem_id, data)
        return await self._one(db, request, ctx, audit)

    @post("/{audit_id:uuid}/problems/{problem_id:uuid}/rectified", status_code=200)
    async def rectified(
        self, request: Request, db: AsyncSession, ctx: TenantContext, audit_id: UUID, problem_id: UUID,
        data: Rectified,
    ) -> AuditRead:
        """The office's manager reports an ordered rectification done."""
        audit = await service.rectified(db, ctx, request.user, audit_id, problem_id, data)
        return await self._one(db, request, ctx, audit)

    @post("/{audit_id:uuid}/decline", status_code=200)
    async def decline(self, request: Request, db: AsyncSession, audit_id: UUID) -> None:
        """Offices cannot refuse an audit (第一条): always 409 saying so."""
        await service.decline(db, request.user, audit_id)
