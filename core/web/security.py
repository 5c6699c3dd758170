"""Page security: CSRF (forms and htmx), the Content-Security-Policy, and who may open a page
under ``/t/{tenant_slug}/``."""

from __future__ import annotations

import hashlib

from litestar.config.csrf import CSRFConfig
from litestar.connection import ASGIConnection
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.handlers import BaseRouteHandler

from core.settings import Settings

#: No inline script or style anywhere: every script and stylesheet is a file under /static/.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def csrf_config(settings: Settings) -> CSRFConfig:
    """CSRF on every unsafe request except the bearer-token API (``/api/``, which never reads the
    session cookie: :mod:`core.auth.middleware`): a form carries ``_csrf_token``, an htmx request
    the ``X-CSRFToken`` header."""
    return CSRFConfig(
        secret=hashlib.sha256(b"csrf:" + settings.secret_key.encode()).hexdigest(),
        cookie_name="shouhou_csrf",
        cookie_secure=settings.secure_cookies,
        cookie_samesite="lax",
        exclude=["^/api/", "^/health", "^/schema"],
    )


class LoginRequired(Exception):
    """An anonymous visitor opened a tenant page: they are sent to the login page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


async def tenant_member(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
    """A page under ``/t/{tenant_slug}/`` needs a signed-in user of that very tenant; any other
    slug is 404 (never 403, never a hint that it exists). Bearer tokens do not open pages."""
    user = connection.scope.get("user")
    if user is None or user.token_id is not None:
        raise LoginRequired(connection.url.path)
    if connection.path_params.get("tenant_slug") != user.tenant_slug:
        raise NotFoundException("no such page")


def page_role(*roles: str):
    """A guard for pages only some roles may open (403 page for the others)."""

    async def guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
        await tenant_member(connection, handler)
        if connection.scope["user"].role not in roles:
            raise PermissionDeniedException("this page needs another role")

    guard.__name__ = f"page_role_{'_'.join(roles)}"
    return guard
