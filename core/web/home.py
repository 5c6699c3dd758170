"""The console's home page."""

from __future__ import annotations

from litestar import Controller, Request, Response, get
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.models import User
from core.customers import queries as customers
from core.web.pages import tenant_page
from core.web.security import tenant_member
from tenants.context import TenantContext


class HomePages(Controller):
    """``/t/{slug}/``: what the tenant has, and where to go next."""

    path = "/t/{tenant_slug:str}"
    guards = [tenant_member]
    include_in_schema = False

    @get("/")
    async def home(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """The home page with the tenant's counts."""
        counts = {
            "customers": await customers.customer_count(db),
            "assets": await customers.asset_count(db),
            "users": await db.scalar(select(func.count()).select_from(User)),
        }
        return tenant_page(request, ctx, "home.html", counts=counts, enabled=sorted(ctx.enabled))
