"""Reading rows by one key in one query: every row of one parent (a ticket's files, a customer's
contacts), and the rows other records name by id (a ticket's customer, shown as its label).
:mod:`core.related` reads the rows of several parents at once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

T = TypeVar("T")


async def all_of(session: AsyncSession, column: InstrumentedAttribute, value: Any) -> list[Any]:
    """Every row whose ``column`` (a foreign key) is ``value``, oldest first (ids are
    time-ordered), in one query."""
    model = column.class_
    stmt = select(model).where(column == value).order_by(model.id)
    return list((await session.scalars(stmt)).all())


async def rows_by_id(session: AsyncSession, model: type[T], ids: Iterable[Any]) -> dict[Any, T]:
    """The ``model`` rows whose id is one of ``ids`` (``None`` skipped), by id, in one query;
    none, without a query, when no id is given."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {row.id: row for row in await session.scalars(select(model).where(model.id.in_(wanted)))}  # type: ignore[attr-defined]
