"""Complaints (投诉), their append-only step history, penalties and the tenant's settings."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.append_only import APPEND_ONLY
from core.db.base import Base, TenantScoped, tenant_fk, utcnow


class Complaint(TenantScoped, Base):
    """A complaint of a customer. ``step`` is the state reached in the eight-step workflow
    (DOMAIN §2); ``routed_to`` and ``routing_rule_id`` record where routing sent it and why."""

    __tablename__ = "complaints"
    __table_args__ = (
        tenant_fk("customer_id", "customers"),
        tenant_fk("against_user_id", "users"),
        tenant_fk("responsible_user_id", "users"),
        Index(None, "tenant_id", "step"),
        Index(None, "tenant_id", "customer_id"),
        Index(None, "tenant_id", "against_user_id", "valid"),
    )

    type: Mapped[str] = mapped_column(String(20))
    category: Mapped[str | None] = mapped_column(String(100))
    customer_id: Mapped[UUID]
    ticket_id: Mapped[UUID | None]
    against_user_id: Mapped[UUID | None]
    description: Mapped[str] = mapped_column(Text)
    demand: Mapped[str | None] = mapped_column(Text)
    step: Mapped[str] = mapped_column(String(20))
    valid: Mapped[bool | None]
    routed_to: Mapped[str] = mapped_column(String(100))
    routing_rule_id: Mapped[str] = mapped_column(String(200))
    routing_source: Mapped[str] = mapped_column(String(20))
    routing_label: Mapped[dict] = mapped_column(default=dict)
    responsible_department: Mapped[str | None] = mapped_column(String(100))
    responsible_user_id: Mapped[UUID | None]
    batch_quality: Mapped[bool] = mapped_column(default=False)
    reported_on: Mapped[date]
    visit_due_by: Mapped[date | None]
    recorded_by: Mapped[UUID | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None]


class ComplaintStep(TenantScoped, Base):
    """One step taken on a complaint: who, when, and what they entered. Append-only."""

    __tablename__ = "complaint_steps"
    __table_args__ = (
        tenant_fk("complaint_id", "complaints", ondelete="CASCADE"),
        Index(None, "tenant_id", "complaint_id", "id"),
        APPEND_ONLY,
    )

    complaint_id: Mapped[UUID]
    step: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[UUID | None]
    data: Mapped[dict] = mapped_column(default=dict)


class ComplaintPenalty(TenantScoped, Base):
    """A rung of the penalty ladder applied to (or proposed for) a staff member (责任处罚).
    ``status`` is ``recorded``, or ``proposed`` until a manager confirms it (``confirmed``)."""

    __tablename__ = "complaint_penalties"
    __table_args__ = (
        tenant_fk("complaint_id", "complaints", ondelete="CASCADE"),
        tenant_fk("user_id", "users"),
        UniqueConstraint("tenant_id", "complaint_id"),
    )

    complaint_id: Mapped[UUID]
    user_id: Mapped[UUID]
    ladder_id: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(50))
    label: Mapped[dict] = mapped_column(default=dict)
    count: Mapped[int]
    fine_fen: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(20))
    confirmed_by: Mapped[UUID | None]
    confirmed_at: Mapped[datetime | None]


class ComplaintSettings(TenantScoped, Base):
    """A tenant's own routing table (``None``: the enabled plugins' and core defaults) and chosen
    penalty ladder (``None``: the default)."""

    __tablename__ = "complaint_settings"
    __table_args__ = (UniqueConstraint("tenant_id"),)

    routing_rules: Mapped[list | None]
    penalty_ladder_id: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
