"""Backups and restores, drilled on a small database of the kind under test (SQLite file or
PostgreSQL database): the demo tenants plus tickets written while the backup runs."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from core.lifecycle.backup import backup, drop_database, restore, sqlite_path
from core.lifecycle.fingerprint import differences, fingerprint
from core.testing import discard_database, fresh_settings
from deploy.restore_drill import drill, scratch_url
from tenants.demo import DEMO_PASSWORD, load_demo

SLUG = "mingliang"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """A new database holding the demo tenants."""
    settings = fresh_settings(tmp_path_factory.mktemp("demo"))
    asyncio.run(load_demo(settings))
    yield settings
    discard_database(settings)


@pytest.fixture
async def demo_client(demo_db, shouhou_plugins):
    """The app on the demo database, logged in as the lighting demo tenant's admin."""
    from litestar.testing import AsyncTestClient

    from core.app import create_app

    async with AsyncTestClient(app=create_app(demo_db, shouhou_plugins)) as client:
        login = await client.post("/api/v1/auth/login", json={
            "tenant": SLUG, "email": f"admin@{SLUG}.example.com", "password": DEMO_PASSWORD})
        client.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
        yield client


async def scalar(url: str, sql: str) -> int:
    """One number, read as the owner (the test PostgreSQL owner is a superuser: no row security)."""
    engine = create_async_engine(url)
    async with engine.connect() as conn:
        value = await conn.scalar(text(sql))
    await engine.dispose()
    return value


def discard(url: str) -> None:
    if sqlite_path(url) is None:
        drop_database(make_url(url))


async def test_backup_taken_while_the_app_writes_is_consistent_and_restores_into_a_new_database(
    demo_db, demo_client, tmp_path
):
    customer = (await demo_client.get("/api/v1/customers")).json()["items"][0]

    async def write(n: int) -> None:
        for i in range(n):
            created = await demo_client.post("/api/v1/tickets", json={
                "kind": "repair", "channel": "phone", "customer_id": customer["id"], "subject": f"灯不亮 {i}"})
            assert created.status_code == 201, created.text

    await write(3)
    writer = asyncio.create_task(write(12))
    made = await asyncio.to_thread(backup, demo_db.owner_url, tmp_path / "shouhou.backup")
    await writer
    assert made.size_bytes > 0
    with pytest.raises(FileExistsError):
        backup(demo_db.owner_url, made.path)

    target = scratch_url(demo_db.owner_url, tmp_path)
    await asyncio.to_thread(restore, made.path, target)
    try:
        tickets = await scalar(target, "SELECT count(*) FROM tickets")
        assert 3 <= tickets <= 15
        # one snapshot: every ticket in the copy has its history, and no history lacks its ticket
        assert await scalar(target, "SELECT count(*) FROM ticket_events WHERE action = 'created'") == tickets
        assert await scalar(target, "SELECT count(*) FROM tenants") == 5
        with pytest.raises(FileExistsError):
            await asyncio.to_thread(restore, made.path, target)
    finally:
        await asyncio.to_thread(discard, target)
    assert await scalar(demo_db.owner_url, "SELECT count(*) FROM tickets") == 15


async def test_restore_drill_compares_every_table_per_tenant(demo_db, tmp_path):
    report = await drill(demo_db.owner_url, tmp_path / "drill", keep=True)
    assert report.differences == [], report.differences
    assert report.tenants == 5 and report.rows > 50
    assert report.tables >= 50  # every table of the catalog, plugin tables included
    copy = report.restored_to
    try:
        # the comparison is not blind: one changed customer name is found, with its tenant and table
        engine = create_async_engine(copy)
        async with engine.begin() as conn:
            await conn.execute(text("UPDATE customers SET name = 'changed' WHERE name = '王女士'"))
        await engine.dispose()
        found = differences(await fingerprint(demo_db.owner_url), await fingerprint(copy))
        assert len(found) == 1 and " customers: " in found[0] and "content differs" in found[0]
    finally:
        await asyncio.to_thread(discard, copy)
