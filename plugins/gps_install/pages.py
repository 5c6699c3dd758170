"""Console page of the GPS installation plugin, mounted by the core at
``/t/{slug}/p/gps_install/…`` (404 for tenants that have not enabled it): the terminal and SIM
swap history per vehicle (DOMAIN §9)."""

from __future__ import annotations

from pathlib import Path

from litestar import Controller, Request, Response, get
from sqlalchemy.ext.asyncio import AsyncSession

from core.sdk import FormState, NavEntry, TenantContext, names_of, tenant_page
from plugins.gps_install import service

TEMPLATE_DIR = Path(__file__).parent / "templates"
NAV_ENTRIES = (NavEntry("gps-swaps", {"zh_Hans": "换机记录", "en": "Swap history"}, "/p/gps_install/swaps"),)
#: At most this many swaps are listed, newest first.
LIMIT = 200


class GpsPages(Controller):
    """The GPS installation plugin's pages (the core adds the tenant and enablement guards)."""

    path = "/"
    include_in_schema = False

    @get("/swaps")
    async def swaps(self, request: Request, db: AsyncSession, ctx: TenantContext, plate: str = "",
                    cursor: str | None = None) -> Response:
        """Terminal and SIM swaps of one vehicle (the plate as written), or the latest of all, page
        by page."""
        plate = plate.strip()
        rows, next_cursor = await service.swap_page(db, plate or None, limit=LIMIT, cursor=cursor)
        names = await names_of(db, [s.recorded_by for s in rows])
        return tenant_page(
            request, ctx, "gps_install/swaps.html", swaps=rows, names=names, plate=plate, next_cursor=next_cursor,
            filters=FormState(values={"plate": plate}, prefix="q-"),
        )


PAGE_ROUTES = [GpsPages]
