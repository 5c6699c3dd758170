"""Shift hand-over notes (交接班记录, DOMAIN §11) and the open questions they carry."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, tenant_fk, utcnow


class ShiftHandover(TenantScoped, Base):
    """A note one person writes at the end of a shift for the next one. ``shift_date`` is the
    local date (tenant zone) it was written on; the next shift's person acknowledges it."""

    __tablename__ = "shift_handovers"
    __table_args__ = (
        tenant_fk("written_by", "users"),
        tenant_fk("acknowledged_by", "users"),
        Index(None, "tenant_id", "shift_date"),
    )

    written_by: Mapped[UUID]
    written_at: Mapped[datetime] = mapped_column(default=utcnow)
    shift_date: Mapped[date]
    shift: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text)
    acknowledged_by: Mapped[UUID | None]
    acknowledged_at: Mapped[datetime | None]


class ShiftHandoverItem(TenantScoped, Base):
    """One open question on a note: written by hand, an open ticket of the writer (``source``
    ``ticket``), or carried unresolved from the previous note (``carried_from_id``)."""

    __tablename__ = "shift_handover_items"
    __table_args__ = (
        tenant_fk("handover_id", "shift_handovers", ondelete="CASCADE"),
        tenant_fk("ticket_id", "tickets"),
        tenant_fk("resolved_by", "users"),
        Index(None, "tenant_id", "handover_id", "position"),
    )

    handover_id: Mapped[UUID]
    position: Mapped[int]
    ticket_id: Mapped[UUID | None]
    question: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(20))
    carried_from_id: Mapped[UUID | None]
    resolved: Mapped[bool] = mapped_column(default=False)
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[UUID | None]
