"""The holiday duty roster and staff leave requests."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import CheckConstraint, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, tenant_fk, utcnow


class DutyShift(TenantScoped, Base):
    """``user_id`` is on duty on the holiday ``day`` (tenant-local), on its ``shift`` (``day`` or
    ``night``) — 003 篇3 八 节假日服务保障; written by a manager (``created_by``)."""

    __tablename__ = "duty_roster"
    __table_args__ = (
        tenant_fk("user_id", "users"),
        tenant_fk("created_by", "users"),
        UniqueConstraint("tenant_id", "day", "shift", "user_id"),
        CheckConstraint("shift IN ('day', 'night')", name="shift"),
    )

    day: Mapped[date]
    shift: Mapped[str] = mapped_column(String(10))
    user_id: Mapped[UUID]
    note: Mapped[str | None] = mapped_column(String(500))
    created_by: Mapped[UUID | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LeaveRequest(TenantScoped, Base):
    """``user_id`` asks leave from ``first_day`` to ``last_day`` (tenant-local, inclusive; one night
    when ``night_shift``), for ``reason``; ``approver_position`` decides it (请假制度 三).
    ``status``: ``requested`` → ``approved`` or ``refused`` (``decision_reason``) by
    ``decided_by``, or ``withdrawn`` by the person who asked."""

    __tablename__ = "leave_requests"
    __table_args__ = (
        tenant_fk("user_id", "users"),
        tenant_fk("decided_by", "users"),
        Index(None, "tenant_id", "user_id", "first_day"),
        Index(None, "tenant_id", "status", "first_day"),
        CheckConstraint("status IN ('requested', 'approved', 'refused', 'withdrawn')", name="status"),
        CheckConstraint("last_day >= first_day", name="days"),
    )

    user_id: Mapped[UUID]
    first_day: Mapped[date]
    last_day: Mapped[date]
    night_shift: Mapped[bool] = mapped_column(default=False)
    special: Mapped[bool] = mapped_column(default=False)
    #: The leave covers a statutory holiday (an exception, 请假制度 七).
    holiday: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str] = mapped_column(Text)
    approver_position: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="requested")
    decided_by: Mapped[UUID | None]
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(Text)
    withdrawn_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
