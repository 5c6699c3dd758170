"""Domain errors raised by services, and their one mapping to HTTP answers.

Every error answer has the shape
``{"status_code": int, "detail": str, "errors": [{"field": str, "message": str}]}``, the schema the
OpenAPI document declares for it; it says what the request did wrong and nothing of the code.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection
from typing import Any

import msgspec
from asyncpg.exceptions import CannotConnectNowError, PostgresConnectionError, TooManyConnectionsError
from asyncpg.exceptions import InterfaceError as AsyncpgInterfaceError
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

log = logging.getLogger(__name__)


class DomainError(Exception):
    """Base of the errors a service may raise."""

    status_code = 400

    def __init__(self, detail: str, errors: list[tuple[str, str]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []


class NotFound(DomainError):
    """No such object for this tenant (another tenant's object is also 'not found')."""

    status_code = 404


class Conflict(DomainError):
    """The request contradicts the record's state (409)."""

    status_code = 409


class InvalidTransition(Conflict):
    """An action not allowed from the object's current state."""


class Invalid(DomainError):
    """Input that is well-formed but breaks a rule: 422 with the field and the reason."""

    status_code = 422

    def __init__(self, field: str, message: str, detail: str | None = None) -> None:
        super().__init__(detail or f"{field}: {message}", [(field, message)])

    @classmethod
    def fields(cls, detail: str, errors: list[tuple[str, str]]) -> Invalid:
        """Several field errors at once."""
        exc = cls(errors[0][0], errors[0][1], detail)
        exc.errors = errors
        return exc


def not_blank(value: str, field: str) -> str:
    """``value`` without its surrounding spaces; 422 naming ``field`` when nothing is left."""
    if not value.strip():
        raise Invalid(field, "must not be blank")
    return value.strip()


def one_of(value: str, choices: Collection[str], field: str) -> str:
    """``value`` when it is one of ``choices``; 422 naming ``field`` and listing them otherwise."""
    if value not in choices:
        raise Invalid(field, f"must be one of {', '.join(choices)}")
    return value


class TooLarge(Invalid):
    """The request would pass a size limit or the tenant's quota (413), naming the field."""

    status_code = 413


class Forbidden(DomainError):
    """The user may not do this (403)."""

    status_code = 403


class Unauthorized(DomainError):
    status_code = 401


class Throttled(DomainError):
    """Too many requests: 429, with ``Retry-After`` (seconds) when known."""

    status_code = 429

    def __init__(self, detail: str, retry_after: int | None = None) -> None:
        super().__init__(detail)
        self.retry_after = retry_after

    @property
    def headers(self) -> dict[str, str] | None:
        return {"Retry-After": str(self.retry_after)} if self.retry_after else None


class PluginFailed(DomainError):
    """A plugin's hook raised something other than a problem with the request (a ``TypeError``,
    a ``KeyError``…: a bug in the plugin): ``error`` is the exception's type, ``message`` its text.
    Logged and counted against the plugin and answered as a 500; never blamed on the client.
    ``after_rollback``, when set, is a coroutine function the request's session runs in a new
    transaction once the command is rolled back (to keep the fault for the tenant's admin)."""

    status_code = 500

    def __init__(self, plugin: str, hook: str, error: str = "", message: str = "") -> None:
        super().__init__(f"plugin {plugin} failed in {hook}")
        self.plugin = plugin
        self.hook = hook
        self.error = error
        self.message = message
        self.after_rollback: Any = None


class TenantViolation(DomainError):
    """Code tried to write a row into another tenant or without a tenant: a bug, never input."""

    status_code = 500


def error_body(detail: str, errors: list[tuple[str, str]] | list[dict] | None = None,
               status_code: int = 400) -> dict[str, Any]:
    """The body of an error answer."""
    items = [e if isinstance(e, dict) else {"field": e[0], "message": e[1]} for e in errors or []]
    return {"status_code": status_code, "detail": detail, "errors": items}


def _respond(status: int, detail: str, errors=None, headers: dict | None = None) -> Response:
    return Response(error_body(detail, errors, status), status_code=status, headers=headers)


def domain_error_handler(_request: Request, exc: DomainError) -> Response:
    if exc.status_code >= 500:
        log.error("internal error: %s", exc.detail)
        return _respond(500, "internal error")
    return _respond(exc.status_code, exc.detail, exc.errors, headers=getattr(exc, "headers", None))


_NAMED_FIELD = re.compile(r"(?:missing required|contains unknown) field `([^`]+)`")
_AT_PATH = re.compile(r"- at `\$\.?([^`]*)`")


def field_of(message: str, key: str | None) -> str:
    """The request field a validation message is about: the path msgspec names (``- at `$.x```),
    extended by a missing or unknown field's name, else the parameter's key."""
    at = _AT_PATH.search(message)
    path = at.group(1) if at else ("" if key in (None, "data", "body") else key)
    named = _NAMED_FIELD.search(message)
    if named:
        path = f"{path}.{named.group(1)}" if path else named.group(1)
    return path or key or "body"


def validation_error_handler(_request: Request, exc: ValidationException) -> Response:
    errors = []
    for item in exc.extra or []:
        if isinstance(item, dict):
            message, key = str(item.get("message", "")), item.get("key")
            if key and message == repr(key):  # the decoder's KeyError: the parameter or body is absent
                field = "body" if key == "data" else key
                errors.append({"field": field, "message": "is required"})
                continue
            errors.append({"field": field_of(message, key), "message": message.split(" - at ")[0]})
    return _respond(400, exc.detail or "invalid input", errors)


def msgspec_error_handler(_request: Request, exc: msgspec.ValidationError) -> Response:
    message = str(exc)
    field = message.rsplit("`$.", 1)[-1].rstrip("`") if "`$." in message else "body"
    return _respond(422, message, [(field, message.split(" - at ")[0])])


def http_error_handler(_request: Request, exc: HTTPException) -> Response:
    return _respond(exc.status_code, exc.detail, headers=getattr(exc, "headers", None))


def integrity_error_handler(_request: Request, exc: IntegrityError) -> Response:
    log.info("integrity error: %s", exc.orig)
    return _respond(409, "conflicts with an existing record")


#: Seconds a client should wait before retrying while the database is unreachable.
RETRY_AFTER_SECONDS = 1
#: Errors that mean the database cannot be reached right now (down, restarting, refusing, pool
#: exhausted), as opposed to a statement it refused.
UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout, ConnectionError, TimeoutError,
               PostgresConnectionError, CannotConnectNowError, TooManyConnectionsError, AsyncpgInterfaceError)


