"""The company profile page (``/t/{slug}/admin/profile``): its form, the company's quotas and its
deletion section; rendered by the admin pages and by the deletion pages after a refused form."""

from __future__ import annotations

from litestar import Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from core.lifecycle import deletion
from core.web.forms import FormState
from core.web.pages import tenant_page
from tenants import quotas as quota_service
from tenants.context import TenantContext

#: Pages an admin of a suspended company still reaches.
WHILE_SUSPENDED = {"while_suspended": True}

#: Time zones offered in the profile form (any IANA name is accepted).
COMMON_TIMEZONES = (
    "Asia/Shanghai", "Asia/Urumqi", "Asia/Hong_Kong", "Asia/Macau", "Asia/Taipei",
    "Asia/Singapore", "Asia/Tokyo", "UTC", "Europe/Berlin", "America/Los_Angeles",
)


def profile_values(tenant) -> dict[str, str]:
    """The profile form's values as saved."""
    return {"name": tenant.name, "province": tenant.province or "", "timezone": tenant.timezone,
            "locale": tenant.locale}


async def profile_page(request: Request, db: AsyncSession, ctx: TenantContext, status_code: int = 200,
                       **context) -> Response:
    """The company profile page, with its quotas and its deletion section."""
    context.setdefault("form", FormState(values=profile_values(ctx.tenant)))
    context.setdefault("deletion_form", FormState())
    settings = request.app.state.settings
    return tenant_page(request, ctx, "admin/profile.html", status_code=status_code, timezones=COMMON_TIMEZONES,
                       deletion=deletion.status_of(ctx.tenant), grace_days=settings.tenant_deletion_grace_days,
                       quotas=await quota_service.usage(db, ctx.tenant, settings), **context)
