"""Worker heartbeats: a worker records the start of each round; readiness and metrics read the
newest beat to tell whether background work is running at all."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.worker.models import WorkerHeartbeat

#: Beats of workers gone this long are forgotten.
KEEP_BEATS = timedelta(days=7)


async def beat(session_maker, worker: str, now: datetime) -> None:
    """Record that ``worker`` is alive at ``now`` (one upsert, its own transaction)."""
    async with session_maker() as session, session.begin():
        insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
        await session.execute(
            insert(WorkerHeartbeat)
            .values(worker=worker, started_at=now, beat_at=now)
            .on_conflict_do_update(index_elements=["worker"], set_={"beat_at": now})
        )
        await session.execute(delete(WorkerHeartbeat).where(WorkerHeartbeat.beat_at < now - KEEP_BEATS))


async def latest_beat(session: AsyncSession) -> datetime | None:
    """When any worker last started a round (``None``: never)."""
    return await session.scalar(select(func.max(WorkerHeartbeat.beat_at)))
