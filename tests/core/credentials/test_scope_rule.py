"""The one rule that gives every operation its scope, at its edges."""

from __future__ import annotations

from litestar import Litestar, Router, get, post

from core.auth.credentials.scopes import ADMIN, LOGIN_TOKEN_ONLY, PUBLIC, resource_of, scope_of
from core.auth.guards import authenticated, requires_role


@get("/things/{thing_id:uuid}", guards=[authenticated])
async def read_thing() -> None:
    """A read."""


@post("/things", guards=[requires_role("admin", "manager")])
async def write_thing() -> None:
    """A write for managers."""


@post("/things/settings", guards=[requires_role("admin")])
async def admin_thing() -> None:
    """An admin-only write."""


@get("/things/open")
async def open_thing() -> None:
    """A public read."""


@get("/things/special", guards=[authenticated], opt={"scope": "tickets:read"})
async def declared_thing() -> None:
    """A declared scope."""


def handlers(prefix: str) -> dict[str, object]:
    app = Litestar(route_handlers=[Router(path=prefix, route_handlers=[
        read_thing, write_thing, admin_thing, open_thing, declared_thing])])
    return {handler.handler_name: (handler, route.path) for route in app.routes for handler in route.route_handlers}


def test_the_resource_is_the_first_segment_or_the_plugin():
    assert resource_of("/api/v1/tickets/{ticket_id:uuid}/sla/pause") == "tickets"
    assert resource_of("/api/v1/p/lighting/returns") == "lighting"
    assert resource_of("/api/v1/shift-handovers") == "shift-handovers"
    assert resource_of("/t/acme/customers") is None and resource_of("/api/v1/") is None


def test_read_write_admin_public_and_declared():
    found = handlers("/api/v1")
    scopes = {name: scope_of(handler, path, method) for name, (handler, path), method in [
        (n, found[n], m) for n, m in (("read_thing", "GET"), ("write_thing", "POST"), ("admin_thing", "POST"),
                                      ("open_thing", "GET"), ("declared_thing", "GET"))]}
    assert scopes == {"read_thing": "things:read", "write_thing": "things:write", "admin_thing": ADMIN,
                      "open_thing": PUBLIC, "declared_thing": "tickets:read"}


def test_own_login_and_credentials_take_login_tokens_only():
    for prefix in ("/api/v1/auth", "/api/v1/credentials"):
        handler, path = handlers(prefix)["read_thing"]
        assert scope_of(handler, path, "GET") == LOGIN_TOKEN_ONLY


def test_outside_the_api_there_is_no_scope():
    handler, path = handlers("/t/{tenant_slug:str}")["read_thing"]
    assert scope_of(handler, path, "GET") is None
