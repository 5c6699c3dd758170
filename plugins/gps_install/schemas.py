"""Wire types of the GPS department's work orders and swap history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec

Text200 = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class Vehicle(msgspec.Struct, forbid_unknown_fields=True):
    """One line of the vehicle list (安装车辆明细)."""

    plate: Annotated[str, msgspec.Meta(min_length=1, max_length=16)]
    model: str | None = None
    vehicle_type: str | None = None


class Driver(msgspec.Struct, forbid_unknown_fields=True):
    """Driver details (司机信息), optionally tied to a plate of the vehicle list."""

    name: Text200
    phone: Annotated[str, msgspec.Meta(min_length=3, max_length=32)] | None = None
    plate: str | None = None


class InstallOrderCreate(msgspec.Struct, forbid_unknown_fields=True):
    """Customer service fills the install work order (安装任务派工单) from the install request."""

    customer_id: UUID
    install_request_no: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    vehicles: Annotated[list[Vehicle], msgspec.Meta(min_length=1, max_length=500)]
    drivers: list[Driver] = []
    address: Annotated[str, msgspec.Meta(max_length=500)] | None = None
    contact_name: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    contact_phone: Annotated[str, msgspec.Meta(max_length=32)] | None = None
    notes: str | None = None


class RepairOrderCreate(msgspec.Struct, forbid_unknown_fields=True):
    """The repair service form (维修服务单): customer, address, contact, model, purchase date, fault."""

    customer_id: UUID
    fault: Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]
    asset_id: UUID | None = None
    address: Annotated[str, msgspec.Meta(max_length=500)] | None = None
    contact_name: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    contact_phone: Annotated[str, msgspec.Meta(max_length=32)] | None = None
    model: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    purchase_date: date | None = None
    notes: str | None = None


class Approval(msgspec.Struct, forbid_unknown_fields=True):
    """The GPS department manager's answer: approve (default) or refuse, with a note."""

    approved: bool = True
    note: str | None = None


class Contractor(msgspec.Struct, forbid_unknown_fields=True):
    name: Text200
    phone: Annotated[str, msgspec.Meta(min_length=3, max_length=32)]
    company: Annotated[str, msgspec.Meta(max_length=200)] | None = None


class Assignment(msgspec.Struct, forbid_unknown_fields=True):
    """A technician of the tenant, or — in an emergency with no technician free — an outside
    contractor with the reason."""

    technician_id: UUID | None = None
    contractor: Contractor | None = None
    emergency_reason: Annotated[str, msgspec.Meta(max_length=2000)] | None = None


class PartIn(msgspec.Struct, forbid_unknown_fields=True):
    sku: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    name: Text200
    unit_price_fen: Annotated[int, msgspec.Meta(ge=0)]
    qty: Annotated[int, msgspec.Meta(ge=1)] = 1


class Completion(msgspec.Struct, forbid_unknown_fields=True):
    """The work is done. For a repair of a registered terminal the parts are priced by the
    warranty rules (out of warranty only the parts are charged); ``claim_date`` defaults to today."""

    parts: list[PartIn] = []
    claim_date: date | None = None


class SwapCreate(msgspec.Struct, forbid_unknown_fields=True):
    """A terminal swap (old/new terminal number, with plate and fault for the label) and/or a SIM
    swap (old/new ICCID)."""

    plate: Annotated[str, msgspec.Meta(max_length=16)] | None = None
    fault: Annotated[str, msgspec.Meta(max_length=2000)] | None = None
    old_terminal_no: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    new_terminal_no: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    old_iccid: Annotated[str, msgspec.Meta(max_length=30)] | None = None
    new_iccid: Annotated[str, msgspec.Meta(max_length=30)] | None = None


class WorkOrderRead(msgspec.Struct):
    id: UUID
    kind: str
    status: str
    customer_id: UUID
    asset_id: UUID | None
    install_request_no: str | None
    vehicles: list[dict[str, Any]]
    drivers: list[dict[str, Any]]
    address: str | None
    contact_name: str | None
    contact_phone: str | None
    model: str | None
    purchase_date: date | None
    fault: str | None
    notes: str | None
    created_by: UUID
    approved_by: UUID | None
    approved_at: datetime | None
    decision_note: str | None
    technician_id: UUID | None
    contractor: dict[str, Any] | None
    emergency_reason: str | None
    assigned_by: UUID | None
    assigned_at: datetime | None
    completed_at: datetime | None
    warranty_decision_id: UUID | None
    charge_fen: int | None
    created_at: datetime


class SwapRead(msgspec.Struct):
    id: UUID
    work_order_id: UUID
    plate: str
    fault: str | None
    old_terminal_no: str | None
    new_terminal_no: str | None
    old_iccid: str | None
    new_iccid: str | None
    recorded_by: UUID
    created_at: datetime
