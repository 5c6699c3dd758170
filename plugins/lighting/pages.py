"""Console pages of the lighting plugin, mounted by the core at ``/t/{slug}/p/lighting/…`` (404
for tenants that have not enabled it): the return-to-factory batch board (不良品返厂) by status
with its overdue flags, the batch quality reports (批量质量异议) with their visit-due dates, and
the authorised repair points (特约维修部) with their status, deposit and allowance."""

from __future__ import annotations

from pathlib import Path

from litestar import Controller, Request, Response, get
from sqlalchemy.ext.asyncio import AsyncSession

from core.sdk import N_, NavEntry, TenantContext, customer_names, tenant_page, tenant_today
from plugins.lighting import batch_quality, repair_points, return_batches
from plugins.lighting.assets import ASSET_TYPES
from plugins.lighting.controller import batch_read, report_read
from plugins.lighting.repair_point_api import point_read

TEMPLATE_DIR = Path(__file__).parent / "templates"

NAV_ENTRIES = (
    NavEntry("lighting-returns", {"zh_Hans": "返厂批次", "en": "Factory returns"}, "/p/lighting/returns"),
    NavEntry("lighting-batch-quality", {"zh_Hans": "批量质量异议", "en": "Batch quality"}, "/p/lighting/batch-quality"),
    NavEntry("lighting-repair-points", {"zh_Hans": "特约维修部", "en": "Repair points"}, "/p/lighting/repair-points"),
)

BATCH_STATUS = {
    "applied": N_("Applied"), "signed": N_("Signed by the office"), "approved": N_("Approved"),
    "received": N_("Arrived at the factory"), "counted": N_("Counted by the factory"), "handled": N_("Handled"),
}
REPORT_STATUS = {
    "reported": N_("Awaiting the visit"), "confirmed": N_("Confirmed: full return"),
    "not_confirmed": N_("Not confirmed"), "returned": N_("Returned in full"),
}
POINT_STATUS = {
    "applied": N_("Awaiting approval"), "approved": N_("Approved: deposit pending"), "active": N_("Active"),
    "rejected": N_("Rejected"), "closed": N_("Closed"),
}
PRODUCTS = {a.name: a.label for a in ASSET_TYPES}
#: Rows a page lists (a column of the board: its newest), the API's largest page; the lists page on.
LIMIT = 200


class LightingPages(Controller):
    """The lighting plugin's pages (the core adds the tenant and enablement guards)."""

    path = "/"
    include_in_schema = False

    @get("/returns")
    async def returns(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Return-to-factory batches in a column per status, each the first page of the API's list
        of that status (newest first); late counts and handling flagged."""
        today = tenant_today(ctx.tenant)
        columns = {status: [batch_read(batch, lines, today) for batch, lines in found]
                   for status, found in (await return_batches.newest_by_status(db, LIMIT)).items()}
        offices = await return_batches.office_names(db)
        late = sum(1 for cards in columns.values() for b in cards if b.overdue or b.count_overdue)
        return tenant_page(
            request, ctx, "lighting/returns.html", columns=columns, offices=offices, labels=BATCH_STATUS,
            products=PRODUCTS, today=today, late=late,
        )

    @get("/batch-quality")
    async def batch_quality(self, request: Request, db: AsyncSession, ctx: TenantContext,
                            cursor: str | None = None) -> Response:
        """Batch quality reports, the earliest visit due first (the API's ``?sort=visit_due``, page
        by page); a visit past its 2-day window is flagged."""
        today = tenant_today(ctx.tenant)
        rows, next_cursor = await batch_quality.report_page(db, today, sort="visit_due", limit=LIMIT, cursor=cursor)
        reports = [report_read(row, today) for row in rows]
        dealers = await customer_names(db, [r.dealer_id for r in reports])
        return tenant_page(
            request, ctx, "lighting/batch_quality.html", reports=reports, dealers=dealers, labels=REPORT_STATUS,
            products=PRODUCTS, today=today, next_cursor=next_cursor,
        )

    @get("/repair-points")
    async def repair_points(self, request: Request, db: AsyncSession, ctx: TenantContext,
                            cursor: str | None = None) -> Response:
        """Repair points by name (the API's ``?sort=name``, page by page) with their office,
        status, deposit paid and required, and allowance."""
        rows, next_cursor = await repair_points.point_page(db, sort="name", limit=LIMIT, cursor=cursor)
        offices = await return_batches.office_names(db)
        return tenant_page(
            request, ctx, "lighting/repair_points.html", points=[point_read(p) for p in rows], offices=offices,
            labels=POINT_STATUS, next_cursor=next_cursor,
        )


PAGE_ROUTES = [LightingPages]
