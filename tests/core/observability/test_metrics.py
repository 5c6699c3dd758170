"""``/metrics``: request latency by route template, the shared queue's depth and lag, no tenant
data unless the operator opts in, a bearer token when one is set, and several processes of one
host summed in multiprocess mode."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from uuid import UUID

from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import delete

from core.db.base import utcnow
from core.tickets.sla_sweep import sweep_sla
from core.worker import jobs
from core.worker.models import Job
from tests.core.observability.conftest import app_client, open_ticket
from tests.core.tickets.conftest import make_desk


def samples(text: str) -> dict[str, list]:
    """Samples of the exposition by metric sample name."""
    out: dict[str, list] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out.setdefault(sample.name, []).append(sample)
    return out


async def test_latency_is_labelled_by_route_template_and_never_by_tenant(client, tenant_a):
    ticket = await open_ticket(tenant_a)
    assert (await tenant_a.get(f"/api/v1/tickets/{ticket['id']}")).status_code == 200
    body = (await client.get("/metrics")).text
    latency = samples(body)["shouhou_request_duration_seconds_count"]
    paths = {s.labels["path"] for s in latency}
    assert "/api/v1/tickets/{ticket_id}" in paths
    assert not any(ticket["id"] in path for path in paths)
    for secret in (tenant_a.id, UUID(tenant_a.id).hex, tenant_a.slug, ticket["id"]):
        assert secret not in body


async def test_tenant_label_only_when_the_operator_opts_in(shouhou_settings, shouhou_plugins, tenant_a):
    async with app_client(shouhou_settings, shouhou_plugins, metrics_tenant_label=True) as client:
        assert (await client.get("/api/v1/tickets", headers=tenant_a.headers)).status_code == 200
        body = (await client.get("/metrics")).text
    counted = {s.labels["tenant"]: s.value for s in samples(body)["shouhou_tenant_requests_total"]}
    assert counted[tenant_a.id] >= 1


async def test_metrics_token_protects_the_endpoint(shouhou_settings, shouhou_plugins):
    async with app_client(shouhou_settings, shouhou_plugins, metrics_token="scrape-secret-0123") as client:
        assert (await client.get("/metrics")).status_code == 401
        assert (await client.get("/metrics", headers={"Authorization": "Bearer wrong"})).status_code == 401
        response = await client.get("/metrics", headers={"Authorization": "Bearer scrape-secret-0123"})
    assert response.status_code == 200
    assert "shouhou_jobs_due" in response.text


async def test_queue_depth_and_lag_come_from_the_shared_database(client, tenant_a, shouhou_sessions):
    now = utcnow()
    key = f"test.metrics:{tenant_a.id}"
    async with shouhou_sessions() as session, session.begin():
        await jobs.enqueue(session, tenant_id=UUID(tenant_a.id), kind="test.metrics", dedupe_key=key, payload={},
                           run_at=now - timedelta(hours=2))
    try:
        found = samples((await client.get("/metrics")).text)
    finally:
        async with shouhou_sessions() as session, session.begin():
            await session.execute(delete(Job).where(Job.dedupe_key == key))
    assert found["shouhou_jobs_due"][0].value >= 1
    assert found["shouhou_jobs_lag_seconds"][0].value >= 2 * 3600
    assert "shouhou_jobs_failed" in found
    assert "shouhou_worker_heartbeat_age_seconds" in found
    assert found["shouhou_db_pool_size"][0].value >= 1


MULTIPROCESS_CHILD = """
from core.observability.metrics import SLA_BREACHES
SLA_BREACHES.inc({n})
"""
MULTIPROCESS_SCRAPE = """
from prometheus_client import generate_latest
from core.prometheus import process_registry
print(generate_latest(process_registry()).decode())
"""


def test_multiprocess_mode_sums_the_processes_of_a_host(tmp_path):
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for n in (2, 3):
        subprocess.run([sys.executable, "-c", MULTIPROCESS_CHILD.format(n=n)], env=env, check=True, timeout=60)
    scraped = subprocess.run([sys.executable, "-c", MULTIPROCESS_SCRAPE], env=env, check=True, timeout=60,
                             capture_output=True, text=True).stdout
    assert samples(scraped)["shouhou_sla_breaches_total"][0].value == 5


async def test_sla_breaches_and_escalations_are_counted(client, shouhou_sessions, shouhou_plugins):
    def counted() -> tuple[float, float]:
        return (REGISTRY.get_sample_value("shouhou_sla_breaches_total"),
                REGISTRY.get_sample_value("shouhou_sla_escalations_total"))

    desk = await make_desk(client)
    ticket = await desk.open()
    breaches, escalations = counted()
    respond_by = datetime.fromisoformat(ticket["sla"]["respond_by"])
    await sweep_sla(shouhou_sessions, respond_by + timedelta(minutes=1), plugins=shouhou_plugins)
    after = counted()
    assert after[0] >= breaches + 1 and after[1] >= escalations + 1
    assert samples((await client.get("/metrics")).text)["shouhou_sla_breaches_total"][0].value == after[0]
