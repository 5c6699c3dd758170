"""Tenancy through a transaction pooler (issue: scale-out, item 2): with pgbouncer in
``pool_mode = transaction`` consecutive transactions of one client connection may run on
different server connections, and a server connection serves many tenants in turn. The tenant
setting is per transaction (``set_config(…, true)``), so nothing of one transaction's tenant
reaches the next. Run by ``.ci/pgbouncer-tests`` (from ``make test``), which starts pgbouncer and
points the app's connection at it with ``SHOUHOU_TEST_PG_POOLER``."""

from __future__ import annotations

import asyncio
import os
import subprocess

import asyncpg
import httpx
import pytest

from core.testing import database_kind

pytestmark = pytest.mark.skipif(
    database_kind() != "postgres" or not os.environ.get("SHOUHOU_TEST_PG_POOLER"),
    reason="needs the app connected through pgbouncer (.ci/pgbouncer-tests)",
)


def app_dsn(settings) -> str:
    return settings.database_url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def test_the_app_connects_through_the_pooler_in_transaction_mode(shouhou_settings):
    """The app's connection goes to the pooler (with the pooler's engine options), and the pooler
    hands out server connections per transaction (its own console says so)."""
    pooler = os.environ["SHOUHOU_TEST_PG_POOLER"]
    assert pooler in shouhou_settings.database_url and shouhou_settings.database_transaction_pooler
    host, port = pooler.rsplit(":", 1)
    # The admin console speaks the simple query protocol only: ask it with psql.
    shown = subprocess.run(["psql", "-h", host, "-p", port, "-U", "postgres", "-d", "pgbouncer", "-AtF", "=",
                            "-c", "SHOW CONFIG"], capture_output=True, text=True, check=True).stdout
    config = dict(line.split("=", 2)[:2] for line in shown.splitlines() if "=" in line)
    assert config["pool_mode"] == "transaction"


async def test_a_tenant_setting_never_outlives_its_transaction_on_a_shared_server_connection(
        shouhou_settings, tenant_a):
    """One client: a transaction sets tenant A and sees A's customer; the next transaction on the
    same client connection, without a tenant, sees nothing (row security with no tenant)."""
    await tenant_a.customer(name="池化客户")
    conn = await asyncpg.connect(app_dsn(shouhou_settings), statement_cache_size=0)
    try:
        async with conn.transaction():
            await conn.execute("SELECT set_config('shouhou.tenant_id', $1, true)", tenant_a.id)
            assert await conn.fetchval("SELECT count(*) FROM customers") >= 1
        async with conn.transaction():
            assert await conn.fetchval("SELECT count(*) FROM customers") == 0
    finally:
        await conn.close()


async def test_concurrent_requests_of_two_tenants_see_only_their_own_rows(tenant_a, tenant_b, live_server):
    """Forty interleaved list requests of two tenants at once, served by uvicorn (the test client
    would run them one at a time), share the pooler's server connections; each answer holds only
    its own tenant's customers."""
    mine = {"a": (await tenant_a.customer(name="甲公司客户"))["id"], "b": (await tenant_b.customer(name="乙公司客户"))["id"]}

    async def listing(http, handle, who):
        answer = await http.get("/api/v1/customers", params={"limit": 100}, headers=handle.headers)
        assert answer.status_code == 200, answer.text
        return who, {c["id"] for c in answer.json()["items"]}

    async with httpx.AsyncClient(base_url=live_server, timeout=60) as http:
        results = await asyncio.gather(*(listing(http, tenant_a if i % 2 else tenant_b, "a" if i % 2 else "b")
                                         for i in range(40)))
    for who, ids in results:
        other = mine["b" if who == "a" else "a"]
        assert mine[who] in ids and other not in ids
