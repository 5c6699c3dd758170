"""Reading the rows related to a parent in one query: every row of one parent (a ticket's files, a
customer's contacts), the rows of several parents at once (a ticket's events, a visit's findings,
a customer's latest complaints), and the rows other records name by id (a ticket's customer, shown
as its label)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
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


async def rows_of(
    session: AsyncSession, column: InstrumentedAttribute, ids: Collection[Any], *order_by: Any
) -> list[Any]:
    """The rows whose ``column`` (a foreign key) is one of ``ids``, in ``order_by`` order, in one
    query; none, without a query, for no ids."""
    if not ids:
        return []
    stmt = select(column.class_).where(column.in_(ids)).order_by(*order_by)
    return list((await session.scalars(stmt)).all())


async def rows_by(
    session: AsyncSession, column: InstrumentedAttribute, ids: Collection[Any], *order_by: Any
) -> dict[Any, list[Any]]:
    """:func:`rows_of` grouped by ``column``: each of ``ids`` with its rows (maybe none)."""
    found: dict[Any, list[Any]] = {key: [] for key in ids}
    for row in await rows_of(session, column, ids, *order_by):
        found[getattr(row, column.key)].append(row)
    return found


async def latest_of(session: AsyncSession, column: InstrumentedAttribute, value: Any, limit: int) -> list[Any]:
    """The latest ``limit`` rows whose ``column`` is ``value`` (a customer's tickets…), newest
    first (ids are time-ordered)."""
    model = column.class_
    stmt = select(model).where(column == value).order_by(model.id.desc()).limit(limit)
    return list((await session.scalars(stmt)).all())


async def rows_by_id(session: AsyncSession, model: type[T], ids: Iterable[Any]) -> dict[Any, T]:
    """The ``model`` rows whose id is one of ``ids`` (``None`` skipped), by id, in one query;
    none, without a query, when no id is given."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {row.id: row for row in await session.scalars(select(model).where(model.id.in_(wanted)))}  # type: ignore[attr-defined]
