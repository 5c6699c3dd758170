"""HTTP: quality patrols and service-research visits (质量巡检、服务调研, DOMAIN §12, 003 篇3 10.1.1
and 10.1.3) — secret records (DOMAIN §5.3): every operation answers 403 to a role the tenant's
confidentiality rules keep from secret records."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from litestar import Request, Response, get, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core import idempotency
from core.auth.guards import STAFF, requires_role
from core.auth.resource import ApiResource
from core.pagination import Page
from core.patrols import service
from core.patrols.schemas import FindingClose, FollowUp, VisitCreate, VisitRead, VisitSummary
from core.timezones import tenant_today
from tenants.context import TenantContext


class ServiceVisitController(ApiResource, path="/api/v1/service-visits", tag="quality patrols and service research"):
    @post("/", guards=[requires_role(*STAFF)])
    async def create(self, request: Request, db: AsyncSession, ctx: TenantContext, data: VisitCreate) -> Response:
        """Record a quality patrol or a service-research visit with its findings; a patrol's
        findings are handed to customer service."""
        return await idempotency.create_once(
            db, request,
            lambda: service.record(db, ctx, request.user, data),
            lambda visit: service.full_read(db, ctx, visit),
        )

    @get("/")
    async def list_visits(
        self,
        request: Request,
        db: AsyncSession,
        ctx: TenantContext,
        customer_id: UUID | None = Parameter(default=None, description="one customer's visits"),
        kind: Literal["quality_patrol", "service_research"] | None = Parameter(default=None),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[VisitRead]:
        """The visits, newest first, with their findings."""
        rows, next_cursor = await service.visit_page(
            db, request.user, customer_id=customer_id, kind=kind, limit=limit, cursor=cursor
        )
        findings = await service.findings_of(db, [v.id for v in rows])
        today = tenant_today(ctx.tenant)
        return Page(items=[service.visit_read(v, findings[v.id], today) for v in rows], next_cursor=next_cursor)

    @get("/summary")
    async def summary(
        self, request: Request, db: AsyncSession, ctx: TenantContext, start: date, end: date
    ) -> VisitSummary:
        """Visits of each kind from ``start`` to ``end`` (both included); findings open and overdue today."""
        await service.check_may_read(db, request.user)
        return await service.summary(db, ctx, start, end)

    @get("/{visit_id:uuid}")
    async def read(self, request: Request, db: AsyncSession, ctx: TenantContext, visit_id: UUID) -> VisitRead:
        """One visit with its findings."""
        return await service.full_read(db, ctx, await service.get_visit(db, request.user, visit_id))

    @post("/{visit_id:uuid}/findings/{finding_id:uuid}/follow-up", status_code=200, guards=[requires_role(*STAFF)])
    async def follow_up(
        self, request: Request, db: AsyncSession, ctx: TenantContext, visit_id: UUID, finding_id: UUID, data: FollowUp
    ) -> VisitRead:
        """The finding's owner records what was done (an admin or manager may too)."""
        visit = await service.follow_up(db, request.user, visit_id, finding_id, data)
        return await service.full_read(db, ctx, visit)

    @post("/{visit_id:uuid}/findings/{finding_id:uuid}/close", status_code=200, guards=[requires_role(*STAFF)])
    async def close(
        self,
        request: Request,
        db: AsyncSession,
        ctx: TenantContext,
        visit_id: UUID,
        finding_id: UUID,
        data: FindingClose,
    ) -> VisitRead:
        """The visit's leader (or an admin or manager) closes a followed-up finding."""
        visit = await service.close(db, request.user, visit_id, finding_id, data)
        return await service.full_read(db, ctx, visit)
