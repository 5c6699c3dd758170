"""A database that goes away is 503 with ``Retry-After``, nothing is half-written, and the service
recovers by itself when the database returns.

PostgreSQL: the app role loses CONNECT on the test database and its backends are terminated (the
pool's connections die as in a restart). SQLite: the database's folder is moved away, so the file
cannot be opened, and the pool drops its open connections as a restarted process would have none.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from core.testing import APP_ROLE, PG_ADMIN_URL, database_kind
from tests.web.helpers import csrf_of


class PostgresOutage:
    """CONNECT revoked from the app role on the test database, its sessions terminated."""

    def __init__(self, settings):
        self.database = settings.owner_url.rsplit("/", 1)[1]
        self.admin = create_async_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")

    async def start(self, _app) -> None:
        async with self.admin.connect() as conn:
            await conn.execute(text(f'REVOKE CONNECT ON DATABASE "{self.database}" FROM PUBLIC, "{APP_ROLE}"'))
            await conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                    "WHERE datname = :db AND usename = :role"), {"db": self.database, "role": APP_ROLE})

    async def end(self) -> None:
        async with self.admin.connect() as conn:
            await conn.execute(text(f'GRANT CONNECT ON DATABASE "{self.database}" TO PUBLIC'))
        await self.admin.dispose()


class SqliteOutage:
    """The database's folder moved away; the app's pool emptied."""

    def __init__(self, settings):
        self.folder = Path(settings.database_url.split("///", 1)[1]).parent
        self.away = self.folder.with_name(self.folder.name + "-away")

    async def start(self, app) -> None:
        self.folder.rename(self.away)
        await app.state.engine.dispose()

    async def end(self) -> None:
        self.away.rename(self.folder)


def outage(settings):
    return PostgresOutage(settings) if database_kind() == "postgres" else SqliteOutage(settings)


async def test_database_down_is_503_then_recovers_with_nothing_half_written(tenant_a, shouhou_app, shouhou_settings,
                                                                             shouhou_sessions):
    before = await tenant_a.get("/api/v1/customers")
    assert before.status_code == 200, before.text
    login_page = await tenant_a.client.get("/login")
    assert login_page.status_code == 200
    down = outage(shouhou_settings)
    await down.start(shouhou_app)
    try:
        for answer in (
            await tenant_a.post("/api/v1/customers", json={"name": "停机客户"}),
            await tenant_a.get("/api/v1/customers"),
            await tenant_a.client.post("/api/v1/auth/login", json={"tenant": tenant_a.slug, "email": "x@y.test",
                                                                    "password": "correct-horse-battery"}),
        ):
            assert answer.status_code == 503, answer.text
            assert answer.headers["Retry-After"] == "1"
            assert answer.json() == {"status_code": 503, "detail": "the service is temporarily unavailable, retry shortly",
                                     "errors": []}
        page = await tenant_a.client.post("/login", data={
            "_csrf_token": csrf_of(login_page.text), "tenant": tenant_a.slug, "email": tenant_a.admin_email,
            "password": "correct-horse-battery"})
        assert page.status_code == 503 and page.headers["Retry-After"] == "1", page.text
        assert "text/html" in page.headers["content-type"] and "没有保存任何内容" in page.text  # "nothing was saved"
    finally:
        await down.end()
        # The outage also ended the pooled connections of the tests' own engine: start it afresh.
        await shouhou_sessions.kw["bind"].dispose()
    returned = time.monotonic()
    while (answer := await tenant_a.get("/api/v1/customers")).status_code != 200:
        assert answer.status_code == 503, answer.text
        assert time.monotonic() - returned < 5, "the service did not recover within 5 s"
        await asyncio.sleep(0.01)
    names = [customer["name"] for customer in answer.json()["items"]]
    assert "停机客户" not in names
    assert answer.json()["items"] == before.json()["items"]
    created = await tenant_a.post("/api/v1/customers", json={"name": "恢复客户"})
    assert created.status_code == 201, created.text
