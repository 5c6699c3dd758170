"""Batch quality issues (批量质量异议, source 001 §1 第三条, DOMAIN §2 and §6): a dealer reports,
a technician visits within 2 days, and a confirmed issue is returned in full at the company's
freight cost."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import func, not_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.sdk import (
    InvalidTransition,
    TenantContext,
    get_customer,
    get_or_404,
    one_of,
    paginate,
    paginate_by,
    tenant_today,
)
from plugins.lighting import factory_returns as rules
from plugins.lighting.models import BatchQualityReport
from plugins.lighting.return_batches import check_date
from plugins.lighting.schemas import BatchQualityCreate, FullReturn, Visit

#: 第三条: the company bears all the freight of a confirmed batch.
FREIGHT_PAYER = "company"


async def report(session: AsyncSession, ctx: TenantContext, data: BatchQualityCreate,
                 user_id: UUID) -> BatchQualityReport:
    """Record the dealer's report; the visit is due within 2 days of it."""
    await get_customer(session, data.dealer_id)
    reported_on = check_date("reported_on", data.reported_on, tenant_today(ctx.tenant))
    row = BatchQualityReport(
        dealer_id=data.dealer_id, status="reported", product=data.product, model=data.model,
        spray_code=data.spray_code, quantity=data.quantity, description=data.description,
        reported_on=reported_on, reported_by=user_id,
        visit_due_by=rules.due_by(reported_on, rules.VISIT_WITHIN_DAYS),
    )
    session.add(row)
    await session.flush()
    return row


async def get_report(session: AsyncSession, report_id: UUID) -> BatchQualityReport:
    return await get_or_404(session, BatchQualityReport, report_id, "batch quality report")


async def visit(session: AsyncSession, ctx: TenantContext, report_id: UUID, data: Visit) -> BatchQualityReport:
    """The technician's finding. Confirmed: the whole batch goes back, the company paying all freight."""
    row = await get_report(session, report_id)
    if row.status != "reported":
        raise InvalidTransition(f"the visit is already recorded (the report is {row.status})")
    row.visited_on = check_date("visited_on", data.visited_on, tenant_today(ctx.tenant), row.reported_on)
    row.technician, row.confirmed, row.finding = data.technician, data.confirmed, data.finding
    row.status = "confirmed" if data.confirmed else "not_confirmed"
    row.freight_payer = FREIGHT_PAYER if data.confirmed else None
    await session.flush()
    return row


async def full_return(session: AsyncSession, ctx: TenantContext, report_id: UUID,
                      data: FullReturn) -> BatchQualityReport:
    """Record the full return of a confirmed batch and the freight the company paid."""
    row = await get_report(session, report_id)
    if row.status != "confirmed":
        raise InvalidTransition(f"only a confirmed quality problem is returned in full (the report is {row.status})")
    row.returned_on = check_date("returned_on", data.returned_on, tenant_today(ctx.tenant), row.visited_on)
    row.returned_quantity, row.freight_fen, row.carrier = row.quantity, data.freight_fen, data.carrier
    row.status = "returned"
    await session.flush()
    return row


#: The orders of the report list: newest first, or the visit due first (the console's worklist).
SORTS = ("newest", "visit_due")


async def report_page(
    session: AsyncSession, today: date, *, status: str | None = None, visit_overdue: bool | None = None,
    sort: str = "newest", limit: int | None, cursor: str | None,
) -> tuple[list[BatchQualityReport], str | None]:
    """One page of the batch quality reports (``GET /batch-quality`` and the console's list),
    newest first or the visit due first: of ``status``, with the visit late (or not) on ``today``
    when given; and the cursor of the next page."""
    one_of(sort, SORTS, "sort")
    stmt = select(BatchQualityReport)
    if status:
        stmt = stmt.where(BatchQualityReport.status == status)
    if visit_overdue is not None:
        stmt = stmt.where(visit_overdue_filter(today, visit_overdue))
    if sort == "visit_due":
        return await paginate_by(session, stmt, BatchQualityReport.visit_due_by, BatchQualityReport.id, limit=limit,
                                 cursor=cursor)
    return await paginate(session, stmt, BatchQualityReport.id, limit=limit, cursor=cursor)


def visit_overdue_filter(today: date, overdue: bool):
    """SQL for reports whose visit is (or is not) late, as :func:`rules.is_late` on ``visit_due_by``."""
    late = func.coalesce(BatchQualityReport.visited_on, today) > BatchQualityReport.visit_due_by
    return late if overdue else not_(late)
