"""``GET /metrics``: the Prometheus exposition, optionally behind a bearer token.

The body is this process's registry (or, with ``PROMETHEUS_MULTIPROC_DIR``, every process of the
host summed) followed by the facts every node reads from the shared database at scrape time:
the job queue's depth, lag and failures and the newest worker heartbeat's age. Those are the
same on every node; aggregate them with ``max``, not ``sum``.
"""

from __future__ import annotations

import hmac
import os

import anyio
from litestar import Request, Response, get
from litestar.exceptions import NotAuthorizedException
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Gauge, generate_latest, multiprocess

from core.db.base import utcnow
from core.observability.metrics import PREFIX
from core.worker import jobs
from core.worker.heartbeat import latest_beat


async def metrics_guard(connection, _handler) -> None:
    """With ``SHOUHOU_METRICS_TOKEN`` set, only ``Authorization: Bearer <that token>`` may
    scrape (401 otherwise)."""
    expected = connection.app.state.settings.metrics_token
    if not expected:
        return
    scheme, _, given = connection.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise NotAuthorizedException("a valid metrics token is required")


def process_registry() -> CollectorRegistry:
    """This process's metrics, or every process's on the host in multiprocess mode."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


async def database_registry(session_maker) -> CollectorRegistry:
    """The shared database's view of background work, as gauges of a registry made per scrape;
    ``shouhou_database_up`` is 0 (and the rest left out) when the database does not answer."""
    registry = CollectorRegistry()
    up = Gauge(f"{PREFIX}_database_up", "Whether the database answered this scrape", registry=registry)
    now = utcnow()
    try:
        async with session_maker() as session:
            due, lag, failed = await jobs.queue_stats(session, now)
            beat = await latest_beat(session)
    except Exception:
        up.set(0)
        return registry
    up.set(1)
    Gauge(f"{PREFIX}_jobs_due", "Background jobs due and waiting", registry=registry).set(due)
    Gauge(f"{PREFIX}_jobs_lag_seconds", "How long the oldest due job has waited", registry=registry).set(lag)
    Gauge(f"{PREFIX}_jobs_failed", "Background jobs given up after their last attempt", registry=registry).set(failed)
    age = Gauge(f"{PREFIX}_worker_heartbeat_age_seconds", "Seconds since a worker last started a round",
                registry=registry)
    age.set((now - beat).total_seconds() if beat is not None else float("inf"))
    return registry


@get("/metrics", guards=[metrics_guard], tags=["health"], include_in_schema=False)
async def metrics(request: Request) -> Response[bytes]:
    """Prometheus text exposition (rendering runs in a thread: it is CPU work, and file reads in
    multiprocess mode)."""
    shared = await database_registry(request.app.state.session_maker)
    body = await anyio.to_thread.run_sync(lambda: generate_latest(process_registry()) + generate_latest(shared))
    return Response(body, media_type=CONTENT_TYPE_LATEST)
