"""Health checks: ``/health`` (the contract's database check), ``/health/live`` (the process
answers) and ``/health/ready`` (this node can serve: database reachable, migrations at head,
a worker alive)."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

import anyio
from litestar import Request, Response, get
from sqlalchemy import text

from core.db.base import utcnow
from core.worker.heartbeat import latest_beat


@get("/health", tags=["health"])
async def health(request: Request) -> Response[dict[str, str]]:
    """``{"status": "ok", "database": "ok"}`` when the database answers, else 503."""
    try:
        async with request.app.state.session_maker() as session:
            await session.execute(text("SELECT 1"))
    except Exception:
        return Response({"status": "degraded", "database": "error"}, status_code=503)
    return Response({"status": "ok", "database": "ok"})


@get("/health/live", tags=["health"])
async def live() -> dict[str, str]:
    """``{"status": "ok"}`` while the process serves requests (no database call: a restart
    would not fix the database)."""
    return {"status": "ok"}


@cache
def migration_heads() -> frozenset[str]:
    """The head revisions of the installed migrations (core line and plugin branches)."""
    from alembic.script import ScriptDirectory

    from core.db.migrate import alembic_config

    return frozenset(ScriptDirectory.from_config(alembic_config("")).get_heads())


@get("/health/ready", tags=["health"])
async def ready(request: Request) -> Response[dict]:
    """200 ``{"status": "ready", "checks": {...}}`` when the database answers, its schema is at
    the installed migrations' heads and a worker started a round recently; otherwise 503
    ``{"status": "not_ready", "checks": {...}, "reasons": [...]}`` naming what failed."""
    settings = request.app.state.settings
    checks = {"database": "ok", "migrations": "ok", "worker": "unknown"}
    reasons: list[str] = []
    heads = await anyio.to_thread.run_sync(migration_heads)
    beat = None
    try:
        async with request.app.state.session_maker() as session:
            applied = set((await session.scalars(text("SELECT version_num FROM alembic_version"))).all())
            if applied == heads:
                beat = await latest_beat(session)
    except Exception as exc:
        checks.update(database="error", migrations="unknown")
        reasons.append(f"database: {type(exc).__name__}")
        return Response({"status": "not_ready", "checks": checks, "reasons": reasons}, status_code=503)
    if applied != heads:
        checks["migrations"] = "behind"
        reasons.append(
            f"migrations: database at {', '.join(sorted(applied)) or 'nothing'}, code expects {', '.join(sorted(heads))}"
        )
    else:
        reasons.extend(_worker_check(checks, beat, timedelta(seconds=settings.heartbeat_max_age)))
    body: dict = {"status": "ready" if not reasons else "not_ready", "checks": checks}
    if beat is not None:
        body["worker_heartbeat_at"] = beat.isoformat()
    if reasons:
        body["reasons"] = reasons
        return Response(body, status_code=503)
    return Response(body)


def _worker_check(checks: dict[str, str], beat: datetime | None, max_age: timedelta) -> list[str]:
    """Set ``checks["worker"]`` from the newest heartbeat; the reasons it is not ok."""
    if beat is None:
        checks["worker"] = "missing"
        return ["worker: no worker has ever started a round"]
    age = utcnow() - beat
    if age > max_age:
        checks["worker"] = "stale"
        return [f"worker: last heartbeat {int(age.total_seconds())} s ago (limit {int(max_age.total_seconds())} s)"]
    checks["worker"] = "ok"
    return []
