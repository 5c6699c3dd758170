"""A claim against a carrier for goods damaged or lost in transport."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import BigInteger, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, tenant_fk, utcnow


class TransportClaim(TenantScoped, Base):
    """Customer service (``owner_id``) and logistics (``logistics_id``) claim from ``carrier`` for
    the customer's shipment ``waybill_no``; ``status`` runs ``open`` → ``filed`` (with the carrier,
    ``filed_on``) → ``settled`` (``settled_fen``) or ``rejected`` (``result``)."""

    __tablename__ = "transport_claims"
    __table_args__ = (
        tenant_fk("customer_id", "customers"),
        tenant_fk("ticket_id", "tickets"),
        tenant_fk("owner_id", "users"),
        tenant_fk("logistics_id", "users"),
        Index(None, "tenant_id", "status"),
        Index(None, "tenant_id", "customer_id"),
    )

    customer_id: Mapped[UUID]
    ticket_id: Mapped[UUID | None]
    carrier: Mapped[str] = mapped_column(String(100))
    waybill_no: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text)
    claimed_fen: Mapped[int | None] = mapped_column(BigInteger)
    owner_id: Mapped[UUID]
    logistics_id: Mapped[UUID | None]
    status: Mapped[str] = mapped_column(String(20), default="open")
    filed_on: Mapped[date | None]
    settled_fen: Mapped[int | None] = mapped_column(BigInteger)
    result: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
