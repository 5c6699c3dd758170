"""Authentication: a bearer token (API) or the signed session cookie (pages) becomes the
request's :class:`~core.auth.principal.Principal`; anonymous requests get ``None``."""

from __future__ import annotations

from uuid import UUID

from litestar.connection import ASGIConnection
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from sqlalchemy import select

from core.auth.models import User
from core.auth.principal import Principal
from core.auth.tokens import principal_for_token, principal_of
from core.db.tenancy import bind_tenant


class AuthMiddleware(AbstractAuthenticationMiddleware):
    """Resolves the principal once per request, in its own short read-only transaction."""

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        header = connection.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        principal: Principal | None = None
        maker = connection.app.state.session_maker
        if scheme.lower() == "bearer" and token:
            async with maker() as session:
                principal = await principal_for_token(session, token.strip())
            return AuthenticationResult(user=principal, auth="token" if principal else "invalid-token")
        cookie_session = connection.scope.get("session")
        if isinstance(cookie_session, dict) and cookie_session.get("uid"):
            async with maker() as session:
                principal = await _principal_for_session(session, cookie_session)
        return AuthenticationResult(user=principal, auth="session" if principal else None)


async def _principal_for_session(session, data: dict) -> Principal | None:
    from tenants.models import Tenant

    try:
        tenant_id, user_id = UUID(data["tid"]), UUID(data["uid"])
    except (KeyError, ValueError):
        return None
    bind_tenant(session, tenant_id)
    row = (
        await session.execute(
            select(User, Tenant.slug, Tenant.locale, Tenant.timezone)
            .join(Tenant, Tenant.id == User.tenant_id)
            .where(User.id == user_id, User.is_active.is_(True))
        )
    ).first()
    if row is None:
        return None
    user, slug, tenant_locale, timezone = row
    return principal_of(user, slug, data.get("locale") or user.locale or tenant_locale, timezone)
