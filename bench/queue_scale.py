"""The ticket queue at scale on PostgreSQL: list latency with many tickets in one tenant.

    python -m bench.queue_scale [--tickets 300000] [--rounds 30] [--pg postgresql+asyncpg://postgres@127.0.0.1:5432/postgres]

Makes a fresh PostgreSQL database (migrated; the app connects as the role without BYPASSRLS),
signs one tenant up through the API, then adds ``--tickets`` tickets to it in bulk with SQL
(``INSERT … SELECT generate_series``, as the owner, with the tenant set for row-level security),
and a second tenant with a tenth as many. It then times, in-process (ASGI, no network), the
queue's first page, a page 90 % deep by cursor, the queue filtered by status, and one ticket by
id: the median and the 95th percentile. ``--old-indexes`` swaps the queue indexes for the
ascending ones of migration 0002, to measure the sort they cost. Not a CI test.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

PASSWORD = "correct-horse-battery"
APP_ROLE = "shouhou_app"

#: The bulk tickets' columns and each one's SQL over ``n``, the ticket's serial number (ids and
#: numbers follow ``n``); a caller's ``shape`` replaces some of them (:func:`bulk_tickets`).
TICKET_COLUMNS = {
    "tenant_id": "CAST(:tenant AS uuid)",
    "id": "(lpad(to_hex(n), 8, '0') || '-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid",
    "number": "'B' || n",
    "kind": "'repair'",
    "channel": "'phone'",
    "status": "(ARRAY['new', 'assigned', 'scheduled', 'closed'])[n % 4 + 1]",
    "priority": "(ARRAY['urgent', 'high', 'normal', 'low'])[n % 4 + 1]",
    "priority_rank": "n % 4",
    "subject": "'灯不亮 ' || n",
    "description": "''",
    "customer_id": "CAST(:customer AS uuid)",
    "owner_id": "CAST(:owner AS uuid)",
    "created_by": "CAST(:owner AS uuid)",
    "escalation_level": "0",
    "paused_seconds": "0",
    "created_at": "now() - make_interval(secs => n::double precision)",
}


def bulk_statement(shape: dict[str, str] | None = None) -> str:
    """``INSERT … SELECT … FROM generate_series(:first, :last) AS n`` of :data:`TICKET_COLUMNS`
    with ``shape``'s columns instead."""
    columns = {**TICKET_COLUMNS, **(shape or {})}
    return (f"INSERT INTO tickets ({', '.join(columns)})\nSELECT {', '.join(columns.values())}\n"
            "FROM generate_series(CAST(:first AS integer), CAST(:last AS integer)) AS n")


OLD_INDEXES = (
    "DROP INDEX ix_tickets_queue",
    "DROP INDEX ix_tickets_queue_by_status",
    "CREATE INDEX ix_tickets_tenant_id_priority_rank_id ON tickets (tenant_id, priority_rank, id)",
    "CREATE INDEX ix_tickets_tenant_id_status_priority_rank_id ON tickets (tenant_id, status, priority_rank, id)",
)


def database(pg_url: str):
    """A fresh, migrated PostgreSQL database and its settings (app role without BYPASSRLS)."""
    from core.db.migrate import upgrade
    from core.settings import Settings

    name = f"shouhou_bench_{uuid.uuid4().hex[:8]}"

    async def create() -> None:
        engine = create_async_engine(pg_url, isolation_level="AUTOCOMMIT")
        async with engine.connect() as conn:
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
            if not await conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": APP_ROLE}):
                await conn.execute(text(f'CREATE ROLE "{APP_ROLE}" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB'))
        await engine.dispose()

    asyncio.run(create())
    owner = f"{pg_url.rsplit('/', 1)[0]}/{name}"
    # the tenant's request quota (1,200 a minute by default) would answer a timing loop with 429s
    settings = Settings(env="test", database_url=owner.replace("postgres@", f"{APP_ROLE}@", 1),
                        migration_database_url=owner, secret_key="bench", quota_requests_per_minute=10_000_000)
    upgrade(settings)
    return settings, name


@asynccontextmanager
async def as_tenant(engine: AsyncEngine, tenant_id: str) -> AsyncIterator[AsyncConnection]:
    """A transaction on ``engine`` with the tenant set for row-level security."""
    async with engine.begin() as conn:
        await conn.execute(text("SELECT set_config('shouhou.tenant_id', :t, true)"), {"t": tenant_id})
        yield conn


async def bulk_tickets(owner_url: str, tenant_id: str, customer_id: str, owner_id: str, count: int,
                       offset: int, shape: dict[str, str] | None = None, params: dict | None = None) -> None:
    """``count`` tickets for the tenant, in batches of 50,000 (``shape`` and its ``params``: see
    :func:`bulk_statement`)."""
    engine = create_async_engine(owner_url)
    for first in range(offset + 1, offset + count + 1, 50_000):
        async with as_tenant(engine, tenant_id) as conn:
            await conn.execute(text(bulk_statement(shape)), {
                "tenant": tenant_id, "customer": customer_id, "owner": owner_id, "first": first,
                "last": min(first + 49_999, offset + count), **(params or {})})
    await engine.dispose()


