"""``Idempotency-Key`` on creates: the same key and body within 24 h returns the first answer."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import msgspec
from litestar import Request, Response
from sqlalchemy import String, UniqueConstraint, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, utcnow
from core.errors import Conflict

HEADER = "idempotency-key"
TTL = timedelta(hours=24)


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
    found = await session.scalar(select(IdempotencyRecord).where(IdempotencyRecord.key == key))
    if found is None:
        return None
    if found.created_at < utcnow() - TTL:
        await session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.id == found.id))
        await session.flush()
        return None
    if found.request_hash != _request_hash(request, await request.body()):
        raise Conflict("Idempotency-Key was already used with a different request", [("Idempotency-Key", "reused")])
    return Response(found.body, status_code=found.status_code, headers={"Idempotent-Replay": "true"})


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
