"""The signed-in user's own account page: change password, log out everywhere."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.response import Redirect
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth import service as auth_service
from core.auth import throttle
from core.auth.tokens import revoke_user_credentials
from core.errors import DomainError, Throttled
from core.web.forms import REQUIRED, FormState, read_form
from core.web.pages import TenantPages, discard, tenant_page
from core.web.public import end_session
from tenants.context import TenantContext


class AccountPages(TenantPages, section="/account"):
    """``/t/{slug}/account``: any signed-in user's own password and sessions."""

    @get("/")
    async def account(self, request: Request, ctx: TenantContext) -> Response:
        """The change-password form and the "log out everywhere" button."""
        return tenant_page(request, ctx, "account.html", form=FormState())

    @post("/password")
    async def change_password(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Set a new password; every other session and token of the user ends, this one stays."""
        values = await read_form(request)
        state = FormState()
        for name in ("current_password", "new_password"):
            if not values.get(name):
                state.errors[name] = REQUIRED
        if state.ok:
            app = request.app
            try:
                await auth_service.change_password(
                    db, app.state.session_maker, app.state.settings, throttle.source_of(request), request.user,
                    values["current_password"], values["new_password"],
                )
            except DomainError as exc:
                state.fail(exc)
                await discard(db, ctx)
                status = 429 if isinstance(exc, Throttled) else 422
                return tenant_page(request, ctx, "account.html", status_code=status, form=state)
            return Redirect(f"/t/{ctx.tenant.slug}/account?saved=1", status_code=303)
        return tenant_page(request, ctx, "account.html", status_code=422, form=state)

    @post("/logout-all")
    async def logout_everywhere(self, request: Request, db: AsyncSession) -> Response:
        """End every session and token of the user, this one included."""
        await revoke_user_credentials(db, request.user.user_id)
        end_session(request)
        return Redirect("/login", status_code=303)
