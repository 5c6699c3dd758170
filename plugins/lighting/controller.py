"""HTTP: the lighting plugin's API, mounted by the core under ``/api/v1/p/lighting`` (404 for
tenants that have not enabled the plugin)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.sdk import (
    DESK,
    MANAGERS,
    STAFF,
    Page,
    TenantContext,
    create_once,
    read_page,
    requires_role,
    tenant_today,
)
from plugins.lighting import batch_quality, return_batches
from plugins.lighting.factory_returns import is_late
from plugins.lighting.models import BatchQualityReport, Office, ReturnBatch, ReturnLine
from plugins.lighting.repair_point_api import RepairPointController
from plugins.lighting.schemas import (
    Approval,
    ApprovalRead,
    Arrival,
    BatchQualityCreate,
    BatchQualityRead,
    Decisions,
    FactoryCount,
    FullReturn,
    LineRead,
    OfficeCreate,
    OfficeRead,
    ReturnApplication,
    ReturnBatchRead,
    Signature,
    SignatureRead,
    SpecialApproval,
    SpecialApprovalRead,
    Visit,
)
from plugins.lighting.settings import tenant_settings

# -- reads ------------------------------------------------------------------------------------


def office_read(office: Office, ctx: TenantContext) -> OfficeRead:
    return OfficeRead(
        id=office.id, name=office.name, region_code=office.region_code, city=office.city,
        return_week=return_batches.office_week(office, tenant_settings(ctx.settings)),
        created_at=office.created_at,
    )


def line_read(line: ReturnLine) -> LineRead:
    counted = line.factory_quantity
    return LineRead(
        id=line.id, position=line.position, product=line.product, model=line.model, spray_code=line.spray_code,
        reason=line.reason, office_quantity=line.office_quantity, factory_quantity=counted,
        quantity=line.office_quantity if counted is None else counted,
        discrepancy=None if counted is None else counted - line.office_quantity,
        condition=line.condition, decision=line.decision, refused_quantity=line.refused_quantity,
        refusal_reason=line.refusal_reason, decided_on=line.decided_on,
    )


def batch_read(batch: ReturnBatch, lines: list[ReturnLine], today: date) -> ReturnBatchRead:
    arrived = batch.arrived_on is not None
    return ReturnBatchRead(
        id=batch.id, office_id=batch.office_id, status=batch.status, applied_on=batch.applied_on,
        signature=SignatureRead(batch.signed_by, batch.signer_role, batch.signed_on) if batch.signed_by else None,
        approval=ApprovalRead(batch.approved_by, batch.approved_at, batch.approval_note) if batch.approved_by else None,
        special_approval=(
            SpecialApprovalRead(batch.special_approved_by, batch.special_approved_at, batch.special_approval_reason)
            if batch.special_approved_by else None
        ),
        return_week=batch.return_week, batch_month=batch.batch_month, arrived_on=batch.arrived_on,
        count_due_by=batch.count_due_by, counted_on=batch.counted_on,
        count_overdue=arrived and is_late(batch.count_due_by, batch.counted_on, today),
        handle_by=batch.handle_by, handled_on=batch.handled_on,
        overdue=arrived and is_late(batch.handle_by, batch.handled_on, today),
        lines=[line_read(line) for line in lines], created_at=batch.created_at,
    )


def report_read(row: BatchQualityReport, today: date) -> BatchQualityRead:
    return BatchQualityRead(
        id=row.id, dealer_id=row.dealer_id, status=row.status, product=row.product, model=row.model,
        spray_code=row.spray_code, quantity=row.quantity, description=row.description,
        reported_on=row.reported_on, visit_due_by=row.visit_due_by,
        visit_overdue=is_late(row.visit_due_by, row.visited_on, today),
        technician=row.technician, visited_on=row.visited_on, confirmed=row.confirmed, finding=row.finding,
        full_return=bool(row.confirmed), freight_payer=row.freight_payer, returned_quantity=row.returned_quantity,
        returned_on=row.returned_on, freight_fen=row.freight_fen, carrier=row.carrier, created_at=row.created_at,
    )


async def one_batch(db: AsyncSession, ctx: TenantContext, batch: ReturnBatch) -> ReturnBatchRead:
    lines = await return_batches.lines_of(db, [batch.id])
    return batch_read(batch, lines[batch.id], tenant_today(ctx.tenant))


# -- controllers ------------------------------------------------------------------------------


class OfficeController(Controller):
    path = "/offices"
    tags = ["lighting"]

    @post("/", guards=[requires_role(*DESK)])
    async def create(self, request: Request, db: AsyncSession, ctx: TenantContext, data: OfficeCreate) -> Response:
        """Register an office or logistics partner (物流商/办事处) with its region."""
        return await create_once(
            db, request, lambda: return_batches.create_office(db, data), lambda office: office_read(office, ctx),
        )

    @get("/")
    async def list_offices(
        self, db: AsyncSession, ctx: TenantContext,
        limit: int | None = Parameter(default=None), cursor: str | None = Parameter(default=None),
    ) -> Page[OfficeRead]:
        """The tenant's offices with their return weeks (第十一条), newest first."""
        return await read_page(db, select(Office), Office.id, lambda o: office_read(o, ctx), limit=limit, cursor=cursor)

    @get("/{office_id:uuid}")
    async def read(self, db: AsyncSession, ctx: TenantContext, office_id: UUID) -> OfficeRead:
        """One office."""
        return office_read(await return_batches.get_office(db, office_id), ctx)


