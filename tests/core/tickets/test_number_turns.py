"""On PostgreSQL a create takes its tenant's turn for the year's numbers (an advisory lock) in the
statement that bumps the counter and holds it until it commits: a tenant's creates wait in line
and get their numbers in the order they asked, another tenant's do not wait at all."""

from __future__ import annotations

import asyncio
from uuid import UUID

import pytest
from sqlalchemy import text

from core.testing import database_kind
from core.tickets.numbering import next_number, turn_key

pytestmark = pytest.mark.skipif(database_kind() != "postgres", reason="advisory locks are PostgreSQL's")

YEAR = 2031
TRY = text("SELECT pg_try_advisory_xact_lock(:key)")
#: Sessions waiting for an advisory lock, by its key's two halves (as ``pg_locks`` shows a bigint key).
WAITING = text("""SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
                  AND classid::text::bigint = :high AND objid::text::bigint = :low""")


async def free(shouhou_sessions, tenant_id: str) -> bool:
    """Whether another transaction could take the tenant's turn now (it is given back at once)."""
    async with shouhou_sessions() as other, other.begin():
        return await other.scalar(TRY, {"key": turn_key(UUID(tenant_id), YEAR)})


async def waiting(shouhou_sessions, tenant_id: str) -> int:
    unsigned = turn_key(UUID(tenant_id), YEAR) & 0xFFFF_FFFF_FFFF_FFFF
    async with shouhou_sessions() as other:
        return await other.scalar(WAITING, {"high": unsigned >> 32, "low": unsigned & 0xFFFF_FFFF})


async def test_a_create_holds_its_tenants_turn_until_it_commits(tenant_session, shouhou_sessions, tenant_a, tenant_b):
    async with tenant_session(tenant_a.id) as (session, ctx):
        assert await next_number(session, ctx.tenant.id, YEAR) == "SH-2031-000001"
        assert not await free(shouhou_sessions, tenant_a.id), "the tenant's next create waits"
        assert await free(shouhou_sessions, tenant_b.id), "another tenant's does not"
    assert await free(shouhou_sessions, tenant_a.id)


async def test_waiting_creates_get_their_numbers_in_the_order_they_asked(tenant_session, shouhou_sessions, tenant_a):
    async def take() -> str:
        async with tenant_session(tenant_a.id) as (session, ctx):
            return await next_number(session, ctx.tenant.id, YEAR)

    async def queued(count: int) -> None:
        for _ in range(200):
            if await waiting(shouhou_sessions, tenant_a.id) == count:
                return
            await asyncio.sleep(0.01)
        raise AssertionError(f"{count} creates never queued for the turn")

    opening = await take()  # the year's row exists: the first of a year waits on its insert instead
    async with tenant_session(tenant_a.id) as (session, ctx):
        first = await next_number(session, ctx.tenant.id, YEAR)
        second = asyncio.create_task(take())
        await queued(1)
        third = asyncio.create_task(take())
        await queued(2)
    assert [opening, first, await second, await third] == [f"SH-2031-00000{n}" for n in (1, 2, 3, 4)]
