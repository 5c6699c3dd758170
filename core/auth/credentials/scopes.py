"""The scope of every API operation, derived by one rule, enforced for integrator credentials
and declared in the OpenAPI document.

The rule (:func:`scope_of`), unless a handler declares ``opt={"scope": ...}``:

* a public operation (no authentication guard) needs no scope;
* an operation of a resource in :data:`LOGIN_ONLY` (the caller's own login and password, the
  credentials themselves) takes a user's login token only: integrator credentials are refused;
* an admin-only operation (its role guard lets through ``admin`` alone) needs ``admin``;
* otherwise ``<resource>:read`` for ``GET``/``HEAD`` and ``<resource>:write`` for the others, the
  resource being the path's first segment after ``/api/v1/`` (a plugin's: its name, from
  ``/api/v1/p/<plugin>/``).

User login tokens and console sessions keep their role checks and ignore scopes.
"""

from __future__ import annotations

from litestar import Litestar
from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException
from litestar.handlers import BaseRouteHandler, HTTPRouteHandler
from litestar.openapi.spec import Components, OAuthFlow, OAuthFlows, SecurityScheme
from litestar.routes import HTTPRoute

from core.auth.guards import authenticated

API_ROOT = "/api/v1/"
PLUGIN_SEGMENT = "p"
ADMIN = "admin"
#: Resources whose operations take a user's login token only.
LOGIN_ONLY = frozenset({"auth", "credentials"})
#: ``opt["scope"]`` of an operation that takes a user's login token only.
LOGIN_TOKEN_ONLY = "login-token-only"
#: ``opt["scope"]`` of a public operation.
PUBLIC = ""
READ_METHODS = frozenset({"GET", "HEAD"})

#: Names of the OpenAPI security schemes.
LOGIN_SCHEME = "loginToken"
API_KEY_SCHEME = "apiKey"
API_KEY_BEARER_SCHEME = "apiKeyBearer"
OAUTH_SCHEME = "oauth2"
TOKEN_URL = "/api/v1/oauth/token"
#: The header an API key may travel in (``Authorization: Bearer <key>`` works too).
API_KEY_HEADER = "X-API-Key"


def _guard_functions(handler: BaseRouteHandler) -> list:
    return [guard for layer in handler.ownership_layers for guard in (layer.guards or [])]


def _is_public(handler: BaseRouteHandler) -> bool:
    return not any(guard is authenticated or hasattr(guard, "roles") for guard in _guard_functions(handler))


def _is_admin_only(handler: BaseRouteHandler) -> bool:
    return any(tuple(getattr(guard, "roles", ())) == (ADMIN,) for guard in _guard_functions(handler))


def resource_of(path: str) -> str | None:
    """The resource an API path belongs to (``None`` outside ``/api/v1/``)."""
    if not path.startswith(API_ROOT):
        return None
    segments = [s for s in path[len(API_ROOT):].split("/") if s]
    if not segments:
        return None
    if segments[0] == PLUGIN_SEGMENT and len(segments) > 1:
        return segments[1]
    return segments[0]


def scope_of(handler: HTTPRouteHandler, path: str, method: str) -> str | None:
    """The scope an operation needs (:data:`PUBLIC`, :data:`LOGIN_TOKEN_ONLY`, ``admin`` or
    ``<resource>:read|write``); ``None`` for a path outside the API."""
    declared = handler.opt.get("scope")
    if declared is not None:
        return declared
    resource = resource_of(path)
    if resource is None:
        return None
    if _is_public(handler):
        return PUBLIC
    if resource in LOGIN_ONLY:
        return LOGIN_TOKEN_ONLY
    if _is_admin_only(handler):
        return ADMIN
    return f"{resource}:{'read' if method in READ_METHODS else 'write'}"


def _security(scope: str) -> list[dict[str, list[str]]]:
    if scope == LOGIN_TOKEN_ONLY:
        return [{LOGIN_SCHEME: []}]
    return [{LOGIN_SCHEME: []}, {API_KEY_SCHEME: [scope]}, {API_KEY_BEARER_SCHEME: [scope]}, {OAUTH_SCHEME: [scope]}]


def security_schemes() -> dict[str, SecurityScheme]:
    """The document's security schemes (the OAuth scheme's scope list is filled by
    :func:`install`, once the routes are known)."""
    return {
        LOGIN_SCHEME: SecurityScheme(
            type="http", scheme="bearer",
            description="A user's login token from POST /api/v1/auth/login (bound by the user's role).",
        ),
        API_KEY_SCHEME: SecurityScheme(
            type="apiKey", name=API_KEY_HEADER, security_scheme_in="header",
            description="A tenant's named API key (shk_…), limited to its scopes.",
        ),
        API_KEY_BEARER_SCHEME: SecurityScheme(
            type="http", scheme="bearer", bearer_format="shk_…",
            description="The same API key sent as Authorization: Bearer shk_….",
        ),
        OAUTH_SCHEME: SecurityScheme(
            type="oauth2", description="OAuth 2.0 client credentials: a short-lived token (sht_…) "
            "carrying the scopes granted to the client.",
            flows=OAuthFlows(client_credentials=OAuthFlow(token_url=TOKEN_URL, scopes={})),
        ),
    }


def install(app: Litestar, components: Components) -> frozenset[str]:
    """Give every API operation its scope (``opt["scope"]``) and declared security, fill the
    OAuth scheme's scope list, and return the grantable scopes. Runs once, at start-up, before
    the OpenAPI document is first built."""
    grantable: set[str] = set()
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            methods = set(handler.http_methods) - {"OPTIONS"}
            if not methods:
                continue
            scope = scope_of(handler, route.path, "GET" if methods <= READ_METHODS else "POST")
            if scope is None:
                continue
            handler.opt["scope"] = scope
            if scope == PUBLIC:
                continue
            handler.security = _security(scope)
            if scope != LOGIN_TOKEN_ONLY:
                grantable.add(scope)
    scopes = dict.fromkeys(sorted(grantable), "")
    for scope in scopes:
        scopes[scope] = "every admin-only operation" if scope == ADMIN else scope.replace(":", ": ")
    components.security_schemes[OAUTH_SCHEME].flows.client_credentials.scopes = scopes
    return frozenset(grantable)


async def require_scope(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """App-wide guard: an integrator credential reaches an operation only when it holds the
    operation's scope (403 naming the scope otherwise, before the handler runs). Login tokens and
    sessions pass untouched; their role guards decide."""
    principal = connection.scope.get("user")
    if principal is None or principal.scopes is None:
        return
    scope = handler.opt.get("scope")
    if scope == PUBLIC:
        return
    if scope is None or scope == LOGIN_TOKEN_ONLY:
        raise PermissionDeniedException("this operation takes a user's login token, not an integration credential")
    if scope not in principal.scopes:
        raise PermissionDeniedException(f"this credential lacks the scope {scope}")
