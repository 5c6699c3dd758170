"""HTTP: office audits (办事处稽查, DOMAIN §12, 001 篇1 办事处审计检查管理制度 第一–四条)."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core import idempotency
from core.audits import service
from core.audits.schemas import AuditDone, AuditPlan, AuditRead
from core.auth.guards import MANAGERS, STAFF, authenticated, requires_role
from core.pagination import Page
from core.timezones import tenant_today
from tenants.context import TenantContext


class OfficeAuditController(Controller):
    path = "/api/v1/office-audits"
    tags = ["office audits"]
    guards = [authenticated, requires_role(*STAFF)]

    @post("/", guards=[requires_role(*MANAGERS)])
    async def create(self, request: Request, db: AsyncSession, ctx: TenantContext, data: AuditPlan) -> Response:
        """Plan an office's audit: content, method, completion date (today or later), costs (fen)."""
        if replay := await idempotency.replay(db, request):
            return replay
        audit = await service.plan(db, ctx, request.user, data)
        return await idempotency.respond(db, request, service.audit_read(audit, tenant_today(ctx.tenant)))

    @get("/")
    async def list_audits(
        self,
        request: Request,
        db: AsyncSession,
        ctx: TenantContext,
        status: str | None = Parameter(default=None, description="planned or done"),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[AuditRead]:
        """The audits, newest first (a planned surprise audit is not shown to its office's manager)."""
        rows, next_cursor = await service.audit_page(db, request.user, status=status, limit=limit, cursor=cursor)
        today = tenant_today(ctx.tenant)
        return Page(items=[service.audit_read(a, today) for a in rows], next_cursor=next_cursor)

    @get("/{audit_id:uuid}")
    async def read(self, request: Request, db: AsyncSession, ctx: TenantContext, audit_id: UUID) -> AuditRead:
        """One audit."""
        return service.audit_read(await service.get_audit(db, request.user, audit_id), tenant_today(ctx.tenant))

    @post("/{audit_id:uuid}/complete", status_code=200)
    async def complete(
        self, request: Request, db: AsyncSession, ctx: TenantContext, audit_id: UUID, data: AuditDone
    ) -> AuditRead:
        """The audit is done, with its result (the audit group, an admin or a manager)."""
        audit = await service.complete(db, ctx, request.user, audit_id, data)
        return service.audit_read(audit, tenant_today(ctx.tenant))

    @post("/{audit_id:uuid}/decline", status_code=200)
    async def decline(self, request: Request, db: AsyncSession, audit_id: UUID) -> None:
        """Offices cannot refuse an audit (第一条): always 409 saying so."""
        await service.decline(db, request.user, audit_id)
