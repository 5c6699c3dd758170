"""An attachment's record; its bytes live in the storage under ``<tenant>/<id>``."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import BigInteger, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, tenant_fk, utcnow


class TicketAttachment(TenantScoped, Base):
    """One file on a ticket: its name as uploaded (cleaned), the type its content proved to be,
    its size and SHA-256, who uploaded it and when."""

    __tablename__ = "ticket_attachments"
    __table_args__ = (
        tenant_fk("ticket_id", "tickets"),
        tenant_fk("uploaded_by", "users"),
        Index(None, "tenant_id", "ticket_id", "id"),
    )

    ticket_id: Mapped[UUID]
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[UUID]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
