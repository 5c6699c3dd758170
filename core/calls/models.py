"""An inbound call as the telephony system recorded it."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import Float, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, tenant_fk, utcnow


class CallRecord(TenantScoped, Base):
    """One inbound call: when it started ringing, how long it rang before it was answered (or
    that it was not), the agent who answered (matched by 工号), and whether that was within three
    rings (:mod:`core.calls.rings`). ``external_id`` is the telephony system's id: a call sent
    twice is kept once."""

    __tablename__ = "call_records"
    __table_args__ = (
        tenant_fk("user_id", "users"),
        UniqueConstraint("tenant_id", "external_id"),
        Index(None, "tenant_id", "started_at"),
    )

    external_id: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime]
    ring_seconds: Mapped[float | None] = mapped_column(Float)
    answered: Mapped[bool]
    within_three_rings: Mapped[bool]
    user_id: Mapped[UUID | None]
    employee_no: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
