"""Route guards: authenticated callers and roles."""

from __future__ import annotations

from collections.abc import Callable

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers import BaseRouteHandler

from core.auth.models import ROLES

#: Everyone who works cases (everyone but viewers).
STAFF = ("admin", "manager", "agent", "technician")
#: Those who take requests and manage the desk.
DESK = ("admin", "manager", "agent")
MANAGERS = ("admin", "manager")

Guard = Callable[[ASGIConnection, BaseRouteHandler], None]


def authenticated(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
    """401 unless the request carries a valid token or session."""
    if connection.scope.get("user") is None:
        raise NotAuthorizedException("missing, invalid, expired or revoked credentials")


def requires_role(*roles: str) -> Guard:
    """A guard letting through only the given roles (403 for the others)."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {unknown}")

    def guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
        authenticated(connection, handler)
        if connection.scope["user"].role not in roles:
            raise PermissionDeniedException(f"this action needs one of the roles: {', '.join(roles)}")

    guard.__name__ = f"requires_{'_or_'.join(roles)}"
    guard.roles = roles  # read by the scope rule (core.auth.credentials.scopes): admin-only or not
    return guard
