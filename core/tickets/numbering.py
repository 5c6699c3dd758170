"""Human ticket numbers ``SH-2026-000123``: sequential per tenant and year.

The counter row is bumped with one ``UPDATE … RETURNING``: concurrent creates of a tenant wait
for each other's commit, on SQLite for the database write lock, on PostgreSQL for their turn (an
advisory lock taken in the same statement, :data:`_BUMP_IN_TURN`) and then the row lock. The first
ticket of a year inserts the row with ``ON CONFLICT DO NOTHING`` (a concurrent first insert waits
on the unique key) and bumps it.

Why a turn on PostgreSQL: a row lock is not a queue. A create waiting for it wakes when the
holder commits and must then find the row's new version, and a create arriving in that moment
can take the new version first: with 16 creates at once the slowest waited five times as long as
the median (p50 40–50 ms, p99 210–390 ms). Advisory locks wait in line, so each create waits about
as long as the others (p99 72–116 ms, at the same throughput); ``bench/README.md``.
"""

from __future__ import annotations

from functools import lru_cache
from uuid import UUID

from sqlalchemy import BigInteger, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.advisory import advisory_key
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
#: The tenant whose turn for the year (:func:`turn_key`) is taken, once the advisory lock is held,
#: which is to the end of the transaction.
_TURN = select(
    bindparam("tenant", type_=_COUNTERS.c.tenant_id.type).label("tenant_id"),
    func.pg_advisory_xact_lock(bindparam("turn", type_=BigInteger)).is_not(None).label("taken"),
).cte("turn")
#: The bump on PostgreSQL, in turn: the counter's row comes out of a join with :data:`_TURN` on the
#: tenant, so the lock is held before the row is locked; one round trip. A volatile function in a
#: common table expression rather than in the ``UPDATE`` itself is also the form Citus accepts (it
#: evaluates the expression on the coordinator, docs/operations/citus.md).
_BUMP_IN_TURN = _BUMP.where(_TURN.c.taken, _COUNTERS.c.tenant_id == _TURN.c.tenant_id)


@lru_cache(maxsize=4096)
def turn_key(tenant_id: UUID, year: int) -> int:
    """The advisory lock that orders a tenant's creates in ``year``."""
    return advisory_key("ticket-number", tenant_id, year)


async def _bump(session: AsyncSession, year: int) -> int | None:
    tenant = current_tenant(session.sync_session)
    if session.bind.dialect.name == "postgresql":
        parameters = {"tenant": tenant, "of_year": year, "turn": turn_key(tenant, year)}
        return (await session.execute(_BUMP_IN_TURN, parameters)).scalar_one_or_none()
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
