"""Wire types of the authorised repair points (特约维修部, DOMAIN 6.14, source 001 §3 第二-三条):
the application with its first-batch stock, the decisions, deposit payments, old-for-new swaps
and the monthly repair allowance list. Amounts are integer fen (CNY)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec

from plugins.lighting.schemas import Name, Note, Quantity, Region, Text

Fen = Annotated[int, msgspec.Meta(ge=0, le=100_000_000_000)]
PositiveFen = Annotated[int, msgspec.Meta(ge=1, le=100_000_000_000)]
Sku = Annotated[str, msgspec.Meta(min_length=1, max_length=60)]


class StockLineIn(msgspec.Struct, forbid_unknown_fields=True):
    """One part of the first-batch stock (首批配件): its sku, name, unit price and quantity."""

    sku: Sku
    part_name: Name
    unit_price_fen: Fen
    quantity: Quantity


class RepairPointApplication(msgspec.Struct, forbid_unknown_fields=True):
    """《特约维修部的申请表》: the office proposing the point, where it is, who runs it, the
    first-batch stock and the monthly repair allowance (维修费) the office proposes."""

    office_id: UUID
    name: Name
    region: Region
    address: Text
    contact: Name
    allowance_proposed_fen: Fen
    stock: Annotated[list[StockLineIn], msgspec.Meta(min_length=1, max_length=500)]
    city: Region | None = None
    phone: Annotated[str, msgspec.Meta(min_length=1, max_length=40)] | None = None
    coverage: Note | None = None
    notes: Note | None = None
    applied_on: date | None = None


class RepairPointApproval(msgspec.Struct, forbid_unknown_fields=True):
    """Customer service's approval (客户服务部备案审批) and the monthly allowance it decides;
    ``approved_on`` defaults to today."""

    allowance_fen: Fen
    note: Note | None = None
    approved_on: date | None = None


class RepairPointRejection(msgspec.Struct, forbid_unknown_fields=True):
    """Customer service rejects the application, saying why."""

    reason: Text


class RepairPointClosing(msgspec.Struct, forbid_unknown_fields=True):
    """The point stops (its stock is exchanged with the marketing centre, 最后集中与营销中心对换)."""

    reason: Text
    closed_on: date | None = None


class DepositPayment(msgspec.Struct, forbid_unknown_fields=True):
    """A payment towards the deposit (押金)."""

    amount_fen: PositiveFen
    paid_on: date | None = None
    note: Note | None = None


class SwapIn(msgspec.Struct, forbid_unknown_fields=True):
    """An old-for-new swap (以旧换新): ``quantity`` faulty parts of ``sku`` back, as many new out."""

    sku: Sku
    quantity: Quantity
    swapped_on: date | None = None
    note: Note | None = None
    ticket_id: UUID | None = None


class StockRead(msgspec.Struct):
    sku: str
    part_name: str
    unit_price_fen: int
    initial_quantity: int
    on_hand: int
    swapped_quantity: int


class DepositRead(msgspec.Struct):
    id: UUID
    amount_fen: int
    paid_on: date
    note: str | None
    recorded_by: UUID


class SwapRead(msgspec.Struct):
    id: UUID
    repair_point_id: UUID
    sku: str
    part_name: str
    quantity: int
    swapped_on: date
    note: str | None
    ticket_id: UUID | None
    recorded_by: UUID
    created_at: datetime


class RepairPointRead(msgspec.Struct):
    id: UUID
    office_id: UUID
    name: str
    region_code: str
    city: str | None
    address: str
    contact: str
    phone: str | None
    coverage: str | None
    notes: str | None
    status: str
    applied_on: date
    proposed_by: UUID
    allowance_proposed_fen: int
    allowance_fen: int | None
    approved_by: UUID | None
    approved_at: datetime | None
    approved_on: date | None
    approval_note: str | None
    rejected_by: UUID | None
    rejected_at: datetime | None
    rejection_reason: str | None
    stock_value_fen: int
    deposit_percent: str
    deposit_fen: int
    deposit_paid_fen: int
    deposit_outstanding_fen: int
    activated_on: date | None
    closed_on: date | None
    close_reason: str | None
    created_at: datetime


class RepairPointFile(RepairPointRead):
    """The point's management file (管理档案): the point with its stock, deposit payments and swaps."""

    stock: list[StockRead]
    deposits: list[DepositRead]
    swaps: list[SwapRead]


class AllowanceLine(msgspec.Struct):
    repair_point_id: UUID
    name: str
    office_id: UUID
    allowance_fen: int
    activated_on: date
    closed_on: date | None


class AllowanceList(msgspec.Struct):
    """The repair allowances (维修费) of a month, paid with the customer's rebate."""

    month: str
    currency: str
    paid_with: str
    note: str
    lines: list[AllowanceLine]
    total_fen: int
