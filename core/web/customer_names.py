"""The customers a console page names: the rows show a customer's name in place of its id, and a
form opened from a customer's page is for that customer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from core.customers import queries as customers_q


async def customer_names(db: AsyncSession, ids: Iterable[UUID | None]) -> dict[UUID, str]:
    """The names of the customers ``ids`` name, in one query."""
    return {i: c.name for i, c in (await customers_q.customers_by_id(db, ids)).items()}


async def listed_customers(db: AsyncSession, ids: Iterable[UUID], chosen: UUID | None) -> tuple[dict[UUID, str], Any]:
    """The names of the customers a list names (``ids``) and the customer its form is for
    (``chosen``, else ``None``), read in one query."""
    found = await customers_q.customers_by_id(db, {*ids, chosen})
    return {i: c.name for i, c in found.items()}, found.get(chosen) if chosen else None
