"""Authentication: an integrator credential (API only, :mod:`core.auth.credentials`), a bearer
token (API) or the console session named by the signed session cookie (pages) becomes the
request's :class:`~core.auth.principal.Principal`; anonymous requests get ``None``.

The API (``/api/``) takes bearer credentials only: a cookie rides along on a cross-site request
(a ``text/plain`` form post needs no CORS preflight), so honouring it there would let any site act
as the signed-in user. Pages take the cookie and are CSRF-protected (:mod:`core.web.security`).
"""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from core.auth.credentials import authenticate as integrator
from core.auth.principal import Principal
from core.auth.tokens import principal_for_token

#: Paths that accept bearer credentials only, never the session cookie.
API_PREFIX = "/api/"


class AuthMiddleware(AbstractAuthenticationMiddleware):
    """Resolves the principal once per request: one indexed lookup in its own short read-only
    transaction."""

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        maker = connection.app.state.session_maker
        if connection.scope["path"].startswith(API_PREFIX) and (value := integrator.presented(connection.headers)):
            principal = await integrator.principal_for(maker, value)
            return AuthenticationResult(user=principal, auth="integration" if principal else "invalid-token")
        header = connection.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        principal: Principal | None = None
        if scheme.lower() == "bearer" and token:
            async with maker() as session:
                principal = await principal_for_token(session, token.strip())
            return AuthenticationResult(user=principal, auth="token" if principal else "invalid-token")
        if connection.scope["path"].startswith(API_PREFIX):
            return AuthenticationResult(user=None, auth=None)
        cookie_session = connection.scope.get("session")
        if isinstance(cookie_session, dict) and isinstance(cookie_session.get("sid"), str):
            async with maker() as session:
                principal = await principal_for_token(
                    session, cookie_session["sid"], kind="session", locale=cookie_session.get("locale")
                )
        return AuthenticationResult(user=principal, auth="session" if principal else None)
