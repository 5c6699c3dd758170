"""Customers, their contacts and their assets (a product, vehicle or terminal they own)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, tenant_fk


class Customer(TenantScoped, Base):
    """A customer file (客户档案). ``classification`` is its confidentiality level."""

    __tablename__ = "customers"
    __table_args__ = (
        Index(None, "tenant_id", "name"),
        Index(None, "tenant_id", "phone"),
        UniqueConstraint("tenant_id", "external_id"),
    )

    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(32))
    address: Mapped[str | None] = mapped_column(String(500))
    province: Mapped[str | None] = mapped_column(String(6))
    is_member: Mapped[bool] = mapped_column(default=False)
    #: A company stamps (盖章) what a person signs (DOMAIN §1 acceptance).
    is_company: Mapped[bool] = mapped_column(default=False)
    title: Mapped[str | None] = mapped_column(String(20))
    classification: Mapped[str] = mapped_column(String(20), default="top_secret")
    #: When the personal information was erased (PIPL Art. 47, :mod:`core.privacy`): the file
    #: stays for the service statistics, anonymised, and can no longer be edited.
    erased_at: Mapped[datetime | None]
    #: The id the customer has in the system it was imported from (unique in the tenant).
    external_id: Mapped[str | None] = mapped_column(String(100))


class Contact(TenantScoped, Base):
    """A contact person of a customer."""

    __tablename__ = "customer_contacts"
    __table_args__ = (tenant_fk("customer_id", "customers", ondelete="CASCADE"),)

    customer_id: Mapped[UUID]
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(32))
    role: Mapped[str | None] = mapped_column(String(100))


class Asset(TenantScoped, Base):
    """Something a customer owns that service is about; ``type`` is a plugin's asset type."""

    __tablename__ = "assets"
    __table_args__ = (
        tenant_fk("customer_id", "customers"),
        Index(None, "tenant_id", "customer_id"),
        Index(None, "tenant_id", "serial"),
        UniqueConstraint("tenant_id", "external_id"),
    )

    customer_id: Mapped[UUID]
    type: Mapped[str] = mapped_column(String(100))
    model: Mapped[str | None] = mapped_column(String(200))
    serial: Mapped[str | None] = mapped_column(String(200))
    purchase_date: Mapped[date | None]
    manufacture_date: Mapped[date | None]
    install_date: Mapped[date | None]
    attributes: Mapped[dict] = mapped_column(default=dict)
    #: The id the asset has in the system it was imported from (unique in the tenant).
    external_id: Mapped[str | None] = mapped_column(String(100))
