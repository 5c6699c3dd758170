"""An internal note's record."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, tenant_fk, utcnow


class TicketNote(TenantScoped, Base):
    """One note on a ticket by a member of staff."""

    __tablename__ = "ticket_notes"
    __table_args__ = (
        tenant_fk("ticket_id", "tickets"),
        tenant_fk("author_id", "users"),
        Index(None, "tenant_id", "ticket_id", "id"),
    )

    ticket_id: Mapped[UUID]
    author_id: Mapped[UUID]
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
