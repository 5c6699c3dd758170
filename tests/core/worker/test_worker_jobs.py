"""DESIGN "Background work": durable jobs with a unique dedupe key and a lease; each job runs in
its own transaction with its own tenant; a killed worker's job runs again, idempotently."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest
from sqlalchemy import select

from core.db.base import utcnow
from core.worker import jobs
from core.worker.models import Job
from core.worker.runner import claim_one, drain, enqueue_periodic, run_job


async def tenant_jobs(session_maker, tenant_id: str) -> list[Job]:
    async with session_maker() as session:
        return list((await session.scalars(select(Job).where(Job.tenant_id == UUID(tenant_id)))).all())


async def claim_until(maker, plugins, worker: str, at, wanted) -> Job:
    """Claim jobs at ``at`` (running the others) until one is ``wanted``."""
    while True:
        job = await claim_one(maker, worker, at, timedelta(minutes=5))
        assert job is not None, "the wanted job was never claimable"
        if wanted(job):
            return job
        await run_job(maker, plugins, job)


async def count_revisits(tenant, customer) -> int:
    return len((await tenant.get(f"/api/v1/revisits?customer_id={customer['id']}")).json()["items"])


async def test_periodic_sweeps_are_enqueued_once_per_period(shouhou_sessions, shouhou_plugins, project_tenant):
    tenant, _customer = await project_tenant()
    maker = shouhou_sessions
    now = utcnow()
    await enqueue_periodic(maker, now, 60)
    await enqueue_periodic(maker, now + timedelta(seconds=5), 60)
    found = await tenant_jobs(maker, tenant.id)
    interval_kinds = ["notifications.deliver", "sla.sweep"]
    kinds = sorted(j.kind for j in found)
    daily_kinds = ["follow_ups.remind", "privacy.retention", "revisits.cadence", "roster.gaps", "visits.reminders"]
    hourly = [k for k in kinds if k == "reminders.sweep"]
    assert hourly in (["reminders.sweep"], ["reminders.sweep"] * 2)  # two only if the 5 s crossed an hour
    assert kinds in (sorted([*daily_kinds, *hourly, *interval_kinds]), sorted([*daily_kinds, *hourly, *interval_kinds * 2]))
    assert [j.payload["date"] for j in found if j.kind == "revisits.cadence"]


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
    for job in await tenant_jobs(maker, tenant.id):
        assert job.done_at is not None and job.attempts == 1 and job.lease_until is None
    assert await drain(maker, plugins, "test-worker") == []


async def test_a_killed_workers_job_runs_again_after_its_lease(shouhou_sessions, shouhou_plugins, project_tenant):
    """A worker claims a job and dies: nobody else may take it while the lease lasts; after it,
    another worker runs it; the dead worker, were it to come back, commits nothing."""
    tenant, customer = await project_tenant()
    maker, plugins = shouhou_sessions, shouhou_plugins
    await drain(maker, plugins, "sweeper")  # clear earlier tests' jobs
    await enqueue_periodic(maker, utcnow(), 60)
    dead = await claim_until(maker, plugins, "dead-worker", utcnow(),
                             lambda j: str(j.tenant_id) == tenant.id and j.kind == "revisits.cadence")
    others = await drain(maker, plugins, "other")
    assert dead.id not in {UUID(r.job_id) for r in others}
    later = utcnow() + timedelta(minutes=6)
    alive = await claim_until(maker, plugins, "alive-worker", later, lambda j: j.id == dead.id)
    assert alive.attempts == 2
    assert await run_job(maker, plugins, dead) is False  # lease lost: rolled back
    assert await count_revisits(tenant, customer) == 0
    assert await run_job(maker, plugins, alive) is True
    assert await count_revisits(tenant, customer) == 1
    [job] = [j for j in await tenant_jobs(maker, tenant.id) if j.kind == "revisits.cadence"]
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


def test_the_worker_runs_what_the_composition_module_installed():
    """``core.worker.schedule`` holds what ``core.sweeps`` installed: every sweep in its order and a
    handler per job kind (the webhook deliveries' and the imports' among them); an unknown kind is a
    ``LookupError`` the job fails with."""
    from core import sweeps
    from core.imports.service import JOB_KIND as IMPORTS
    from core.webhooks.delivery import JOB_KIND as WEBHOOKS
    from core.worker import schedule

    assert schedule.periodic() == tuple(sweeps.PERIODIC)
    for kind in (*(s.kind for s in sweeps.PERIODIC), IMPORTS, WEBHOOKS):
        assert schedule.handler_for(kind) is sweeps.HANDLERS[kind]
    with pytest.raises(LookupError, match=r"no handler for job kind 'nothing\.here'"):
        schedule.handler_for("nothing.here")
