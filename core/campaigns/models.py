"""Promotions and customer events (优惠联谊活动) the customers are told about (DOMAIN §3, 004 (三)6)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, tenant_fk


class Campaign(TenantScoped, Base):
    """One event or promotion. Announcing it books a phone call to every customer of its audience
    two weeks ahead; each call, once made, is followed by the letter within 2 days."""

    __tablename__ = "campaigns"
    __table_args__ = (tenant_fk("created_by", "users"), Index(None, "tenant_id", "event_date"))

    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    event_date: Mapped[date]
    address: Mapped[str | None] = mapped_column(String(500))
    script_id: Mapped[str | None] = mapped_column(String(200))
    #: Who is told: every customer, members only, or owners of an asset type (prefix).
    members_only: Mapped[bool] = mapped_column(default=False)
    asset_type_prefix: Mapped[str | None] = mapped_column(String(100))
    customers: Mapped[int] = mapped_column(default=0)
    created_by: Mapped[UUID | None]
