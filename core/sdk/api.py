"""The two flows every plugin API endpoint repeats, written once: a create answered once per
``Idempotency-Key``, and a list read one page at a time."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from litestar import Request, Response
from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from core.idempotency import replay, respond
from core.pagination import Page, paginate

T = TypeVar("T")


async def create_once(
    db: AsyncSession, request: Request, create: Callable[[], Awaitable[T]], read: Callable[[T], Any],
) -> Response:
    """Answer a create (201) once per ``Idempotency-Key``. A key already seen with the same body
    gets the stored answer (409 with another body); otherwise the answer is ``read(await create())``
    (``read`` may be async), stored under the key in the same transaction."""
    if replayed := await replay(db, request):
        return replayed
    content = read(await create())
    if inspect.isawaitable(content):
        content = await content
    return await respond(db, request, content)


async def read_page(
    db: AsyncSession, stmt: Select, id_column: Any, read: Callable[[Any], T], *, limit: int | None,
    cursor: str | None,
) -> Page[T]:
    """One page of ``stmt``'s rows (``?limit=`` and ``?cursor=``, newest first by ``id_column``),
    each answered as ``read(row)``."""
    rows, next_cursor = await paginate(db, stmt, id_column, limit=limit, cursor=cursor)
    return Page(items=[read(row) for row in rows], next_cursor=next_cursor)
