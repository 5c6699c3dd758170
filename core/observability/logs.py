"""Structured logs: one JSON object per line (``structlog``), every line of a request carrying
its request id, tenant and user.

:func:`configure_logging` routes the standard library's loggers (the app's, uvicorn's,
SQLAlchemy's) through structlog's formatter, so all output has one shape.
:class:`RequestContextMiddleware` binds the request's identity to the log context and writes one
access line per request.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import sys
import time
import uuid
from collections.abc import Callable
from typing import IO, Any

import msgspec
import structlog
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from core.observability.metrics import TENANT_REQUESTS
from core.observability.tracing import name_span_by_route
from core.settings import Settings

access_log = logging.getLogger("shouhou.access")

#: A caller's own ``X-Request-ID`` is kept when it looks like an id; anything else is replaced.
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
#: A request id we make is 32 hex digits, unique per node without a system call per request: this
#: process's random 80-bit prefix (drawn again in a forked child) and a 48-bit sequence.
_NODE_PREFIX = uuid.uuid4().hex[:20]
_SEQUENCE = itertools.count()


def _new_node_prefix() -> None:
    global _NODE_PREFIX
    _NODE_PREFIX = uuid.uuid4().hex[:20]


os.register_at_fork(after_in_child=_new_node_prefix)


def configure_logging(settings: Settings, stream: IO[str] | None = None) -> None:
    """Send every log record to ``stream`` (stderr) as JSON (``SHOUHOU_LOG_FORMAT=json``, the
    default) or as coloured console lines (``console``), at ``SHOUHOU_LOG_LEVEL``."""
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer = (
        structlog.processors.JSONRenderer(serializer=_json_line)
        if settings.log_format == "json"
        else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                renderer,
            ],
        )
    )
    # Every request writes a line: the record skips what no line shows (the thread, the process,
    # the calling source line), as the logging HOWTO's "Optimization" section describes.
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    logging._srcfile = None
    root = logging.getLogger()
    root.handlers[:] = [handler]
    logging.captureWarnings(True)  # a library's deprecation warning is a JSON line too
    root.setLevel(settings.log_level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # The app writes its own access line per request (RequestContextMiddleware): uvicorn's is off.
    logging.getLogger("uvicorn.access").handlers[:] = []
    logging.getLogger("uvicorn.access").propagate = False


def _json_line(event: dict[str, Any], default: Callable[[Any], Any]) -> str:
    """One log line as JSON, UTF-8 unescaped, by msgspec (a request's line costs a fraction of
    ``json.dumps``'s); a value or key JSON cannot hold goes through structlog's ``default`` (its
    ``__structlog__``, else its ``repr``)."""
    return msgspec.json.encode(event, enc_hook=default).decode()


class RequestContextMiddleware:
    """Give each HTTP request an id (the caller's ``X-Request-ID`` when it looks like one),
    answer it in ``X-Request-ID``, bind ``request_id``, ``tenant_id`` and ``user_id`` to every
    log line written while the request runs, and log one access line when it ends (method,
    route template, status, milliseconds; no query string, which may carry personal data).

    Runs after authentication and routing, so the principal and the route are known. With
    ``count_tenants`` it also counts the request against its tenant
    (:data:`~core.observability.metrics.TENANT_REQUESTS`); with ``name_spans`` it names the
    request's trace span by its route.
    """

    def __init__(self, app: ASGIApp, count_tenants: bool = False, name_spans: bool = False) -> None:
        self.app = app
        self.count_tenants = count_tenants
        self.name_spans = name_spans

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the request inside its log context."""
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        principal = scope.get("user")
        tenant_id = str(principal.tenant_id) if principal else None
        if tenant_id and self.count_tenants:
            TENANT_REQUESTS.labels(tenant=tenant_id).inc()
        if self.name_spans:
            name_span_by_route(scope)
        status = 500
        header = (b"x-request-id", request_id.encode())

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        started = time.perf_counter()
        with structlog.contextvars.bound_contextvars(
            request_id=request_id, tenant_id=tenant_id, user_id=str(principal.user_id) if principal else None
        ):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                if access_log.isEnabledFor(logging.INFO):
                    access_log.info(
                        "request",
                        extra={
                            "method": scope["method"],
                            "route": scope.get("path_template", scope["path"]),
                            "status": status,
                            "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                        },
                    )


def _request_id(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            given = value.decode("latin-1")
            if REQUEST_ID.match(given):
                return given
            break
    return f"{_NODE_PREFIX}{next(_SEQUENCE):012x}"
