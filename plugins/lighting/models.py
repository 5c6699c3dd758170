"""Tables the lighting plugin owns: offices, return-to-factory batches and their lines (不良品返厂),
batch quality reports (批量质量异议), and authorised repair points (特约维修部) with their parts
stock, deposit payments and old-for-new swaps. Every table is tenant-scoped."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.sdk import Base, TenantScoped, tenant_fk


class Office(TenantScoped, Base):
    """A logistics partner or office (物流商/办事处) that collects defective products from the
    repair points of its region. ``region_code`` is a GB/T 2260 province code; ``city`` a city
    code, needed where the return week depends on the city (福建)."""

    __tablename__ = "lighting_offices"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    name: Mapped[str] = mapped_column(String(200))
    region_code: Mapped[str] = mapped_column(String(6))
    city: Mapped[str | None] = mapped_column(String(6))


class ReturnBatch(TenantScoped, Base):
    """One return to factory: the application (不良品产品返厂申请表), its signature and approval,
    the special approval (特批) if any, the arrival, the factory's count and the handling.

    ``month_slot`` is ``batch_month`` for a regular batch and ``NULL`` for a specially approved
    one: the unique key allows one regular batch per office per month (第六条)."""

    __tablename__ = "lighting_return_batches"
    __table_args__ = (
        tenant_fk("office_id", "lighting_offices"),
        UniqueConstraint("tenant_id", "office_id", "month_slot"),
        Index(None, "tenant_id", "status"),
    )

    office_id: Mapped[UUID]
    status: Mapped[str] = mapped_column(String(20))
    applied_on: Mapped[date]
    applied_by: Mapped[UUID]
    signed_by: Mapped[str | None] = mapped_column(String(200))
    signer_role: Mapped[str | None] = mapped_column(String(20))
    signed_on: Mapped[date | None]
    approved_by: Mapped[UUID | None]
    approved_at: Mapped[datetime | None]
    approval_note: Mapped[str | None] = mapped_column(Text)
    special_approved_by: Mapped[UUID | None]
    special_approved_at: Mapped[datetime | None]
    special_approval_reason: Mapped[str | None] = mapped_column(Text)
    return_week: Mapped[int | None]
    batch_month: Mapped[date | None]
    month_slot: Mapped[date | None]
    arrived_on: Mapped[date | None]
    received_by: Mapped[UUID | None]
    count_due_by: Mapped[date | None]
    counted_on: Mapped[date | None]
    counted_by: Mapped[UUID | None]
    handle_by: Mapped[date | None]
    handled_on: Mapped[date | None]


class ReturnLine(TenantScoped, Base):
    """One line of a batch: what the office declared, what the factory counted (the factory's
    count wins, 第八条), and customer service's decision (第九条)."""

    __tablename__ = "lighting_return_lines"
    __table_args__ = (
        tenant_fk("batch_id", "lighting_return_batches", ondelete="CASCADE"),
        Index(None, "tenant_id", "batch_id"),
    )

    batch_id: Mapped[UUID]
    position: Mapped[int]
    product: Mapped[str] = mapped_column(String(60))
    model: Mapped[str | None] = mapped_column(String(100))
    spray_code: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    office_quantity: Mapped[int]
    factory_quantity: Mapped[int | None]
    condition: Mapped[str | None] = mapped_column(Text)
    decision: Mapped[str | None] = mapped_column(String(20))
    refused_quantity: Mapped[int | None]
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    decided_on: Mapped[date | None]
    decided_by: Mapped[UUID | None]


class BatchQualityReport(TenantScoped, Base):
    """A dealer's batch quality issue (批量质量异议): a technician's visit is due within 2 days;
    a confirmed issue is returned in full, the company paying all freight."""

    __tablename__ = "lighting_batch_quality_reports"
    __table_args__ = (
        tenant_fk("dealer_id", "customers"),
        Index(None, "tenant_id", "status"),
    )

    dealer_id: Mapped[UUID]
    status: Mapped[str] = mapped_column(String(20))
    product: Mapped[str] = mapped_column(String(60))
    model: Mapped[str | None] = mapped_column(String(100))
    spray_code: Mapped[str | None] = mapped_column(String(100))
    quantity: Mapped[int]
    description: Mapped[str] = mapped_column(Text)
    reported_on: Mapped[date]
    reported_by: Mapped[UUID]
    visit_due_by: Mapped[date]
    technician: Mapped[str | None] = mapped_column(String(200))
    visited_on: Mapped[date | None]
    confirmed: Mapped[bool | None]
    finding: Mapped[str | None] = mapped_column(Text)
    freight_payer: Mapped[str | None] = mapped_column(String(20))
    returned_quantity: Mapped[int | None]
    returned_on: Mapped[date | None]
    freight_fen: Mapped[int | None]
    carrier: Mapped[str | None] = mapped_column(String(200))


