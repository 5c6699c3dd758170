"""HTTP: transport-damage claims (运输损坏索赔, DOMAIN §12, 001 篇1 退换货 第四条)."""

from __future__ import annotations

from uuid import UUID

from litestar import Request, Response, get, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core import idempotency
from core.auth.guards import DESK, requires_role
from core.auth.resource import ApiResource
from core.pagination import Page
from core.transport import service
from core.transport.schemas import ClaimCreate, ClaimFile, ClaimRead, ClaimReject, ClaimSettle
from tenants.context import TenantContext


class TransportClaimController(ApiResource, path="/api/v1/transport-claims", tag="transport claims"):
    @post("/", guards=[requires_role(*DESK)])
    async def create(self, request: Request, db: AsyncSession, data: ClaimCreate) -> Response:
        """Open a claim against the carrier for a customer's goods damaged or lost in transport."""
        return await idempotency.create_once(
            db, request, lambda: service.open_claim(db, request.user, data), service.claim_read,
        )

    @get("/")
    async def list_claims(
        self,
        db: AsyncSession,
        status: str | None = Parameter(default=None, description="open, filed, settled or rejected"),
        customer_id: UUID | None = Parameter(default=None),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[ClaimRead]:
        """The claims, newest first, by status or customer."""
        return Page.of(
            await service.claim_page(db, status=status, customer_id=customer_id, limit=limit, cursor=cursor),
            service.claim_read,
        )

    @post("/{claim_id:uuid}/file", status_code=200, guards=[requires_role(*DESK)])
    async def file(self, db: AsyncSession, ctx: TenantContext, claim_id: UUID, data: ClaimFile) -> ClaimRead:
        """Filed with the carrier (an open claim only: 409)."""
        return service.claim_read(await service.file_claim(db, ctx, claim_id, data))

    @post("/{claim_id:uuid}/settle", status_code=200, guards=[requires_role(*DESK)])
    async def settle(self, db: AsyncSession, claim_id: UUID, data: ClaimSettle) -> ClaimRead:
        """The carrier paid (a filed claim only: 409)."""
        return service.claim_read(await service.settle(db, claim_id, data))

    @post("/{claim_id:uuid}/reject", status_code=200, guards=[requires_role(*DESK)])
    async def reject(self, db: AsyncSession, claim_id: UUID, data: ClaimReject) -> ClaimRead:
        """The carrier refused, with its reason (a filed claim only: 409)."""
        return service.claim_read(await service.reject(db, claim_id, data))
