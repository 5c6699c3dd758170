"""``/health`` keeps its contract; ``/health/live`` and ``/health/ready`` say what operators need:
ready is 503 with reasons when the database is unreachable, migrations are behind or no worker
has beaten recently."""

from __future__ import annotations

from datetime import timedelta

import anyio
import msgspec
from litestar.testing import AsyncTestClient
from sqlalchemy import delete

from core.app import create_app
from core.db.base import utcnow
from core.db.migrate import upgrade
from core.settings import Settings
from core.worker.heartbeat import beat
from core.worker.models import WorkerHeartbeat
from core.worker.runner import run_once


async def forget_heartbeats(sessions) -> None:
    async with sessions() as session, session.begin():
        await session.execute(delete(WorkerHeartbeat))


async def test_health_keeps_its_contract_and_live_needs_nothing(client):
    assert (await client.get("/health")).json() == {"status": "ok", "database": "ok"}
    response = await client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready_follows_the_worker_heartbeat(client, shouhou_sessions, shouhou_plugins):
    await forget_heartbeats(shouhou_sessions)
    response = await client.get("/health/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not_ready"
    assert body["checks"] == {"database": "ok", "migrations": "ok", "worker": "missing"}
    assert any(reason.startswith("worker:") for reason in body["reasons"])

    await run_once(shouhou_sessions, shouhou_plugins, "test-worker", 60, max_jobs=0)
    response = await client.get("/health/ready")
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "ready"
    assert response.json()["checks"] == {"database": "ok", "migrations": "ok", "worker": "ok"}

    await forget_heartbeats(shouhou_sessions)
    await beat(shouhou_sessions, "old-worker", utcnow() - timedelta(hours=1))
    response = await client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "stale"
    assert "limit 300 s" in response.json()["reasons"][0]


async def test_ready_is_503_when_migrations_are_behind(tmp_path, shouhou_plugins):
    settings = Settings(env="test", database_url=f"sqlite+aiosqlite:///{tmp_path}/old.db", secret_key="k")
    await anyio.to_thread.run_sync(upgrade, settings, "0012_rebates")
    async with AsyncTestClient(app=create_app(settings, shouhou_plugins)) as client:
        response = await client.get("/health/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["migrations"] == "behind"
    assert "database at 0012_rebates, code expects" in " ".join(body["reasons"])


async def test_ready_and_health_are_503_when_the_database_is_unreachable(shouhou_settings, shouhou_plugins):
    unreachable = (
        "postgresql+asyncpg://nobody@127.0.0.1:1/none" if shouhou_settings.is_postgres
        else "sqlite+aiosqlite:////nonexistent-folder/shouhou.db"
    )
    app = create_app(msgspec.structs.replace(shouhou_settings, database_url=unreachable), shouhou_plugins)
    async with AsyncTestClient(app=app) as client:
        ready = await client.get("/health/ready")
        health = await client.get("/health")
        live = await client.get("/health/live")
        metrics = await client.get("/metrics")
    assert metrics.status_code == 200
    assert "shouhou_database_up 0.0" in metrics.text
    assert ready.status_code == 503
    assert ready.json()["checks"]["database"] == "error"
    assert health.status_code == 503
    assert live.status_code == 200
