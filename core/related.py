"""Reading the rows that belong to other rows (a ticket's events, a visit's findings, a
customer's latest complaints) in one query."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute


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
