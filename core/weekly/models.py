"""A technician's weekly service report."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, tenant_fk, utcnow


class WeeklyReport(TenantScoped, Base):
    """The week starting ``week_start`` (a Monday, tenant-local) of ``user_id``: the service
    situations and the customers' feedback, submitted once; ``on_time`` against Friday noon."""

    __tablename__ = "weekly_reports"
    __table_args__ = (
        tenant_fk("user_id", "users"),
        UniqueConstraint("tenant_id", "week_start", "user_id"),
    )

    user_id: Mapped[UUID]
    week_start: Mapped[date]
    situations: Mapped[str] = mapped_column(Text)
    feedback: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    on_time: Mapped[bool]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
