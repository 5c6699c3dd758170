"""Cursor pagination: ``?limit=`` (default 50, max 200) and ``?cursor=``; newest first.

Ids are UUIDv7 (time-ordered), so the cursor is the last id of a page and the next page is the
index range below it. A list in another order (a deadline list by its due day, a directory by
name: :func:`paginate_by`) carries the last row's key with its id.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from typing import Any, Generic, TypeVar
from uuid import UUID

import msgspec
from sqlalchemy import Select, and_, or_
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import Invalid

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Page(msgspec.Struct, Generic[T]):
    """One page of a list and the cursor of the next (``None`` on the last)."""

    items: list[T]
    next_cursor: str | None

    @classmethod
    def of(cls, found: tuple[list[Any], str | None], read: Callable[[Any], T]) -> Page[T]:
        """The page of ``found`` (rows and the next cursor, as :func:`paginate` returns them),
        each row shown by ``read``."""
        rows, next_cursor = found
        return cls(items=[read(row) for row in rows], next_cursor=next_cursor)


def encode_cursor(last_id: UUID) -> str:
    return base64.urlsafe_b64encode(last_id.bytes).decode().rstrip("=")


def decode_cursor(cursor: str) -> UUID:
    try:
        return UUID(bytes=base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError) as exc:
        raise Invalid("cursor", "not a cursor returned by this list") from exc


def check_limit(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    if limit < 1 or limit > MAX_LIMIT:
        raise Invalid("limit", f"must be between 1 and {MAX_LIMIT}")
    return limit


async def paginate(
    session: AsyncSession, stmt: Select, id_column: Any, *, limit: int | None, cursor: str | None,
    oldest_first: bool = False,
) -> tuple[list[Any], str | None]:
    """Run ``stmt`` (selecting ORM rows) one page at a time, newest first (or ``oldest_first``:
    the order the rows were written, ids growing with time)."""
    size = check_limit(limit)
    if cursor:
        after = decode_cursor(cursor)
        stmt = stmt.where(id_column > after if oldest_first else id_column < after)
    order = id_column if oldest_first else id_column.desc()
    rows = list((await session.scalars(stmt.order_by(order).limit(size + 1))).all())
    next_cursor = encode_cursor(rows[size - 1].id) if len(rows) > size else None
    return rows[:size], next_cursor


async def paginate_by(
    session: AsyncSession, stmt: Select, key: Any, id_column: Any, *, limit: int | None, cursor: str | None
) -> tuple[list[Any], str | None]:
    """Run ``stmt`` (selecting ORM rows) one page at a time in ascending ``key`` order (a column
    of a date, a number or text that is never null), rows of one key in ``id_column`` order; the
    cursor carries the last row's key and id, and the next page is the rows after them."""
    size = check_limit(limit)
    if cursor:
        value, last = _keyed_cursor(cursor, key)
        stmt = stmt.where(or_(key > value, and_(key == value, id_column > last)))
    rows = list((await session.scalars(stmt.order_by(key, id_column).limit(size + 1))).all())
    if len(rows) <= size:
        return rows, None
    tail = rows[size - 1]
    value = getattr(tail, key.key)
    raw = json.dumps([value.isoformat() if hasattr(value, "isoformat") else value, str(tail.id)])
    return rows[:size], base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _keyed_cursor(cursor: str, key: Any) -> tuple[Any, UUID]:
    """The key and id a :func:`paginate_by` cursor carries, the key as ``key``'s Python type."""
    try:
        value, last = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        kind = key.type.python_type
        return (kind.fromisoformat(value) if hasattr(kind, "fromisoformat") else kind(value)), UUID(last)
    except (binascii.Error, ValueError, TypeError) as exc:
        raise Invalid("cursor", "not a cursor returned by this list") from exc


def paginate_sorted(items: list[T], key: Any, *, limit: int | None, cursor: str | None) -> Page[T]:
    """Page through an in-memory list already sorted by the string ``key(item)`` (for catalogues
    assembled from plugins and the tenant); the cursor is the last key of a page."""
    size = check_limit(limit)
    if cursor:
        try:
            after = base64.b64decode(cursor + "=" * (-len(cursor) % 4), altchars=b"-_", validate=True).decode()
        except (binascii.Error, ValueError) as exc:
            raise Invalid("cursor", "not a cursor returned by this list") from exc
        items = [item for item in items if key(item) > after]
    page = items[:size]
    next_cursor = None
    if len(items) > size:
        next_cursor = base64.urlsafe_b64encode(key(page[-1]).encode()).decode().rstrip("=")
    return Page(items=page, next_cursor=next_cursor)
