"""The revisit worklist: filtered, ordered by due date, paged by a ``(due_by, id)`` cursor."""

from __future__ import annotations

import base64
import binascii
from datetime import date
from uuid import UUID

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import Invalid, one_of
from core.pagination import check_limit
from core.revisits.models import STATUSES, Revisit


def encode_cursor(revisit: Revisit) -> str:
    return base64.urlsafe_b64encode(f"{revisit.due_by.isoformat()}|{revisit.id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[date, UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        due, rid = raw.split("|")
        return date.fromisoformat(due), UUID(rid)
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise Invalid("cursor", "not a cursor returned by this list") from exc


async def worklist(
    session: AsyncSession,
    *,
    due_before: date | None,
    status: str | None,
    customer_id: UUID | None,
    limit: int | None,
    channel: str | None = None,
    cursor: str | None,
) -> tuple[list[Revisit], str | None]:
    """Revisits whose window opens on or before ``due_before``, earliest deadline first."""
    size = check_limit(limit)
    stmt = select(Revisit)
    if status is not None:
        stmt = stmt.where(Revisit.status == one_of(status, STATUSES, "status"))
    if due_before is not None:
        stmt = stmt.where(Revisit.due_from <= due_before)
    if customer_id is not None:
        stmt = stmt.where(Revisit.customer_id == customer_id)
    if channel is not None:
        stmt = stmt.where(Revisit.channel == channel)
    if cursor:
        due, rid = decode_cursor(cursor)
        stmt = stmt.where(or_(Revisit.due_by > due, and_(Revisit.due_by == due, Revisit.id > rid)))
    rows = list((await session.scalars(stmt.order_by(Revisit.due_by, Revisit.id).limit(size + 1))).all())
    next_cursor = encode_cursor(rows[size - 1]) if len(rows) > size else None
    return rows[:size], next_cursor