async def prepare(owner_url: str, old_indexes: bool, tables: tuple[str, ...] = ("tickets",)) -> None:
    """Swap in the old indexes when asked, then ``VACUUM ANALYZE`` the tables (as autovacuum
    would have by then: statistics and the visibility map for index-only scans)."""
    engine = create_async_engine(owner_url)
    async with engine.begin() as conn:
        for statement in OLD_INDEXES if old_indexes else ():
            await conn.execute(text(statement))
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        for table in tables:
            await conn.execute(text(f"VACUUM ANALYZE {table}"))
    await engine.dispose()


async def signup(client, password: str = PASSWORD) -> tuple[str, str, str, dict]:
    """A new tenant signed up through the API: its id, slug, its admin's id and the admin's
    bearer headers (the admin is ``admin@{slug}.test``)."""
    slug = f"bench-{uuid.uuid4().hex[:8]}"
    created = (await client.post("/api/v1/signup", json={
        "company_name": f"压测 {slug}", "slug": slug, "admin_email": f"admin@{slug}.test",
        "admin_password": password, "province": "320000"})).json()
    token = (await client.post("/api/v1/auth/login", json={
        "tenant": slug, "email": f"admin@{slug}.test", "password": password})).json()["access_token"]
    return created["tenant"]["id"], slug, created["user"]["id"], {"Authorization": f"Bearer {token}"}


def drop_database(pg_url: str, name: str) -> None:
    """Drop the benchmark's database (its connections closed first)."""
    async def drop() -> None:
        engine = create_async_engine(pg_url, isolation_level="AUTOCOMMIT")
        async with engine.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await engine.dispose()

    asyncio.run(drop())


async def timed(client, url: str, headers: dict, rounds: int) -> tuple[float, float]:
    """Median and 95th percentile in milliseconds of ``rounds`` GETs of ``url`` (one warm-up)."""
    assert (await client.get(url, headers=headers)).status_code == 200, url
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = await client.get(url, headers=headers)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.text
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


async def run(settings, tickets: int, rounds: int, old_indexes: bool) -> None:
    from litestar.testing import AsyncTestClient

    from core.app import create_app
    from core.defaults import build_plugin_manager

    app = create_app(settings, build_plugin_manager())
    async with AsyncTestClient(app=app) as client:
        tenants = []
        for share in (tickets, tickets // 10):
            tenant_id, _slug, user_id, headers = await signup(client)
            customer = (await client.post("/api/v1/customers", headers=headers, json={
                "name": "王先生", "phone": "13800138000", "province": "320000"})).json()
            tenants.append((tenant_id, customer["id"], user_id, headers, share))
        offset = 0
        for tenant_id, customer_id, owner_id, _headers, share in tenants:
            started = time.perf_counter()
            await bulk_tickets(settings.owner_url, tenant_id, customer_id, owner_id, share, offset)
            offset += share
            print(f"loaded {share:,} tickets in {time.perf_counter() - started:.1f} s")
        await prepare(settings.owner_url, old_indexes)
        headers = tenants[0][3]
        page = (await client.get("/api/v1/tickets?limit=50", headers=headers)).json()
        cursor, walked = page["next_cursor"], 50
        while cursor and walked < tickets * 9 // 10:
            page = (await client.get(f"/api/v1/tickets?limit=200&cursor={cursor}", headers=headers)).json()
            cursor, walked = page["next_cursor"], walked + 200
        ticket_id = page["items"][0]["id"]
        cases = {
            "queue, first page (limit 50)": "/api/v1/tickets?limit=50",
            f"queue, cursor at {walked:,} (limit 50)": f"/api/v1/tickets?limit=50&cursor={cursor}",
            "queue, status=new (limit 50)": "/api/v1/tickets?limit=50&status=new",
            "ticket by id": f"/api/v1/tickets/{ticket_id}",
        }
        print(f"\n{tickets:,} tickets in the tenant, {'old' if old_indexes else 'queue'} indexes\n")
        print("| request | median ms | p95 ms |\n| --- | ---: | ---: |")
        for name, url in cases.items():
            median, p95 = await timed(client, url, headers, rounds)
            print(f"| {name} | {median:.1f} | {p95:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=300_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--pg", default="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--old-indexes", action="store_true", help="measure with migration 0002's ascending indexes")
    args = parser.parse_args()
    logging.disable(logging.INFO)
    settings, name = database(args.pg)
    try:
        asyncio.run(run(settings, args.tickets, args.rounds, args.old_indexes))
    finally:
        drop_database(args.pg, name)

if __name__ == "__main__":
    main()