class RepairPoint(TenantScoped, Base):
    """An authorised repair point (特约维修部, source 001 §3 第二-三条): proposed by an office or
    regional manager (《特约维修部的申请表》), approved or rejected by customer service
    (客户服务部备案审批), active once its deposit (押金) on the first-batch parts stock is paid in
    full, and paid a monthly repair allowance (维修费). The row is the point's management file (E)."""

    __tablename__ = "lighting_repair_points"
    __table_args__ = (
        tenant_fk("office_id", "lighting_offices"),
        Index(None, "tenant_id", "status"),
    )

    office_id: Mapped[UUID]
    name: Mapped[str] = mapped_column(String(200))
    region_code: Mapped[str] = mapped_column(String(6))
    city: Mapped[str | None] = mapped_column(String(6))
    address: Mapped[str] = mapped_column(Text)
    contact: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    coverage: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    applied_on: Mapped[date]
    proposed_by: Mapped[UUID]
    allowance_proposed_fen: Mapped[int]
    allowance_fen: Mapped[int | None]
    approved_by: Mapped[UUID | None]
    approved_at: Mapped[datetime | None]
    approved_on: Mapped[date | None]
    approval_note: Mapped[str | None] = mapped_column(Text)
    rejected_by: Mapped[UUID | None]
    rejected_at: Mapped[datetime | None]
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    deposit_percent: Mapped[str] = mapped_column(String(6))
    stock_value_fen: Mapped[int]
    deposit_fen: Mapped[int]
    deposit_paid_fen: Mapped[int] = mapped_column(default=0)
    activated_on: Mapped[date | None]
    closed_on: Mapped[date | None]
    closed_by: Mapped[UUID | None]
    close_reason: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)


class RepairPointStock(TenantScoped, Base):
    """One part of a repair point's first-batch stock (首批配件): quantity held against the
    deposit. An old-for-new swap (以旧换新) leaves ``on_hand`` unchanged."""

    __tablename__ = "lighting_repair_point_stock"
    __table_args__ = (
        tenant_fk("repair_point_id", "lighting_repair_points", ondelete="CASCADE"),
        UniqueConstraint("tenant_id", "repair_point_id", "sku"),
    )

    repair_point_id: Mapped[UUID]
    sku: Mapped[str] = mapped_column(String(60))
    part_name: Mapped[str] = mapped_column(String(200))
    unit_price_fen: Mapped[int]
    initial_quantity: Mapped[int]
    on_hand: Mapped[int]


class RepairPointDeposit(TenantScoped, Base):
    """A payment towards a repair point's deposit (押金)."""

    __tablename__ = "lighting_repair_point_deposits"
    __table_args__ = (
        tenant_fk("repair_point_id", "lighting_repair_points", ondelete="CASCADE"),
        Index(None, "tenant_id", "repair_point_id"),
    )

    repair_point_id: Mapped[UUID]
    amount_fen: Mapped[int]
    paid_on: Mapped[date]
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[UUID]


class RepairPointSwap(TenantScoped, Base):
    """An old-for-new swap (以旧换新) with the office: the faulty part comes back, a new one goes
    out. ``ticket_id`` is the ticket the faulty part came from, if known."""

    __tablename__ = "lighting_repair_point_swaps"
    __table_args__ = (
        tenant_fk("repair_point_id", "lighting_repair_points", ondelete="CASCADE"),
        tenant_fk("ticket_id", "tickets"),
        Index(None, "tenant_id", "repair_point_id"),
    )

    repair_point_id: Mapped[UUID]
    sku: Mapped[str] = mapped_column(String(60))
    quantity: Mapped[int]
    swapped_on: Mapped[date]
    note: Mapped[str | None] = mapped_column(Text)
    ticket_id: Mapped[UUID | None]
    recorded_by: Mapped[UUID]
