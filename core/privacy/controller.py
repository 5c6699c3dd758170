"""HTTP: personal information requests (PIPL Art. 44–47), the access report and retention rules.
Admins and managers only."""

from __future__ import annotations

from uuid import UUID

from litestar import Request, Response, get, post, put
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core import idempotency
from core.auth.guards import MANAGERS, requires_role
from core.auth.resource import ApiResource
from core.customers.schemas import CustomerEdit
from core.pagination import Page
from core.privacy import queries, retention, service
from core.privacy.deadline import is_overdue
from core.privacy.models import PersonalInfoRequest
from core.privacy.schemas import Answer, ErasureOptions, RequestCreate, RequestRead, RetentionRead, RetentionUpdate
from core.timezones import tenant_today
from tenants.context import TenantContext


def request_read(request: PersonalInfoRequest, today) -> RequestRead:
    """A request as the API shows it, with whether it is overdue on ``today``."""
    return RequestRead(
        id=request.id, customer_id=request.customer_id, kind=request.kind, requester=request.requester,
        received_on=request.received_on, due_on=request.due_on, status=request.status,
        overdue=is_overdue(request.due_on, today, request.status == "open"), outcome=request.outcome,
        fields=request.fields, recorded_by=request.recorded_by, completed_at=request.completed_at,
        completed_by=request.completed_by, created_at=request.created_at,
    )


class PrivacyController(ApiResource, path="/api/v1/privacy", tag="privacy", guards=[requires_role(*MANAGERS)]):
    @post("/requests")
    async def create(self, request: Request, db: AsyncSession, ctx: TenantContext, data: RequestCreate) -> Response:
        """Record a personal information request about a customer (access, correction or
        erasure), due 15 working days after it was received."""
        return await idempotency.create_once(
            db, request,
            lambda: service.file_request(db, ctx, request.user, data),
            lambda filed: request_read(filed, tenant_today(ctx.tenant)),
        )

    @get("/requests")
    async def list_requests(
        self, db: AsyncSession, ctx: TenantContext,
        customer_id: UUID | None = Parameter(default=None),
        status: str | None = Parameter(default=None, description="open, done or refused"),
        kind: str | None = Parameter(default=None, description="access, correction or erasure"),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
        sort: str = Parameter(default="newest", description="newest (first), or due: the one to answer first on "
                              "top (the deadline list)"),
    ) -> Page[RequestRead]:
        """The tenant's requests, newest first or the one due first, optionally of one customer,
        status or kind."""
        rows, next_cursor = await queries.request_page(db, customer_id=customer_id, status=status, kind=kind,
                                                       limit=limit, cursor=cursor, sort=sort)
        today = tenant_today(ctx.tenant)
        return Page(items=[request_read(r, today) for r in rows], next_cursor=next_cursor)

    @get("/requests/{request_id:uuid}")
    async def read(self, db: AsyncSession, ctx: TenantContext, request_id: UUID) -> RequestRead:
        """One request with its deadline and outcome."""
        return request_read(await queries.get_request(db, request_id), tenant_today(ctx.tenant))

    @get("/requests/{request_id:uuid}/report")
    async def report(self, request: Request, db: AsyncSession, ctx: TenantContext, request_id: UUID) -> dict:
        """Everything held on the request's customer (PIPL Art. 45), as JSON; a read of the file
        (audited when top secret)."""
        found = await queries.get_request(db, request_id)
        return await queries.access_report(db, request.user, ctx, found.customer_id)

    @get("/requests/{request_id:uuid}/report.json", media_type="application/json")
    async def report_file(self, request: Request, db: AsyncSession, ctx: TenantContext, request_id: UUID) -> Response:
        """The same report as a file to hand over (``Content-Disposition: attachment``)."""
        return await queries.report_file(db, request.user, ctx, request_id)

    @post("/requests/{request_id:uuid}/answer", status_code=200)
    async def answer(self, request: Request, db: AsyncSession, ctx: TenantContext, request_id: UUID,
                     data: Answer) -> RequestRead:
        """Close an access request once the report was handed over, saying how."""
        done = await service.answer_access(db, request.user, request_id, data.outcome)
        return request_read(done, tenant_today(ctx.tenant))

    @post("/requests/{request_id:uuid}/correct", status_code=200)
    async def correct(self, request: Request, db: AsyncSession, ctx: TenantContext, request_id: UUID,
                      data: CustomerEdit) -> RequestRead:
        """Carry out a correction: the customer file's fields as corrected (the customer edit
        path, same validation); the request records which fields changed."""
        done = await service.correct(db, request.user, request_id, data)
        return request_read(done, tenant_today(ctx.tenant))

    @post("/requests/{request_id:uuid}/erase", status_code=200)
    async def erase(self, request: Request, db: AsyncSession, ctx: TenantContext, request_id: UUID,
                    data: ErasureOptions | None = None) -> RequestRead:
        """Erase the customer's personal information (409 naming the unfinished tickets,
        complaints and revisits first); a tombstone records it."""
        done = await service.erase(db, ctx, request.user, request_id, data.outcome if data else None)
        return request_read(done, tenant_today(ctx.tenant))

    @post("/requests/{request_id:uuid}/refuse", status_code=200)
    async def refuse(self, request: Request, db: AsyncSession, ctx: TenantContext, request_id: UUID,
                     data: Answer) -> RequestRead:
        """Refuse an open request, giving the reasons (PIPL Art. 50)."""
        done = await service.refuse(db, request.user, request_id, data.outcome)
        return request_read(done, tenant_today(ctx.tenant))

    @get("/retention")
    async def retention_rules(self, db: AsyncSession) -> RetentionRead:
        """Months each record type keeps its personal fields once finished."""
        return RetentionRead(periods=await retention.periods(db), defaults=dict(retention.DEFAULTS))

    @put("/retention", guards=[requires_role("admin")])
    async def set_retention(self, request: Request, db: AsyncSession, data: RetentionUpdate) -> RetentionRead:
        """Change retention periods (admin); the daily sweep applies them."""
        periods = await retention.set_periods(db, data.periods, request.user.user_id)
        return RetentionRead(periods=periods, defaults=dict(retention.DEFAULTS))
