"""Revisits (回访), the reasons that scheduled them, and each tenant's revisit settings."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, tenant_fk, utcnow

#: A revisit waiting for its call; one with an outcome; one given up after too many attempts.
STATUSES = ("open", "done", "unreachable")


class Revisit(TenantScoped, Base):
    """A scheduled contact with a customer: due window (first and last day, inclusive, in the
    tenant's zone), a call time outside quiet hours, and the outcome once made.

    ``ticket_id`` and ``complaint_id`` say what the revisit is about; they carry no foreign
    key so a revisit may point at a case of any context.
    """

    __tablename__ = "revisits"
    __table_args__ = (
        tenant_fk("customer_id", "customers"),
        tenant_fk("asset_id", "assets"),
        Index(None, "tenant_id", "status", "due_by"),
        Index(None, "tenant_id", "customer_id", "status"),
        Index(None, "tenant_id", "due_by"),
    )

    customer_id: Mapped[UUID]
    asset_id: Mapped[UUID | None]
    ticket_id: Mapped[UUID | None]
    complaint_id: Mapped[UUID | None]
    due_from: Mapped[date]
    due_by: Mapped[date]
    scheduled_at: Mapped[datetime]
    channel: Mapped[str] = mapped_column(String(20), default="phone")
    script_id: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="open")
    attempts: Mapped[int] = mapped_column(default=0)
    outcome: Mapped[str | None] = mapped_column(String(20))
    notes: Mapped[str | None] = mapped_column(Text)
    survey: Mapped[dict | None]
    #: What a reached call talked about (ids from its rules' ``topics``, DOMAIN 3.10).
    topics: Mapped[list | None]
    new_need: Mapped[str | None] = mapped_column(Text)
    follow_up_ticket_id: Mapped[UUID | None]
    completed_at: Mapped[datetime | None]
    completed_by: Mapped[UUID | None]


class RevisitReason(TenantScoped, Base):
    """Why a revisit exists: one row per rule application. ``origin_key`` (rule and subject)
    is unique, so applying a rule twice to the same event schedules nothing new; several
    reasons on one revisit are calls merged by de-duplication."""

    __tablename__ = "revisit_reasons"
    __table_args__ = (
        tenant_fk("revisit_id", "revisits", ondelete="CASCADE"),
        UniqueConstraint("tenant_id", "origin_key"),
        Index(None, "tenant_id", "revisit_id"),
    )

    revisit_id: Mapped[UUID]
    rule_id: Mapped[str] = mapped_column(String(200))
    origin_key: Mapped[str] = mapped_column(String(400))
    text: Mapped[dict]
    event_date: Mapped[date]
    notice_step: Mapped[int | None]


class RevisitSettings(TenantScoped, Base):
    """A tenant's revisit settings (one row; defaults apply while there is none)."""

    __tablename__ = "revisit_settings"
    __table_args__ = (UniqueConstraint("tenant_id"),)

    quiet_hours: Mapped[list]
    dedupe_days: Mapped[int]
    max_attempts: Mapped[int]
    retry_after_hours: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
