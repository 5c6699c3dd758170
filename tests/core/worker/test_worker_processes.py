"""DESIGN "Background work": several ``shouhou worker`` processes at once never do the same job
twice (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; serialised claims on SQLite)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from core.worker.models import Job
from tests.core.worker.processes import start_worker

TENANTS = 10


async def test_two_worker_processes_run_each_due_revisit_job_exactly_once(
    shouhou_settings, shouhou_sessions, project_tenant
):
    made = [await project_tenant() for _ in range(TENANTS)]
    workers = [start_worker(shouhou_settings) for _ in range(2)]
    outputs = []
    for worker in workers:
        out, err = worker.communicate(timeout=180)
        assert worker.returncode == 0, err
        outputs.append(out)
    done_lines = [line.split() for out in outputs for line in out.splitlines() if line.startswith("done ")]
    ours = {tenant.id for tenant, _ in made}
    ran_for = [parts[3] for parts in done_lines if parts[2] == "revisits.cadence" and parts[3] in ours]
    assert sorted(ran_for) == sorted(ours), "each tenant's sweep ran exactly once between the two workers"
    job_ids = [parts[1] for parts in done_lines]
    assert len(job_ids) == len(set(job_ids)), "no job (revisit or SLA sweep) ran twice"
    assert not any(line.startswith("failed ") for out in outputs for line in out.splitlines())
    async with shouhou_sessions() as session:
        stmt = select(Job).where(Job.tenant_id.in_([UUID(t) for t in ours]), Job.kind == "revisits.cadence")
        found = (await session.scalars(stmt)).all()
    assert len(found) == TENANTS
    assert all(job.done_at is not None and job.attempts == 1 for job in found)
    for tenant, customer in made:
        items = (await tenant.get(f"/api/v1/revisits?customer_id={customer['id']}")).json()["items"]
        assert [r["rule_ids"] for r in items] == [["core.delivered_project"]]
    print("jobs per worker:", [sum(1 for line in out.splitlines() if line.startswith("done ")) for out in outputs])
