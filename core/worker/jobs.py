"""Enqueueing, claiming and finishing jobs.

A claim is one ``UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED) RETURNING``: on
PostgreSQL concurrent workers skip each other's rows; on SQLite the single write statement is
serialised by the database lock. Each claim gets a fresh token in ``claimed_by``; a job is
finished only by the holder of the current token, in the same transaction as its work, so a
worker whose lease ran out and was overtaken commits nothing.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import new_id
from core.worker.models import Job
from tenants.models import Tenant

#: A claimed job is someone else's until its lease ends.
LEASE = timedelta(minutes=5)
#: A job that failed this many times is given up (``failed_at``).
MAX_ATTEMPTS = 5
#: Jobs of one tenant running at once, unless the tenant has its own quota (core.quotas).
MAX_RUNNING = 2
#: Finished jobs are kept this long (their dedupe keys stop a period's sweep running twice).
KEEP_DONE = timedelta(days=7)


async def enqueue(
    session: AsyncSession, *, tenant_id: UUID, kind: str, dedupe_key: str, payload: dict, run_at: datetime
) -> None:
    """Add a job unless one with the same ``dedupe_key`` exists (then nothing happens)."""
    values = {
        "id": new_id(), "tenant_id": tenant_id, "kind": kind, "dedupe_key": dedupe_key,
        "payload": payload, "run_at": run_at, "attempts": 0, "created_at": run_at,
    }
    insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    await session.execute(insert(Job).values(**values).on_conflict_do_nothing(index_elements=["dedupe_key"]))


def _due(now: datetime):
    return and_(
        Job.done_at.is_(None),
        Job.failed_at.is_(None),
        Job.run_at <= now,
        or_(Job.lease_until.is_(None), Job.lease_until < now),
    )


def _busy_tenants(now: datetime, max_running: int):
    """Tenants with as many jobs running (leased, not finished) as their quota allows."""
    return (
        select(Job.tenant_id)
        .join(Tenant, Tenant.id == Job.tenant_id)
        .where(Job.done_at.is_(None), Job.failed_at.is_(None), Job.lease_until > now)
        .group_by(Job.tenant_id, Tenant.quota_running_jobs)
        .having(func.count() >= func.coalesce(Tenant.quota_running_jobs, max_running))
    )


async def claim(session: AsyncSession, worker: str, now: datetime, lease: timedelta = LEASE,
                max_running: int = MAX_RUNNING) -> Job | None:
    """Take the earliest due job (if any) for ``lease``, skipping tenants that already have their
    quota of running jobs (``max_running``, or the tenant's own); the caller commits."""
    next_due = (
        select(Job.id).where(_due(now), Job.tenant_id.not_in(_busy_tenants(now, max_running)))
        .order_by(Job.run_at, Job.id).limit(1).with_for_update(skip_locked=True)
    ).scalar_subquery()
    token = f"{worker}:{uuid.uuid4().hex[:12]}"
    stmt = (
        update(Job)
        .where(Job.id == next_due, _due(now))
        .values(lease_until=now + lease, claimed_by=token, attempts=Job.attempts + 1)
        .returning(Job)
        .execution_options(synchronize_session=False)
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def finish(session: AsyncSession, job: Job, now: datetime) -> bool:
    """Mark the job done if this worker still holds it; whether it did."""
    result = await session.execute(
        update(Job)
        .where(Job.id == job.id, Job.claimed_by == job.claimed_by, Job.done_at.is_(None))
        .values(done_at=now, lease_until=None, last_error=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


async def fail(session: AsyncSession, job: Job, now: datetime, error: str) -> None:
    """Record a failure: retry later with back-off, or give up after :data:`MAX_ATTEMPTS`."""
    values: dict = {"lease_until": None, "last_error": error[:4000]}
    if job.attempts >= MAX_ATTEMPTS:
        values["failed_at"] = now
    else:
        values["run_at"] = now + timedelta(seconds=30 * 2 ** job.attempts)
    await session.execute(
        update(Job)
        .where(Job.id == job.id, Job.claimed_by == job.claimed_by)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


async def queue_stats(session: AsyncSession, now: datetime) -> tuple[int, float, int]:
    """The queue as operators watch it: how many jobs are due and waiting, how long the oldest of
    them has waited (seconds, 0 when none), and how many were given up."""
    due, oldest = (await session.execute(select(func.count(), func.min(Job.run_at)).where(_due(now)))).one()
    failed = await session.scalar(select(func.count()).where(Job.failed_at.is_not(None)))
    lag = (now - oldest).total_seconds() if oldest is not None else 0.0
    return due, max(lag, 0.0), failed or 0


async def purge(session: AsyncSession, now: datetime) -> None:
    """Forget jobs finished long ago."""
    await session.execute(delete(Job).where(Job.done_at < now - KEEP_DONE))
