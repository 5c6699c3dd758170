"""Rendering a page of the tenant console: the layout needs the tenant and the navigation."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response

from core.web.nav import nav_links
from core.web.templating import render, request_locale
from tenants.context import TenantContext


def tenant_page(request: Request, ctx: TenantContext, name: str, status_code: int = 200, **context: Any) -> Response:
    """Render ``name`` inside the console layout of the caller's tenant."""
    user = request.user
    nav = nav_links(ctx.hooks, ctx.tenant.slug, user.role, request_locale(request), request.url.path)
    return render(request, name, status_code, nav=nav, tenant=ctx.tenant, **context)


async def discard(db, ctx: TenantContext) -> None:
    """Roll back a half-applied change before a form comes back with its errors (the tenant row
    is read again: the layout needs it)."""
    await db.rollback()
    await db.refresh(ctx.tenant)
