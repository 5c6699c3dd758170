"""Adding a row a unique constraint may refuse (a second report of a week, a second duty on a shift)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import Conflict


async def add_unique(session: AsyncSession, row: Any, conflict: Conflict) -> None:
    """Add ``row`` and write it in a savepoint; when a unique constraint refuses it, raise
    ``conflict`` (409), the rest of the transaction left as it was."""
    session.add(row)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        raise conflict from exc
