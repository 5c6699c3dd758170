"""A breach of the service rules by a staff member, with the fine it reached (DOMAIN §12)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, tenant_fk, utcnow


class StaffBreach(TenantScoped, Base):
    """One breach: who broke which rule, on which tenant-local day, what happened, and what the
    ladder (:mod:`core.fines.ladder`) gave: the ``count``-th breach of ``rule`` by ``user_id``,
    its ``level`` and fine, the fine of the person in charge. ``status``: ``recorded`` at once, or
    ``proposed`` (removal) until a manager who is neither person ``confirmed`` it."""

    __tablename__ = "staff_breaches"
    __table_args__ = (
        tenant_fk("user_id", "users"),
        tenant_fk("in_charge_id", "users"),
        tenant_fk("recorded_by", "users"),
        tenant_fk("decided_by", "users"),
        Index(None, "tenant_id", "user_id", "rule"),
    )

    user_id: Mapped[UUID]
    rule: Mapped[str] = mapped_column(String(200))
    occurred_on: Mapped[date]
    description: Mapped[str] = mapped_column(Text)
    in_charge_id: Mapped[UUID | None]
    recorded_by: Mapped[UUID]
    count: Mapped[int]
    level: Mapped[str] = mapped_column(String(20))
    fine_fen: Mapped[int | None]
    in_charge_fine_fen: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(20))
    decided_by: Mapped[UUID | None]
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
