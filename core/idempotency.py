"""``Idempotency-Key`` on creates: the same key and body within 24 h returns the first answer.

Requests with the same key are serialised: a later one waits (at most :data:`WAIT`) until the
first has committed or rolled back, then replays its stored answer (status and body) or, if the
first stored nothing, runs itself. On PostgreSQL the first holds a transaction-level advisory
lock on (tenant, key); on SQLite the first write of :func:`replay` takes the database's single
write lock, which the others wait for (``busy_timeout``).
"""

from __future__ import annotations

import asyncio
import hashlib
import inspect
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, TypeVar

import msgspec
from litestar import Request, Response
from sqlalchemy import String, UniqueConstraint, delete, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from core.db.advisory import advisory_key
from core.db.base import Base, TenantScoped, utcnow
from core.db.tenancy import current_tenant
from core.errors import Conflict

T = TypeVar("T")

HEADER = "idempotency-key"
TTL = timedelta(hours=24)
#: How long a request waits for another one with the same key before it answers 409.
WAIT = timedelta(seconds=30)


class IdempotencyRecord(TenantScoped, Base):
    """The first answer to a create made with an ``Idempotency-Key``."""

    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("tenant_id", "key"),)

    key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int]
    body: Mapped[dict]


def _request_hash(request: Request, body: bytes) -> str:
    return hashlib.sha256(request.method.encode() + request.url.path.encode() + b"\0" + body).hexdigest()


async def replay(session: AsyncSession, request: Request) -> Response | None:
    """The stored answer for this request's key, or ``None`` when it is new (or has no key).
    The same key with another body is a 409."""
    key = request.headers.get(HEADER)
    if not key:
        return None
    await _wait_for_same_key(session, key)
    await session.execute(
        delete(IdempotencyRecord).where(IdempotencyRecord.key == key, IdempotencyRecord.created_at < utcnow() - TTL)
    )
    found = await session.scalar(select(IdempotencyRecord).where(IdempotencyRecord.key == key))
    if found is None:
        return None
    if found.request_hash != _request_hash(request, await request.body()):
        raise Conflict("Idempotency-Key was already used with a different request", [("Idempotency-Key", "reused")])
    return Response(found.body, status_code=found.status_code, headers={"Idempotent-Replay": "true"})


async def _wait_for_same_key(session: AsyncSession, key: str) -> None:
    """On PostgreSQL, take this transaction's advisory lock on (tenant, key), waiting at most
    :data:`WAIT` for the request that holds it; 409 if it is still running then."""
    if session.bind.dialect.name != "postgresql":
        return
    tenant = current_tenant(session.sync_session)
    lock = advisory_key("idempotency", tenant, key)
    deadline = time.monotonic() + WAIT.total_seconds()
    pause = 0.01
    while not await session.scalar(text("SELECT pg_try_advisory_xact_lock(:lock)"), {"lock": lock}):
        if time.monotonic() >= deadline:
            raise Conflict(
                "a request with this Idempotency-Key is still running", [("Idempotency-Key", "in_progress")]
            )
        await asyncio.sleep(pause)
        pause = min(pause * 2, 0.2)


async def respond(session: AsyncSession, request: Request, content: Any, status_code: int = 201) -> Response:
    """Answer a create, remembering the answer under the request's key (same transaction)."""
    body = msgspec.to_builtins(content)
    key = request.headers.get(HEADER)
    if key:
        session.add(
            IdempotencyRecord(
                key=key,
                request_hash=_request_hash(request, await request.body()),
                status_code=status_code,
                body=body,
            )
        )
        await session.flush()
    return Response(body, status_code=status_code)


async def create_once(
    session: AsyncSession,
    request: Request,
    create: Callable[[], Awaitable[T]],
    read: Callable[[T], Any],
    status_code: int = 201,
) -> Response:
    """A create endpoint's whole answer: the stored one when this request's key was seen (see
    :func:`replay`), else ``read(await create())`` (``read`` may be async), remembered by
    :func:`respond`. ``create`` is called only when the request is new."""
    if stored := await replay(session, request):
        return stored
    content = read(await create())
    if inspect.isawaitable(content):
        content = await content
    return await respond(session, request, content, status_code)


async def define_once(
    session: AsyncSession,
    request: Request,
    define: Callable[[], Awaitable[tuple[T, bool]]],
    read: Callable[[T], Any],
) -> Response:
    """A create-or-rewrite endpoint's whole answer (a tenant's form or script by name): the stored
    one when this request's key was seen, else ``read`` of what ``define`` made or rewrote, 201
    when ``define`` says it made something new and 200 otherwise, remembered by :func:`respond`."""
    if stored := await replay(session, request):
        return stored
    row, new = await define()
    return await respond(session, request, read(row), 201 if new else 200)
