"""The error answers of the OpenAPI document, documented as they are really sent.

Litestar documents a 400 with its own body (``extra``); every error this API sends has the shape of
:func:`core.errors.error_body`. :func:`document_errors` runs once when the app starts: it declares
that shape as the ``ErrorBody`` component and gives each ``/api/`` operation the error answers it
can send, derived from the operation itself:

- 400: a body or parameter that does not decode (any operation taking input);
- 401 and 403: the route's guards (authenticated; a role; any authenticated operation answers 403
  while the caller's company is suspended for deletion, and 429 past its request quota);
- 404: an id in the path that is not the tenant's;
- 409: a create that may conflict (every POST: unique values, idempotency keys, state changes);
- 422: well-formed input that breaks a rule (any operation taking input);
- more that only some operations send, named on the handler: ``opt={"errors": (401, 429)}`` (a
  login refused, a rate limit); answers a handler declares itself (``responses=``, e.g. the OAuth
  token endpoint's RFC 6749 errors) are kept as declared.
- 503: the database is away (every operation), with ``Retry-After``.
"""

from __future__ import annotations

from http import HTTPStatus

from litestar import Litestar
from litestar.openapi.spec import (
    Components,
    OpenAPI,
    OpenAPIHeader,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Reference,
    Schema,
)

ERROR_BODY = "ErrorBody"

ERROR_SCHEMA = Schema(
    type=OpenAPIType.OBJECT,
    required=["status_code", "detail", "errors"],
    properties={
        "status_code": Schema(type=OpenAPIType.INTEGER, description="the HTTP status"),
        "detail": Schema(type=OpenAPIType.STRING, description="what the request did wrong"),
        "errors": Schema(
            type=OpenAPIType.ARRAY,
            description="one entry per field at fault (empty when no single field is)",
            items=Schema(
                type=OpenAPIType.OBJECT,
                required=["field", "message"],
                properties={
                    "field": Schema(type=OpenAPIType.STRING, description="dotted path of the field"),
                    "message": Schema(type=OpenAPIType.STRING, description="the reason"),
                },
            ),
        ),
    },
    description="Every error answer of the API.",
)

RETRY_AFTER = OpenAPIHeader(schema=Schema(type=OpenAPIType.INTEGER), description="seconds to wait")


def _response(status: int) -> OpenAPIResponse:
    headers = {"Retry-After": RETRY_AFTER} if status in (429, 503) else None
    return OpenAPIResponse(
        description=HTTPStatus(status).phrase,
        content={"application/json": OpenAPIMediaType(schema=Reference(ref=f"#/components/schemas/{ERROR_BODY}"))},
        headers=headers,
    )


def _guard_statuses(handler) -> set[int]:
    statuses: set[int] = set()
    for guard in handler.resolve_guards():
        name = getattr(getattr(guard, "func", guard), "__name__", "")
        if name == "authenticated":
            statuses.add(401)
        elif name.startswith("requires_"):
            statuses.update((401, 403))
    if 401 in statuses:
        statuses.update((403, 429))  # a company being deleted; the tenant's request quota
    return statuses


def error_statuses(path: str, method: str, operation: Operation, handler) -> set[int]:
    """The error statuses ``operation`` can answer with (see the module's list)."""
    takes_input = bool(operation.parameters or operation.request_body)
    statuses = {503} | _guard_statuses(handler)
    if takes_input:
        statuses.update((400, 422))
    if "{" in path:
        statuses.add(404)
    if method == "post":
        statuses.add(409)
    statuses.update(handler.opt.get("errors", ()))
    return statuses


def document_errors(app: Litestar, openapi: OpenAPI) -> None:
    """Rewrite ``openapi`` in place: the ``ErrorBody`` component, and on each ``/api/`` operation
    exactly the error answers it can send, all with that body."""
    openapi.components = openapi.components or Components()
    schemas = openapi.components.schemas = dict(openapi.components.schemas or {})
    schemas[ERROR_BODY] = ERROR_SCHEMA
    handlers = {
        (route.path_format, method.lower()): handler
        for route in app.routes
        for method, (handler, _kwargs) in getattr(route, "route_handler_map", {}).items()
    }
    for path, item in (openapi.paths or {}).items():
        if not path.startswith("/api/"):
            continue
        for method in ("get", "put", "post", "delete", "patch"):
            operation: Operation | None = getattr(item, method, None)
            handler = handlers.get((path, method))
            if operation is None or handler is None:
                continue
            declared = {str(code) for code in (handler.responses or {})}  # the handler's own, kept as written
            responses = {code: answer for code, answer in (operation.responses or {}).items()
                         if not code.startswith(("4", "5")) or code in declared}
            for status in sorted(error_statuses(path, method, operation, handler)):
                responses.setdefault(str(status), _response(status))
            operation.responses = responses
