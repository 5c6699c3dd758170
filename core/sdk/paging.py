"""A plugin API's list endpoint in one call: a page of rows, each answered as its read type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from core.pagination import Page, paginate

T = TypeVar("T")


async def read_page(
    db: AsyncSession, stmt: Select, id_column: Any, read: Callable[[Any], T], *, limit: int | None,
    cursor: str | None,
) -> Page[T]:
    """One page of ``stmt``'s rows (``?limit=`` and ``?cursor=``, newest first by ``id_column``),
    each answered as ``read(row)``."""
    return Page.of(await paginate(db, stmt, id_column, limit=limit, cursor=cursor), read)
