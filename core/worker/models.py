"""The jobs table: durable background work, shared by every worker process."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, new_id, utcnow


class Job(Base):
    """One piece of background work for one tenant.

    Infrastructure, not tenant data: global (no row-level security), so a worker can find what
    is due across tenants; the work itself runs in a session bound to ``tenant_id``.
    ``dedupe_key`` is unique, so enqueueing the same sweep twice (two workers, one period)
    makes one job. A claimed job has a lease (``lease_until``); a worker that dies loses it and
    the job runs again.
    """

    __tablename__ = "jobs"
    __table_args__ = (Index(None, "done_at", "run_at"), {"info": {"global": True}})

    id: Mapped[UUID] = mapped_column(primary_key=True, default=new_id)
    tenant_id: Mapped[UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(100))
    dedupe_key: Mapped[str] = mapped_column(String(300), unique=True)
    payload: Mapped[dict] = mapped_column(default=dict)
    run_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    attempts: Mapped[int] = mapped_column(default=0)
    done_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WorkerHeartbeat(Base):
    """When each worker (a ``shouhou worker`` process, or a server running the sweeps itself)
    last started a round. Global infrastructure like :class:`Job`: ``/health/ready`` and the
    metrics read the newest beat without a tenant."""

    __tablename__ = "worker_heartbeats"
    __table_args__ = {"info": {"global": True}}

    worker: Mapped[str] = mapped_column(String(100), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    beat_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
