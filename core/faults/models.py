"""A major fault, from its first report to the analysis sent to the customer."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, tenant_fk, utcnow


class MajorFault(TenantScoped, Base):
    """The first employee to learn of it reports when, where, the symptoms and the plan, naming
    the account owner and the responsible manager; the manager informs senior management
    (``management_informed_at``); afterwards the technical lead files the analysis (impact,
    handling, root cause, corrective and preventive actions), which goes to the customer and the
    business department (``sent_at``). ``status``: reported → analysed → sent."""

    __tablename__ = "major_faults"
    __table_args__ = (
        tenant_fk("customer_id", "customers"),
        tenant_fk("ticket_id", "tickets"),
        tenant_fk("reported_by", "users"),
        tenant_fk("account_owner_id", "users"),
        tenant_fk("manager_id", "users"),
        tenant_fk("technical_lead_id", "users"),
        Index(None, "tenant_id", "status"),
    )

    customer_id: Mapped[UUID]
    ticket_id: Mapped[UUID | None]
    occurred_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(String(500))
    symptoms: Mapped[str] = mapped_column(Text)
    plan: Mapped[str] = mapped_column(Text)
    reported_by: Mapped[UUID]
    account_owner_id: Mapped[UUID]
    manager_id: Mapped[UUID]
    status: Mapped[str] = mapped_column(String(20), default="reported")
    management_informed_at: Mapped[datetime | None]
    impact: Mapped[str | None] = mapped_column(Text)
    handling: Mapped[str | None] = mapped_column(Text)
    root_cause: Mapped[str | None] = mapped_column(Text)
    corrective_actions: Mapped[str | None] = mapped_column(Text)
    preventive_actions: Mapped[str | None] = mapped_column(Text)
    technical_lead_id: Mapped[UUID | None]
    analysed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
