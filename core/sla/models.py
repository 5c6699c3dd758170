"""A tenant's own SLA policy, when it saved one (otherwise the enabled plugins' defaults apply)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, utcnow


class SlaPolicyRow(TenantScoped, Base):
    """The policy a tenant saved with ``PUT /api/v1/sla/policy`` (one row per tenant)."""

    __tablename__ = "sla_policies"
    __table_args__ = (UniqueConstraint("tenant_id"),)

    policy: Mapped[dict]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
