"""Console page of the car repair plugin, mounted by the core at ``/t/{slug}/p/automotive/…``
(404 for tenants that have not enabled it): the maintenance-due list (DOMAIN §8)."""

from __future__ import annotations

from pathlib import Path

from litestar import Controller, Request, Response, get
from sqlalchemy.ext.asyncio import AsyncSession

from core.sdk import N_, FormState, NavEntry, TenantContext, customers_by_id, tenant_page
from plugins.automotive import service

TEMPLATE_DIR = Path(__file__).parent / "templates"
NAV_ENTRIES = (
    NavEntry("automotive-due", {"zh_Hans": "保养到期", "en": "Maintenance due"}, "/p/automotive/maintenance-due"),
)
#: The windows offered on the page, in days.
WINDOWS = (7, 30, 90)
REASONS = {"time": N_("by time"), "mileage": N_("by mileage")}


class AutomotivePages(Controller):
    """The car repair plugin's pages (the core adds the tenant and enablement guards)."""

    path = "/"
    include_in_schema = False

    @get("/maintenance-due")
    async def maintenance_due(self, request: Request, db: AsyncSession, ctx: TenantContext,
                              within_days: str = "7") -> Response:
        """Vehicles due for maintenance within the chosen window, overdue first (soonest due)."""
        days = int(within_days) if within_days in {str(w) for w in WINDOWS} else WINDOWS[0]
        today, until, items = await service.due_list(db, ctx, days)
        customers = await customers_by_id(db, [i.customer_id for i in items])
        return tenant_page(
            request, ctx, "automotive/maintenance_due.html", items=items, customers=customers, today=today,
            until=until, reasons=REASONS, windows=WINDOWS, filters=FormState(values={"within_days": days}, prefix="q-"),
        )


PAGE_ROUTES = [AutomotivePages]