class ReturnBatchController(Controller):
    path = "/returns"
    tags = ["lighting"]

    @post("/", guards=[requires_role(*STAFF)])
    async def apply(
        self, request: Request, db: AsyncSession, ctx: TenantContext, data: ReturnApplication
    ) -> Response:
        """File a return-to-factory application (不良品产品返厂申请表): items, quantities, reasons."""
        return await create_once(
            db, request, lambda: return_batches.apply(db, ctx, data, request.user.user_id),
            lambda batch: one_batch(db, ctx, batch),
        )

    @get("/")
    async def list_batches(
        self, db: AsyncSession, ctx: TenantContext,
        status: str | None = Parameter(default=None),
        office_id: UUID | None = Parameter(default=None),
        overdue: bool | None = Parameter(default=None, description="not handled within 3 days of arrival"),
        limit: int | None = Parameter(default=None), cursor: str | None = Parameter(default=None),
    ) -> Page[ReturnBatchRead]:
        """Return batches, newest first, with their handling deadline and overdue flag."""
        today = tenant_today(ctx.tenant)
        found, next_cursor = await return_batches.batch_page(
            db, today, status=status, office_id=office_id, overdue=overdue, limit=limit, cursor=cursor,
        )
        return Page(items=[batch_read(b, lines, today) for b, lines in found], next_cursor=next_cursor)

    @get("/{batch_id:uuid}")
    async def read(self, db: AsyncSession, ctx: TenantContext, batch_id: UUID) -> ReturnBatchRead:
        """One batch with its lines: the office's and the factory's counts and the decisions."""
        return await one_batch(db, ctx, await return_batches.get_batch(db, batch_id))

    @post("/{batch_id:uuid}/sign", guards=[requires_role(*STAFF)], status_code=200)
    async def sign(self, db: AsyncSession, ctx: TenantContext, batch_id: UUID, data: Signature) -> ReturnBatchRead:
        """Record the office or regional manager's signature (签字确认)."""
        return await one_batch(db, ctx, await return_batches.sign(db, ctx, batch_id, data))

    @post("/{batch_id:uuid}/approve", guards=[requires_role(*DESK)], status_code=200)
    async def approve(
        self, request: Request, db: AsyncSession, ctx: TenantContext, batch_id: UUID, data: Approval
    ) -> ReturnBatchRead:
        """Customer service approves a signed application (客户服务部审批)."""
        batch = await return_batches.approve(db, batch_id, data, request.user.user_id)
        return await one_batch(db, ctx, batch)

    @post("/{batch_id:uuid}/special-approval", guards=[requires_role(*MANAGERS)], status_code=200)
    async def special_approve(
        self, request: Request, db: AsyncSession, ctx: TenantContext, batch_id: UUID, data: SpecialApproval
    ) -> ReturnBatchRead:
        """特批: let the batch return outside its region's week or twice in a month; who and why are kept."""
        batch = await return_batches.special_approve(db, batch_id, data, request.user.user_id)
        return await one_batch(db, ctx, batch)

    @post("/{batch_id:uuid}/receive", guards=[requires_role(*STAFF)], status_code=200)
    async def receive(
        self, request: Request, db: AsyncSession, ctx: TenantContext, batch_id: UUID, data: Arrival
    ) -> ReturnBatchRead:
        """The batch arrived at the factory: accepted only if signed, approved and in its week."""
        batch = await return_batches.receive(db, ctx, batch_id, data, request.user.user_id)
        return await one_batch(db, ctx, batch)

    @post("/{batch_id:uuid}/count", guards=[requires_role(*STAFF)], status_code=200)
    async def count(
        self, request: Request, db: AsyncSession, ctx: TenantContext, batch_id: UUID, data: FactoryCount
    ) -> ReturnBatchRead:
        """Factory logistics' count of every line; the factory's count wins (第八条)."""
        batch = await return_batches.count(db, ctx, batch_id, data, request.user.user_id)
        return await one_batch(db, ctx, batch)

    @post("/{batch_id:uuid}/decide", guards=[requires_role(*DESK)], status_code=200)
    async def decide(
        self, request: Request, db: AsyncSession, ctx: TenantContext, batch_id: UUID, data: Decisions
    ) -> ReturnBatchRead:
        """Exchange (换货), credit (冲帐) or refuse lines, with reasons for refusals (第九条)."""
        batch = await return_batches.decide(db, ctx, batch_id, data, request.user.user_id)
        return await one_batch(db, ctx, batch)


