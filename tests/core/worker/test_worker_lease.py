"""A killed worker's job waits for its lease (``--lease-seconds``, with or without ``--once``),
then another worker runs it exactly once."""

from __future__ import annotations

import asyncio
import signal
import time
from datetime import timedelta
from uuid import UUID

from sqlalchemy import select

from core.db.base import utcnow
from core.worker import jobs
from core.worker.models import Job
from tests.core.worker.processes import KIND, WITH_SLOW_JOB, start_worker

LEASE_SECONDS = 4


async def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.1)


def lines(log, word: str) -> list[float]:
    text = log.read_text() if log.exists() else ""
    return [float(line.split()[1]) for line in text.splitlines() if line.startswith(word + " ")]


async def test_a_job_of_a_killed_worker_runs_again_exactly_once_after_its_lease(
    shouhou_settings, shouhou_sessions, tenant_a, tmp_path
):
    log = tmp_path / "runs.log"
    dedupe = f"{KIND}:{tenant_a.id}:lease"
    async with shouhou_sessions() as session, session.begin():
        await jobs.enqueue(session, tenant_id=UUID(tenant_a.id), kind=KIND, dedupe_key=dedupe,
                           payload={"log": str(log), "seconds": 2}, run_at=utcnow() - timedelta(days=365))
    args = ("--lease-seconds", str(LEASE_SECONDS), "--interval", "1")
    workers = []
    try:
        with (tmp_path / "first.out").open("w") as out:
            first = start_worker(shouhou_settings, *args, entry=WITH_SLOW_JOB, output=out)
        workers.append(first)
        await wait_for(lambda: lines(log, "start"), 120, "the first worker to start the job")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        async with shouhou_sessions() as session:
            held = await session.scalar(select(Job).where(Job.dedupe_key == dedupe))
        assert held.done_at is None and held.attempts == 1
        assert held.lease_until <= utcnow() + timedelta(seconds=LEASE_SECONDS), "the lease given was honoured"

        with (tmp_path / "second.out").open("w") as out:
            second = start_worker(shouhou_settings, *args, entry=WITH_SLOW_JOB, output=out)
        workers.append(second)
        await wait_for(lambda: lines(log, "end"), 120, "the second worker to finish the job")
        starts = lines(log, "start")
        assert len(starts) == 2
        assert starts[1] >= held.lease_until.timestamp(), "the job was taken again only after its lease"
        await asyncio.sleep(LEASE_SECONDS + 2)
        assert len(lines(log, "start")) == 2 and len(lines(log, "end")) == 1, "it ran exactly once more"
        async with shouhou_sessions() as session:
            done = await session.scalar(select(Job).where(Job.dedupe_key == dedupe))
        assert done.done_at is not None and done.attempts == 2 and done.lease_until is None
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGKILL)
                worker.wait(timeout=10)
