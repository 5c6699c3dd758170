"""Human ticket numbers ``SH-2026-000123``: sequential per tenant and year.

The counter row is bumped with one ``UPDATE … RETURNING``: on PostgreSQL the row lock makes
concurrent creates of a tenant wait for each other's commit, on SQLite the database write lock
does. The first ticket of a year inserts the row with ``ON CONFLICT DO NOTHING`` (a concurrent
first insert waits on the unique key) and bumps it.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import bindparam, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import new_id, utcnow
from core.db.tenancy import current_tenant
from core.tickets.models import TicketCounter

PREFIX = "SH"


def format_number(year: int, value: int) -> str:
    return f"{PREFIX}-{year}-{value:06d}"


_COUNTERS = TicketCounter.__table__
#: The bump, built once (building it cost more than running it) on the table, not the entity: the
#: ORM's bulk-update path cost more than the statement too. The tenant and the year are bound per
#: call: the session's own tenant, as the session would add it (on PostgreSQL row-level security
#: checks it as well).
_BUMP = (
    update(_COUNTERS)
    .where(_COUNTERS.c.tenant_id == bindparam("tenant"), _COUNTERS.c.year == bindparam("of_year"))
    .values(last=_COUNTERS.c.last + 1)
    .returning(_COUNTERS.c.last)
)


async def _bump(session: AsyncSession, year: int) -> int | None:
    tenant = current_tenant(session.sync_session)
    return (await session.execute(_BUMP, {"tenant": tenant, "of_year": year})).scalar_one_or_none()


async def next_number(session: AsyncSession, tenant_id: UUID, year: int) -> str:
    """The next number of the tenant in ``year``, inside the caller's transaction."""
    value = await _bump(session, year)
    if value is None:
        insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
        await session.execute(
            insert(TicketCounter)
            .values(tenant_id=tenant_id, id=new_id(), year=year, last=0, created_at=utcnow())
            .on_conflict_do_nothing(index_elements=["tenant_id", "year"])
        )
        value = await _bump(session, year)
    return format_number(year, value)
