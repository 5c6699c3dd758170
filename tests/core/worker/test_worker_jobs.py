"""DESIGN "Background work": durable jobs with a unique dedupe key and a lease; each job runs in
its own transaction with its own tenant; a killed worker's job runs again, idempotently."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from sqlalchemy import select

from core.db.base import utcnow
from core.worker import jobs
from core.worker.models import Job
from core.worker.runner import claim_one, drain, enqueue_periodic, run_job


async def tenant_jobs(session_maker, tenant_id: str) -> list[Job]:
    async with session_maker() as session:
        return list((await session.scalars(select(Job).where(Job.tenant_id == UUID(tenant_id)))).all())


async def count_revisits(tenant, customer) -> int:
    return len((await tenant.get(f"/api/v1/revisits?customer_id={customer['id']}")).json()["items"])


async def test_periodic_sweeps_are_enqueued_once_per_period(shouhou_sessions, shouhou_plugins, project_tenant):
    tenant, _customer = await project_tenant()
    maker = shouhou_sessions
    now = utcnow()
    await enqueue_periodic(maker, now, 60)
    await enqueue_periodic(maker, now + timedelta(seconds=5), 60)
    found = await tenant_jobs(maker, tenant.id)
    assert [j.kind for j in found] == ["revisits.cadence"]
    assert found[0].payload["date"]


async def test_due_jobs_run_once_with_their_tenant(shouhou_sessions, shouhou_plugins, project_tenant):
    tenant, customer = await project_tenant()
    other, other_customer = await project_tenant()
    maker, plugins = shouhou_sessions, shouhou_plugins
    await enqueue_periodic(maker, utcnow(), 60)
    ran = await drain(maker, plugins, "test-worker")
    mine = {r.tenant_id for r in ran}
    assert {tenant.id, other.id} <= mine
    assert all(r.ok for r in ran)
    assert await count_revisits(tenant, customer) == 1
    assert await count_revisits(other, other_customer) == 1
    [job] = await tenant_jobs(maker, tenant.id)
    assert job.done_at is not None and job.attempts == 1 and job.lease_until is None
    assert await drain(maker, plugins, "test-worker") == []


async def test_a_killed_workers_job_runs_again_after_its_lease(shouhou_sessions, shouhou_plugins, project_tenant):
    """A worker claims a job and dies: nobody else may take it while the lease lasts; after it,
    another worker runs it; the dead worker, were it to come back, commits nothing."""
    tenant, customer = await project_tenant()
    maker, plugins = shouhou_sessions, shouhou_plugins
    await drain(maker, plugins, "sweeper")  # clear earlier tests' jobs
    await enqueue_periodic(maker, utcnow(), 60)
    dead = await claim_one(maker, "dead-worker", utcnow(), timedelta(minutes=5))
    assert dead is not None and str(dead.tenant_id) == tenant.id
    assert await claim_one(maker, "other", utcnow(), timedelta(minutes=5)) is None
    later = utcnow() + timedelta(minutes=6)
    alive = await claim_one(maker, "alive-worker", later, timedelta(minutes=5))
    assert alive is not None and alive.id == dead.id and alive.attempts == 2
    assert await run_job(maker, plugins, dead) is False  # lease lost: rolled back
    assert await count_revisits(tenant, customer) == 0
    assert await run_job(maker, plugins, alive) is True
    assert await count_revisits(tenant, customer) == 1
    [job] = await tenant_jobs(maker, tenant.id)
    assert job.done_at is not None and job.attempts == 2


async def test_a_failing_job_is_retried_later_then_given_up(shouhou_sessions, shouhou_plugins, project_tenant):
    tenant, _customer = await project_tenant()
    maker, plugins = shouhou_sessions, shouhou_plugins
    async with maker() as session, session.begin():
        await jobs.enqueue(session, tenant_id=UUID(tenant.id), kind="no.such.kind", dedupe_key=f"broken:{tenant.id}",
                           payload={}, run_at=utcnow())
    now = utcnow()
    for attempt in range(1, jobs.MAX_ATTEMPTS + 1):
        job = await claim_one(maker, "w", now, timedelta(minutes=1))
        while job is not None and job.kind != "no.such.kind":
            await run_job(maker, plugins, job)
            job = await claim_one(maker, "w", now, timedelta(minutes=1))
        assert job is not None and job.attempts == attempt
        assert await run_job(maker, plugins, job) is False
        now += timedelta(days=1)
    [broken] = [j for j in await tenant_jobs(maker, tenant.id) if j.kind == "no.such.kind"]
    assert broken.failed_at is not None and "no handler" in broken.last_error