def is_unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` means the database is unreachable (a dropped connection included)."""
    return isinstance(exc, UNAVAILABLE) or (isinstance(exc, DBAPIError) and exc.connection_invalidated)


def unavailable_answer() -> Response:
    """503 with ``Retry-After``: nothing was written, the same request may be sent again."""
    return _respond(503, "the service is temporarily unavailable, retry shortly",
                    headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def unavailable_error_handler(_request: Request, exc: Exception) -> Response:
    """A database that cannot be reached is 503 with ``Retry-After``."""
    log.warning("database unavailable: %s", exc)
    return unavailable_answer()


def database_error_handler(request: Request, exc: DBAPIError) -> Response:
    """A statement the database refused: unreachable is 503, a value that does not fit its column
    (too long, out of range, a character the encoding refuses) is 422, anything else 500. The
    schemas' bounds (:mod:`core.input_bounds`) name the field first; this is the backstop."""
    if is_unavailable(exc):
        return unavailable_error_handler(request, exc)
    if isinstance(exc, DataError):
        log.info("data error: %s", exc.orig)
        return _respond(422, "a value does not fit its field", [("body", "a value is too long, out of range or holds a character that cannot be stored")])
    return internal_error_handler(request, exc)


def internal_error_handler(_request: Request, exc: Exception) -> Response:
    log.exception("unhandled error", exc_info=exc)
    return _respond(500, "internal error")


EXCEPTION_HANDLERS = {
    DomainError: domain_error_handler,
    ValidationException: validation_error_handler,
    msgspec.ValidationError: msgspec_error_handler,
    IntegrityError: integrity_error_handler,
    DBAPIError: database_error_handler,
    **dict.fromkeys(UNAVAILABLE, unavailable_error_handler),
    HTTPException: http_error_handler,
    Exception: internal_error_handler,
}
