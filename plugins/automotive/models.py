"""The car repair shop's own records: each vehicle's maintenance state (keyed by the asset) and the
visits written into the customer file (客户档案, source 004 (二)1)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from core.sdk import Base, TenantScoped, tenant_fk, utcnow


class VehicleMaintenance(TenantScoped, Base):
    """One row per vehicle (``asset_id``): the last service and the next maintenance due (by time
    or mileage, whichever comes first), and the reminder revisit scheduled before it."""

    __tablename__ = "automotive_vehicle_maintenance"
    __table_args__ = (
        UniqueConstraint("tenant_id", "asset_id"),
        tenant_fk("asset_id", "assets", ondelete="CASCADE"),
        tenant_fk("customer_id", "customers"),
        Index(None, "tenant_id", "next_due_date"),
    )

    asset_id: Mapped[UUID]
    customer_id: Mapped[UUID]
    last_service_date: Mapped[date]
    last_service_km: Mapped[int]
    next_due_date: Mapped[date]
    next_due_km: Mapped[int | None]
    due_reason: Mapped[str] = mapped_column(String(10))
    rule_id: Mapped[str] = mapped_column(String(100))
    reminder_date: Mapped[date]
    reminder_revisit_id: Mapped[UUID | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Visit(TenantScoped, Base):
    """A car's visit as written into the customer file: date, mileage, maintenance items, the next
    maintenance it led to, and whether the file was written late (more than 2 days after)."""

    __tablename__ = "automotive_visits"
    __table_args__ = (
        tenant_fk("asset_id", "assets", ondelete="CASCADE"),
        tenant_fk("customer_id", "customers"),
        tenant_fk("recorded_by", "users"),
        Index(None, "tenant_id", "asset_id", "id"),
        Index(None, "tenant_id", "file_late", "id"),
        # 首保: one first free service per car (the maker pays its fee once)
        Index("uq_automotive_visits_first_service", "tenant_id", "asset_id", unique=True,
              sqlite_where=text("first_service"), postgresql_where=text("first_service")),
    )

    asset_id: Mapped[UUID]
    customer_id: Mapped[UUID]
    visit_date: Mapped[date]
    filed_on: Mapped[date]
    file_late: Mapped[bool]
    mileage_km: Mapped[int]
    items: Mapped[list]
    first_service: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str | None] = mapped_column(Text)
    next_due_date: Mapped[date]
    recorded_by: Mapped[UUID]
