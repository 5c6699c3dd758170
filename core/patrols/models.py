"""A visit to a customer (a quality patrol or a service-research visit) and its findings."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, JsonB, TenantScoped, tenant_fk, utcnow


class ServiceVisit(TenantScoped, Base):
    """A quality patrol (质量巡检, 10.1.1: a project manager inspects the customer's project, ``asset_id``
    when it is one asset) or a service-research visit (服务调研, 10.1.3: a senior leader with senior
    engineers hears the customer), on ``visited_on``, led by ``leader_id`` with ``participant_ids``."""

    __tablename__ = "service_visits"
    __table_args__ = (
        tenant_fk("customer_id", "customers"),
        tenant_fk("asset_id", "assets"),
        tenant_fk("leader_id", "users"),
        tenant_fk("recorded_by", "users"),
        Index(None, "tenant_id", "visited_on"),
        Index(None, "tenant_id", "customer_id"),
    )

    kind: Mapped[str] = mapped_column(String(20))
    customer_id: Mapped[UUID]
    asset_id: Mapped[UUID | None]
    visited_on: Mapped[date]
    leader_id: Mapped[UUID]
    #: The other people on the visit (user ids as text), in the order given.
    participant_ids: Mapped[list] = mapped_column(JsonB, default=list)
    summary: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[UUID]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class VisitFinding(TenantScoped, Base):
    """A problem or a customer's opinion found on a visit, owned by ``owner_id`` until ``due_on``:
    ``status`` runs ``open`` → ``followed_up`` (``action``: what was done) → ``closed`` (``result``)."""

    __tablename__ = "service_visit_findings"
    __table_args__ = (
        tenant_fk("visit_id", "service_visits"),
        tenant_fk("owner_id", "users"),
        tenant_fk("followed_up_by", "users"),
        tenant_fk("closed_by", "users"),
        Index(None, "tenant_id", "visit_id"),
        Index(None, "tenant_id", "status", "due_on"),
    )

    visit_id: Mapped[UUID]
    position: Mapped[int]
    description: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[UUID]
    due_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(20), default="open")
    action: Mapped[str | None] = mapped_column(Text)
    followed_up_at: Mapped[datetime | None]
    followed_up_by: Mapped[UUID | None]
    result: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None]
    closed_by: Mapped[UUID | None]
