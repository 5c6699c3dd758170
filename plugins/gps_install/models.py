"""The GPS department's own records: work orders (安装任务派工单 and 维修服务单) and the terminal and
SIM swap history of each vehicle (003 篇5)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.sdk import Base, TenantScoped, tenant_fk


class WorkOrder(TenantScoped, Base):
    """An install work order (``kind="install"``: from the install request, the vehicle list and
    the drivers) or a repair service form (``kind="repair"``: customer, address, contact, model,
    purchase date, fault). The GPS department manager approves it, then a technician — or, in an
    emergency with no technician free, an outside contractor — is assigned."""

    __tablename__ = "gps_install_work_orders"
    __table_args__ = (
        tenant_fk("customer_id", "customers"),
        tenant_fk("asset_id", "assets"),
        tenant_fk("created_by", "users"),
        tenant_fk("approved_by", "users"),
        tenant_fk("technician_id", "users"),
        tenant_fk("assigned_by", "users"),
        Index(None, "tenant_id", "status", "technician_id"),
        Index(None, "tenant_id", "customer_id"),
    )

    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default="submitted")
    customer_id: Mapped[UUID]
    asset_id: Mapped[UUID | None]
    install_request_no: Mapped[str | None] = mapped_column(String(100))
    vehicles: Mapped[list] = mapped_column(default=list)
    drivers: Mapped[list] = mapped_column(default=list)
    address: Mapped[str | None] = mapped_column(String(500))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    model: Mapped[str | None] = mapped_column(String(200))
    purchase_date: Mapped[date | None]
    fault: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[UUID]
    approved_by: Mapped[UUID | None]
    approved_at: Mapped[datetime | None]
    decision_note: Mapped[str | None] = mapped_column(Text)
    technician_id: Mapped[UUID | None]
    contractor: Mapped[dict | None]
    emergency_reason: Mapped[str | None] = mapped_column(Text)
    assigned_by: Mapped[UUID | None]
    assigned_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    warranty_decision_id: Mapped[UUID | None]
    charge_fen: Mapped[int | None]


class Swap(TenantScoped, Base):
    """One terminal and/or SIM swap written on a repair service form: the plate and fault on the
    terminal's label, the old and new terminal numbers, the old and new SIM ICCIDs."""

    __tablename__ = "gps_install_swaps"
    __table_args__ = (
        tenant_fk("work_order_id", "gps_install_work_orders"),
        tenant_fk("recorded_by", "users"),
        Index(None, "tenant_id", "plate", "id"),
    )

    work_order_id: Mapped[UUID]
    plate: Mapped[str] = mapped_column(String(16))
    fault: Mapped[str | None] = mapped_column(Text)
    old_terminal_no: Mapped[str | None] = mapped_column(String(40))
    new_terminal_no: Mapped[str | None] = mapped_column(String(40))
    old_iccid: Mapped[str | None] = mapped_column(String(24))
    new_iccid: Mapped[str | None] = mapped_column(String(24))
    recorded_by: Mapped[UUID]
