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
from core.auth.credentials.secrets import tenant_named_by
from core.auth.principal import Principal
from core.auth.tokens import principal_for_token, split_token
from core.db.session import SESSION_KEY
from core.quotas import refuse_when_used_up

#: Paths that accept bearer credentials only, never the session cookie.
API_PREFIX = "/api/"


class AuthMiddleware(AbstractAuthenticationMiddleware):
    """Resolves the principal once per request with one indexed lookup, in the session and
    transaction the request then works in (:func:`core.db.session.provide_db` takes it over): no
    second connection checkout, no second transaction."""

    async def __call__(self, scope, receive, send) -> None:
        """Authenticate and run the request; then close the session it still holds: one the
        handler never asked for, or one a failed dependency left behind (see
        :func:`core.db.session.provide_db`)."""
        try:
            await super().__call__(scope, receive, send)
        finally:
            session = scope.pop(SESSION_KEY, None)
            if session is not None:
                await session.close()

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        if connection.scope["path"].startswith(API_PREFIX) and (value := integrator.presented(connection.headers)):
            refuse_when_used_up(tenant_named_by(value))
            principal = await integrator.principal_for(connection.app.state.session_maker, value)
            return AuthenticationResult(user=principal, auth="integration" if principal else "invalid-token")
        header = connection.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() == "bearer" and token:
            principal = await self._principal(connection, token.strip(), "bearer", None)
            return AuthenticationResult(user=principal, auth="token" if principal else "invalid-token")
        if connection.scope["path"].startswith(API_PREFIX):
            return AuthenticationResult(user=None, auth=None)
        cookie_session = connection.scope.get("session")
        principal = None
        if isinstance(cookie_session, dict) and isinstance(cookie_session.get("sid"), str):
            principal = await self._principal(connection, cookie_session["sid"], "session", cookie_session.get("locale"))
        return AuthenticationResult(user=principal, auth="session" if principal else None)

    @staticmethod
    async def _principal(connection: ASGIConnection, credential: str, kind: str, locale: str | None) -> Principal | None:
        """Look the credential up in a new session bound to its tenant; keep the session (and its
        open transaction) for the request when the credential is good. A tenant past its request
        quota is refused first, without a connection."""
        named = split_token(credential)
        refuse_when_used_up(named[0] if named else None)
        session = connection.app.state.session_maker()
        try:
            principal = await principal_for_token(session, credential, kind=kind, locale=locale)
        except BaseException:
            await session.close()
            raise
        if principal is None:
            await session.close()
            return None
        connection.scope[SESSION_KEY] = session
        return principal
