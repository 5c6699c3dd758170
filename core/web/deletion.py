"""The company's deletion in the console: an admin asks for it on the profile page (typing the
company's sign-in name), and can cancel it during the grace period (``core.lifecycle.deletion``)."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from litestar import Request, Response, post
from litestar.response import Redirect
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import utcnow
from core.errors import DomainError
from core.lifecycle import deletion
from core.web.forms import FormState, read_form
from core.web.pages import TenantPages, save_form
from core.web.profile import WHILE_SUSPENDED, profile_page
from tenants.context import TenantContext


class DeletionPages(TenantPages, section="/admin/deletion", roles=("admin",)):
    """``/t/{slug}/admin/deletion``: ask for the company's deletion, or cancel it."""

    @post("/", opt=WHILE_SUSPENDED)
    async def schedule(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Suspend the company now and purge it when the grace period ends."""
        values = await read_form(request)
        grace = timedelta(days=request.app.state.settings.tenant_deletion_grace_days)
        command = deletion.schedule(db, ctx.tenant, values.get("confirm", "").strip(), request.user.email, utcnow(),
                                    grace)
        return await save_form(
            db, ctx, FormState(values=values), command, to=f"/t/{ctx.tenant.slug}/admin/profile",
            again=lambda state: profile_page(request, db, ctx, status_code=422, deletion_form=state),
        )

    @post("/cancel", opt=WHILE_SUSPENDED)
    async def cancel(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Cancel the deletion: the company is restored as it was."""
        with contextlib.suppress(DomainError):  # already cancelled (a second click): nothing to undo
            await deletion.cancel(db, ctx.tenant)
        return Redirect(f"/t/{ctx.tenant.slug}/admin/profile?restored=1", status_code=303)