class BatchQualityController(Controller):
    path = "/batch-quality"
    tags = ["lighting"]

    @post("/", guards=[requires_role(*DESK)])
    async def report(
        self, request: Request, db: AsyncSession, ctx: TenantContext, data: BatchQualityCreate
    ) -> Response:
        """Record a dealer's batch quality issue (批量质量异议); the visit is due within 2 days."""
        return await create_once(
            db, request, lambda: batch_quality.report(db, ctx, data, request.user.user_id),
            lambda row: report_read(row, tenant_today(ctx.tenant)),
        )

    @get("/")
    async def list_reports(
        self, db: AsyncSession, ctx: TenantContext,
        status: str | None = Parameter(default=None),
        visit_overdue: bool | None = Parameter(default=None, description="no visit within 2 days of the report"),
        sort: str = Parameter(default="newest", description="newest (first), or visit_due: the visit due first"),
        limit: int | None = Parameter(default=None), cursor: str | None = Parameter(default=None),
    ) -> Page[BatchQualityRead]:
        """Batch quality reports, newest first or the visit due first, with the visit deadline."""
        today = tenant_today(ctx.tenant)
        found = await batch_quality.report_page(
            db, today, status=status, visit_overdue=visit_overdue, sort=sort, limit=limit, cursor=cursor,
        )
        return Page.of(found, lambda r: report_read(r, today))

    @get("/{report_id:uuid}")
    async def read(self, db: AsyncSession, ctx: TenantContext, report_id: UUID) -> BatchQualityRead:
        """One batch quality report."""
        return report_read(await batch_quality.get_report(db, report_id), tenant_today(ctx.tenant))

    @post("/{report_id:uuid}/visit", guards=[requires_role(*STAFF)], status_code=200)
    async def visit(self, db: AsyncSession, ctx: TenantContext, report_id: UUID, data: Visit) -> BatchQualityRead:
        """The technician's visit and finding; a confirmed issue goes back in full at the company's cost."""
        row = await batch_quality.visit(db, ctx, report_id, data)
        return report_read(row, tenant_today(ctx.tenant))

    @post("/{report_id:uuid}/return", guards=[requires_role(*STAFF)], status_code=200)
    async def full_return(
        self, db: AsyncSession, ctx: TenantContext, report_id: UUID, data: FullReturn
    ) -> BatchQualityRead:
        """Record the full return of a confirmed batch and the freight the company paid."""
        row = await batch_quality.full_return(db, ctx, report_id, data)
        return report_read(row, tenant_today(ctx.tenant))


ROUTES = [OfficeController, ReturnBatchController, BatchQualityController, RepairPointController]
