"""Route guards: authenticated callers and roles."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers import BaseRouteHandler

from core.auth.roles import ROLES

#: Everyone who works cases (everyone but viewers).
STAFF = ("admin", "manager", "agent", "technician")
#: Those who take requests and manage the desk.
DESK = ("admin", "manager", "agent")
MANAGERS = ("admin", "manager")
SUSPENDED = "this company's account is suspended: its deletion is scheduled; an admin can cancel it"

Guard = Callable[[ASGIConnection, BaseRouteHandler], Awaitable[None]]


def require_principal(connection: ASGIConnection) -> None:
    """401 unless the request carries a valid token or session."""
    if connection.scope.get("user") is None:
        raise NotAuthorizedException("missing, invalid, expired or revoked credentials")


async def authenticated(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
    """401 unless the request carries a valid token or session."""
    require_principal(connection)


async def tenant_active(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """App-wide: while the caller's tenant is suspended (its deletion scheduled), 403 on every
    operation but those marked ``opt={"while_suspended": True}`` (profile, export, the deletion
    itself, logging out)."""
    user = connection.scope.get("user")
    if user is not None and user.tenant_suspended and not handler.opt.get("while_suspended"):
        raise PermissionDeniedException(SUSPENDED)


def in_turn(*guards: Guard) -> Guard:
    """One guard running ``guards`` in order, the first refusal answering. Litestar hands every
    guard a copy of the route handler (7–8 µs each): the app-wide checks run as one."""

    async def guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
        for check in guards:
            await check(connection, handler)

    guard.__name__ = "_then_".join(g.__name__ for g in guards)
    return guard


def requires_role(*roles: str) -> Guard:
    """A guard letting through only the given roles (403 for the others)."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {unknown}")

    async def guard(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
        require_principal(connection)
        if connection.scope["user"].role not in roles:
            raise PermissionDeniedException(f"this action needs one of the roles: {', '.join(roles)}")

    guard.__name__ = f"requires_{'_or_'.join(roles)}"
    guard.roles = roles  # read by the scope rule (core.auth.credentials.scopes): admin-only or not
    return guard
