"""HTTP: staff fines (违规处罚, DOMAIN §12): managers record breaches and confirm removals."""

from __future__ import annotations

from uuid import UUID

from litestar import Request, Response, get, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core import idempotency
from core.auth.guards import MANAGERS, requires_role
from core.auth.resource import ApiResource
from core.fines import queries, service
from core.fines.schemas import BreachConfirm, BreachCreate, BreachRead
from core.pagination import Page
from tenants.context import TenantContext


class StaffBreachController(ApiResource, path="/api/v1/staff-breaches", tag="staff fines",
                            guards=[requires_role(*MANAGERS)]):
    @post("/")
    async def create(self, request: Request, db: AsyncSession, ctx: TenantContext, data: BreachCreate) -> Response:
        """Record a breach of the service rules (003 篇6) with the fine its rung reaches: 100 CNY,
        200 CNY for a second breach of the same rule, removal (proposed) for the third; the person
        in charge 200 CNY."""
        return await idempotency.create_once(
            db, request, lambda: service.record(db, ctx, request.user, data), queries.breach_read,
        )

    @get("/")
    async def list_breaches(
        self,
        db: AsyncSession,
        user_id: UUID | None = Parameter(default=None),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[BreachRead]:
        """The tenant's breaches, newest first (one person's with ``user_id``)."""
        return Page.of(await queries.breach_page(db, user_id=user_id, limit=limit, cursor=cursor), queries.breach_read)

    @post("/{breach_id:uuid}/confirm", status_code=200)
    async def confirm(self, request: Request, db: AsyncSession, breach_id: UUID, data: BreachConfirm) -> BreachRead:
        """Confirm a proposed removal: a manager it does not concern (403), only once (409)."""
        return queries.breach_read(await service.confirm(db, request.user, breach_id, data))
