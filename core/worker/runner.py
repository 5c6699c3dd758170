"""Running background work: enqueue the periodic sweeps, then claim and run due jobs, each in
its own transaction with its own tenant bound (DESIGN "Background work")."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from core.auth import throttle
from core.db.base import utcnow
from core.db.tenancy import bind_tenant
from core.lifecycle import deletion
from core.observability.metrics import JOB_SECONDS, JOBS_RUN
from core.worker import heartbeat, jobs, schedule
from core.worker.models import Job
from tenants.context import load_context
from tenants.models import Tenant

log = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:60]


class LeaseLost(Exception):
    """Another worker took the job over after this one's lease ran out."""


@dataclass(frozen=True)
class Ran:
    job_id: str
    kind: str
    tenant_id: str
    ok: bool


async def enqueue_periodic(session_maker, now: datetime, interval: int) -> int:
    """Enqueue every periodic sweep of every tenant for the current period (idempotent)."""
    async with session_maker() as session, session.begin():
        tenants = (await session.scalars(select(Tenant).order_by(Tenant.id))).all()
        sweeps = schedule.periodic()
        for tenant in tenants:
            for sweep in sweeps:
                label, payload = sweep.period(tenant, now, interval)
                await jobs.enqueue(
                    session, tenant_id=tenant.id, kind=sweep.kind,
                    dedupe_key=f"{sweep.kind}:{tenant.id}:{label}", payload=payload, run_at=now,
                )
        await jobs.purge(session, now)
    return len(tenants) * len(sweeps)


async def claim_one(session_maker, worker: str, now: datetime, lease: timedelta,
                    max_running: int = jobs.MAX_RUNNING) -> Job | None:
    async with session_maker() as session, session.begin():
        return await jobs.claim(session, worker, now, lease, max_running)


async def run_job(session_maker, plugins, job: Job) -> bool:
    """Run one claimed job in a transaction bound to its tenant; the job is marked done in the
    same transaction, so its work and its completion commit together or not at all."""
    session = session_maker()
    bind_tenant(session, job.tenant_id)
    try:
        async with session.begin():
            ctx = await load_context(session, plugins, job.tenant_id)
            await schedule.handler_for(job.kind)(session, ctx, job.payload)
            if not await jobs.finish(session, job, utcnow()):
                raise LeaseLost(str(job.id))
        return True
    except LeaseLost:
        log.warning("job %s was taken over by another worker; its work here was rolled back", job.id)
        return False
    except Exception as exc:
        log.exception("job %s (%s) failed", job.id, job.kind)
        async with session_maker() as other, other.begin():
            await jobs.fail(other, job, utcnow(), f"{type(exc).__name__}: {exc}")
        return False
    finally:
        await session.close()


async def drain(session_maker, plugins, worker: str, *, lease: timedelta = jobs.LEASE,
                max_jobs: int | None = None, max_running: int = jobs.MAX_RUNNING) -> list[Ran]:
    """Claim and run due jobs until none is left (or ``max_jobs`` ran)."""
    ran: list[Ran] = []
    while max_jobs is None or len(ran) < max_jobs:
        job = await claim_one(session_maker, worker, utcnow(), lease, max_running)
        if job is None:
            break
        with JOB_SECONDS.labels(kind=job.kind).time():
            ok = await run_job(session_maker, plugins, job)
        JOBS_RUN.labels(kind=job.kind, outcome="done" if ok else "failed").inc()
        ran.append(Ran(job_id=str(job.id), kind=job.kind, tenant_id=str(job.tenant_id), ok=ok))
    return ran


async def run_once(session_maker, plugins, worker: str, interval: int, *, lease: timedelta = jobs.LEASE,
                   max_jobs: int | None = None, owner_maker=None, max_running: int = jobs.MAX_RUNNING,
                   storage=None) -> list[Ran]:
    """One round: beat (``/health/ready`` sees the worker alive), forget stale throttle counters,
    purge the tenants whose deletion is due (with the table owner's ``owner_maker``, when given,
    and their files from ``storage``), enqueue this period's sweeps, then drain the due jobs."""
    await heartbeat.beat(session_maker, worker, utcnow())
    await throttle.purge(session_maker)
    if owner_maker is not None:
        await deletion.purge_due(owner_maker, utcnow(), storage)
    await enqueue_periodic(session_maker, utcnow(), interval)
    return await drain(session_maker, plugins, worker, lease=lease, max_jobs=max_jobs, max_running=max_running)


async def run_forever(session_maker, plugins, worker: str, interval: int, on_ran=None, *,
                      lease: timedelta = jobs.LEASE, owner_maker=None, max_running: int = jobs.MAX_RUNNING,
                      storage=None) -> None:
    """Rounds every ``interval`` seconds until cancelled, each job claimed for ``lease``. A
    failing round is logged and retried."""
    while True:
        try:
            for ran in await run_once(session_maker, plugins, worker, interval, lease=lease, owner_maker=owner_maker,
                                      max_running=max_running, storage=storage):
                if on_ran:
                    on_ran(ran)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("worker round failed")
        await asyncio.sleep(interval)
