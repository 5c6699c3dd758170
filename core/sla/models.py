"""A tenant's own SLA policy, when it saved one (otherwise the enabled plugins' defaults apply), and
its business calendar (dated holidays and make-up working days, and the years it imported whole)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import CheckConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, tenant_fk, utcnow


class SlaPolicyRow(TenantScoped, Base):
    """The policy a tenant saved with ``PUT /api/v1/sla/policy`` (one row per tenant)."""

    __tablename__ = "sla_policies"
    __table_args__ = (UniqueConstraint("tenant_id"),)

    policy: Mapped[dict]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class CalendarDay(TenantScoped, Base):
    """A dated override of the tenant's business calendar: a public holiday (``holiday``) or a
    make-up working day (``working_day``, 调休), with where it comes from."""

    __tablename__ = "business_calendar_days"
    __table_args__ = (
        UniqueConstraint("tenant_id", "day"),
        tenant_fk("entered_by", "users"),
        CheckConstraint("kind IN ('holiday', 'working_day')", name="kind"),
    )

    day: Mapped[date]
    kind: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(String(500))
    entered_by: Mapped[UUID | None]


class CalendarYear(TenantScoped, Base):
    """A year the tenant imported whole (its holidays and 调休 working days, e.g. from the State
    Council notice): the calendar covers it, and its other days are Monday–Friday."""

    __tablename__ = "business_calendar_years"
    __table_args__ = (UniqueConstraint("tenant_id", "year"), tenant_fk("imported_by", "users"))

    year: Mapped[int]
    source: Mapped[str] = mapped_column(String(500))
    imported_by: Mapped[UUID | None]
    imported_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
