"""Per-tenant quotas (issue: tenant lifecycle, item 5): one tenant cannot starve the others. Requests
per minute per node answer 429 with Retry-After past the tenant's limit while its neighbours go on;
the worker runs at most the tenant's quota of its jobs at once; the admin sees limits and use."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import timedelta

from sqlalchemy import delete, update

from core.db.base import utcnow
from core.quotas import RECHECK_SECONDS, WINDOW_SECONDS, RequestWindows, balancer_rate
from core.worker import jobs
from core.worker.models import Job
from tenants.models import Tenant
from tenants.quotas import balancer_map


async def set_quota(sessions, tenant_id: str, **values) -> None:
    async with sessions() as session, session.begin():
        await session.execute(update(Tenant).where(Tenant.id == uuid.UUID(tenant_id))
                              .values(**{f"quota_{k}": v for k, v in values.items()}))


def fresh_window() -> None:
    """Wait for a new minute when this one is about to end (the window is the wall-clock minute)."""
    left = WINDOW_SECONDS - time.time() % WINDOW_SECONDS
    if left < 5:
        time.sleep(left + 0.1)


async def test_a_tenant_past_its_request_quota_gets_429_and_its_neighbour_does_not(make_tenant, tenant_b,
                                                                                    shouhou_sessions):
    tenant = await make_tenant()
    await set_quota(shouhou_sessions, tenant.id, requests_per_minute=5)
    fresh_window()
    answers = [(await tenant.get("/api/v1/customers")).status_code for _ in range(5)]
    assert answers == [200] * 5
    refused = await tenant.get("/api/v1/customers")
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= WINDOW_SECONDS + 1
    assert "quota" in refused.json()["detail"]
    assert (await tenant_b.get("/api/v1/customers")).status_code == 200
    await set_quota(shouhou_sessions, tenant.id, requests_per_minute=600)  # an override raised: within a second
    await asyncio.sleep(RECHECK_SECONDS)
    assert (await tenant.get("/api/v1/customers")).status_code == 200


def test_requests_are_paced_over_the_minute_with_a_seconds_burst():
    """The quota is a pace, not a minute's allowance spent at once: 600 a minute lets 10 through
    at once (a second's worth), then one every 0.1 s; a neighbour is paced on its own."""
    windows, tenant, neighbour, now = RequestWindows(), uuid.uuid4(), uuid.uuid4(), 1_000_000.0
    assert [windows.hit(tenant, 600, now) for _ in range(10)] == [None] * 10
    assert windows.hit(tenant, 600, now) == 1
    assert windows.hit(tenant, 600, now + 0.09) == 1 and windows.hit(tenant, 600, now + 0.1) is None
    assert windows.hit(neighbour, 600, now) is None
    # over a minute, no more than the limit (and its burst) gets through
    allowed = sum(windows.hit(neighbour, 600, now + i * 0.01) is None for i in range(6000))
    assert 600 <= allowed <= 600 + 10


async def test_a_tenant_past_its_quota_costs_no_statement_and_strangers_cannot_use_it_up(
        make_tenant, tenant_b, shouhou_sessions, shouhou_app):
    """Once a checked request of the tenant was refused, its further requests in the next second
    are refused before the credential is looked up: no connection, no statement. A forged token
    naming a tenant counts nothing against that tenant's quota."""
    from tests.core.test_statement_count import statements

    tenant = await make_tenant()
    await set_quota(shouhou_sessions, tenant.id, requests_per_minute=3)
    fresh_window()
    forged = {"Authorization": f"Bearer {uuid.UUID(tenant.id).hex}.not-a-real-secret"}
    for _ in range(5):
        assert (await tenant.client.get("/api/v1/customers", headers=forged)).status_code == 401
    assert [(await tenant.get("/api/v1/customers")).status_code for _ in range(3)] == [200, 200, 200]
    refused_at = time.monotonic()
    assert (await tenant.get("/api/v1/customers")).status_code == 429
    with statements(shouhou_app.state.engine) as sent:
        flood = [await tenant.get("/api/v1/customers") for _ in range(10)]
    elapsed = time.monotonic() - refused_at
    assert {r.status_code for r in flood} == {429}
    assert all(1 <= int(r.headers["Retry-After"]) <= WINDOW_SECONDS + 1 for r in flood)
    # One full check a second at most (none when the flood took under a second, as it should).
    assert sent.count("BEGIN") <= int(elapsed / RECHECK_SECONDS), (elapsed, sent)
    assert (await tenant_b.get("/api/v1/customers")).status_code == 200


async def test_the_admin_sees_the_limits_and_the_use(make_tenant, shouhou_sessions):
    tenant = await make_tenant()
    await set_quota(shouhou_sessions, tenant.id, running_jobs=4)
    fresh_window()
    seen = (await tenant.get("/api/v1/tenant/quotas")).json()
    assert seen["running_jobs"] == {"limit": 4, "own": True, "used": 0}
    assert seen["import_rows"]["own"] is False and seen["import_rows"]["limit"] == 50_000
    assert seen["requests_per_minute"]["used"] == 1  # this very request
    agent = await tenant.add_user("agent")
    assert (await tenant.client.get("/api/v1/tenant/quotas", headers=agent.headers)).status_code == 403


async def test_the_worker_runs_at_most_a_tenants_quota_of_its_jobs_at_once(make_tenant, shouhou_sessions):
    """Three due jobs of a busy tenant and one of a quiet one: with a quota of 2 the third claim
    takes the quiet tenant's job although the busy one's are older; the busy tenant's own quota of
    3 lets its third job run."""
    busy, quiet = await make_tenant(), await make_tenant()
    now = utcnow()
    try:
        await _claim_within_quotas(shouhou_sessions, busy, quiet, now)
    finally:  # no handler runs this kind: a later test draining every due job must not meet them
        async with shouhou_sessions() as session, session.begin():
            await session.execute(delete(Job).where(Job.kind == "test.quota"))


async def _claim_within_quotas(shouhou_sessions, busy, quiet, now) -> None:
    async with shouhou_sessions() as session, session.begin():
        for i, tenant in enumerate((busy, busy, busy, quiet)):
            await jobs.enqueue(session, tenant_id=uuid.UUID(tenant.id), kind="test.quota",
                               dedupe_key=f"quota-{uuid.uuid4()}", payload={},
                               run_at=now - timedelta(days=3650, minutes=10 - i))  # before any other
    claimed = []
    for _ in range(4):
        async with shouhou_sessions() as session, session.begin():
            job = await jobs.claim(session, "w", now, timedelta(minutes=5), max_running=2)
            claimed.append(str(job.tenant_id) if job else None)
    assert claimed[:3] == [busy.id, busy.id, quiet.id]
    assert claimed[3] != busy.id  # the busy tenant waits for one of its two to finish
    await set_quota(shouhou_sessions, busy.id, running_jobs=3)
    async with shouhou_sessions() as session, session.begin():
        job = await jobs.claim(session, "w", now, timedelta(minutes=5), max_running=2)
    assert job is not None and str(job.tenant_id) == busy.id


def test_the_balancer_lets_through_what_the_nodes_pace_together():
    """The balancer's figure a second is the nodes' pace together, burst included: it cuts only a
    flood's surplus, never what the nodes would let through."""
    assert balancer_rate(600, 1) == 10 and balancer_rate(600, 2) == 20
    assert balancer_rate(1200, 2) == 40
    assert balancer_rate(60, 1) == 5  # a small quota's burst (MIN_BURST) is let through at once
    assert balancer_rate(61, 1) == 5 and balancer_rate(6000, 3) == 300


async def test_the_balancer_map_has_the_default_and_each_tenants_own_figure(make_tenant, shouhou_sessions,
                                                                          shouhou_settings):
    own, other = await make_tenant(), await make_tenant()
    await set_quota(shouhou_sessions, own.id, requests_per_minute=3000)
    async with shouhou_sessions() as session, session.begin():
        lines = (await balancer_map(session, shouhou_settings, 2)).splitlines()
    assert lines[0] == f"* {balancer_rate(shouhou_settings.quota_requests_per_minute, 2)}"
    assert f"{uuid.UUID(own.id).hex} 100" in lines
    assert not [line for line in lines if line.startswith(uuid.UUID(other.id).hex)]
