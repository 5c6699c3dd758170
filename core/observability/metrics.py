"""The process's Prometheus metrics.

Request latency comes from Litestar's Prometheus middleware, labelled with the route template
(``/api/v1/tickets/{ticket_id}``), never the raw path. Everything here is labelled with
bounded values only (job kinds, channels, deadline names); tenant ids never become label values
unless the operator opts in (``SHOUHOU_METRICS_TENANT_LABEL``, :data:`TENANT_REQUESTS`).

With ``PROMETHEUS_MULTIPROC_DIR`` set (several server or worker processes on one host),
prometheus-client writes these to files in that folder and ``/metrics`` sums them over the
processes; gauges say how (``multiprocess_mode``).
"""

from __future__ import annotations

from litestar.plugins.prometheus import PrometheusConfig
from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

PREFIX = "shouhou"

DB_POOL_CHECKED_OUT = Gauge(
    f"{PREFIX}_db_pool_checked_out", "Database connections in use", multiprocess_mode="livesum"
)
DB_POOL_SIZE = Gauge(
    f"{PREFIX}_db_pool_size", "Connections the pools keep open (overflow may add more)", multiprocess_mode="livesum"
)
JOBS_RUN = Counter(f"{PREFIX}_jobs_run_total", "Background jobs run, by kind and outcome", ["kind", "outcome"])
JOB_SECONDS = Histogram(f"{PREFIX}_job_duration_seconds", "Time a background job ran, by kind", ["kind"])
SLA_BREACHES = Counter(f"{PREFIX}_sla_breaches_total", "SLA deadlines found missed by the sweep")
SLA_ESCALATIONS = Counter(f"{PREFIX}_sla_escalations_total", "Escalation steps taken by the SLA sweep")
PLUGIN_REACTION_FAILURES = Counter(
    f"{PREFIX}_plugin_reaction_failures_total", "Plugin hooks that raised and were rolled back alone, by plugin and hook",
    ["plugin", "hook"],
)
WEBHOOK_FAILURES = Counter(
    f"{PREFIX}_webhook_failures_total", "Outgoing webhook deliveries that failed, by event", ["event"]
)
NOTIFICATION_FAILURES = Counter(
    f"{PREFIX}_notification_failures_total", "Notifications (SMS, e-mail, letters) that failed, by channel",
    ["channel"],
)
TENANT_REQUESTS = Counter(
    f"{PREFIX}_tenant_requests_total", "Authenticated requests by tenant (only when the operator opts in)",
    ["tenant"],
)


def prometheus_config() -> PrometheusConfig:
    """Litestar's request metrics: count, latency histogram, errors and requests in progress by
    method, route template and status."""
    return PrometheusConfig(
        app_name=PREFIX, prefix=PREFIX, group_path=True,
        exclude=["^/metrics$", "^/health"],
    )


def instrument_pool(engine: AsyncEngine) -> None:
    """Count the engine's connections in use (checkout/checkin events) and its pool size."""
    DB_POOL_SIZE.inc(_pool_size(engine))
    event.listen(engine.sync_engine, "checkout", _checked_out)
    event.listen(engine.sync_engine, "checkin", _checked_in)


def release_pool(engine: AsyncEngine) -> None:
    """Undo :func:`instrument_pool` when the engine is disposed."""
    DB_POOL_SIZE.dec(_pool_size(engine))
    event.remove(engine.sync_engine, "checkout", _checked_out)
    event.remove(engine.sync_engine, "checkin", _checked_in)


def _pool_size(engine: AsyncEngine) -> int:
    size = getattr(engine.sync_engine.pool, "size", None)
    return size() if callable(size) else 0


def _checked_out(_dbapi_connection, _record, _proxy) -> None:
    DB_POOL_CHECKED_OUT.inc()


def _checked_in(_dbapi_connection, _record) -> None:
    DB_POOL_CHECKED_OUT.dec()
