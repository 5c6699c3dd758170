"""The one get-or-404: a row of the session's tenant by id, or :class:`core.errors.NotFound`."""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tenancy import reused
from core.errors import NotFound

T = TypeVar("T")


async def get_or_404(
    session: AsyncSession, model: type[T], row_id: Any, what: str, *, for_update: bool = False, where: tuple = ()
) -> T:
    """The ``model`` row whose ``id`` is ``row_id`` (and that meets the extra ``where``
    conditions) in the session's tenant, or ``NotFound("no such <what>")``: a row of another
    tenant is not found either (the session filters every query by its tenant, and RLS agrees).
    ``for_update`` locks the row until the transaction ends."""
    if where:
        stmt = select(model).where(model.id == row_id, *where)  # type: ignore[attr-defined]
        row = await session.scalar(stmt.with_for_update() if for_update else stmt)
    else:
        row = await session.scalar(_by_id(model, for_update), {"row_id": row_id})
    if row is None:
        raise NotFound(f"no such {what}")
    return row


@cache
def _by_id(model: type, for_update: bool):
    """``SELECT model WHERE id = :row_id`` built once per model: the hot path's statement is
    neither rebuilt nor its cache key recomputed on each request."""
    stmt = select(model).where(model.id == bindparam("row_id"))  # type: ignore[attr-defined]
    return reused(stmt.with_for_update() if for_update else stmt)
