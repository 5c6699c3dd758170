"""Wire types of the lighting plugin's API: offices, return batches and batch quality reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

Text = Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]
Note = Annotated[str, msgspec.Meta(max_length=2000)]
#: A province or city: its GB/T 2260 code or its name.
Region = Annotated[str, msgspec.Meta(min_length=1, max_length=20)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Code = Annotated[str, msgspec.Meta(max_length=100)]
Quantity = Annotated[int, msgspec.Meta(ge=1, le=1_000_000)]
Count = Annotated[int, msgspec.Meta(ge=0, le=1_000_000)]
Product = Literal[
    "lighting.ceiling_lamp", "lighting.recessed_ballast", "lighting.tube", "lighting.plastic_part", "lighting.cfl"
]


# -- offices ----------------------------------------------------------------------------------


class OfficeCreate(msgspec.Struct, forbid_unknown_fields=True):
    """``region`` is a GB/T 2260 province code or short name; ``city`` a city code or name
    (福州, 厦门, 泉州) where the return week depends on the city."""

    name: Name
    region: Region
    city: Region | None = None


class OfficeRead(msgspec.Struct):
    id: UUID
    name: str
    region_code: str
    city: str | None
    return_week: int | None
    created_at: datetime


# -- return batches ---------------------------------------------------------------------------


class LineIn(msgspec.Struct, forbid_unknown_fields=True):
    product: Product
    quantity: Quantity
    reason: Text
    model: Code | None = None
    spray_code: Code | None = None


class ReturnApplication(msgspec.Struct, forbid_unknown_fields=True):
    """不良品产品返厂申请表: the office, its items with quantities and reasons."""

    office_id: UUID
    items: Annotated[list[LineIn], msgspec.Meta(min_length=1, max_length=500)]
    applied_on: date | None = None


class Signature(msgspec.Struct, forbid_unknown_fields=True):
    """The office or regional manager's signature (签字确认)."""

    signed_by: Name
    role: Literal["office_manager", "regional_manager"]
    signed_on: date | None = None


class Approval(msgspec.Struct, forbid_unknown_fields=True):
    """Customer service's approval (客户服务部审批)."""

    note: Note | None = None


class SpecialApproval(msgspec.Struct, forbid_unknown_fields=True):
    """特批: why this batch may return outside its week or a second time this month."""

    reason: Text


class Arrival(msgspec.Struct, forbid_unknown_fields=True):
    """The batch reached the factory (到厂) on ``arrived_on`` (default: today)."""

    arrived_on: date | None = None


class LineCount(msgspec.Struct, forbid_unknown_fields=True):
    line_id: UUID
    quantity: Count
    condition: Note | None = None


class FactoryCount(msgspec.Struct, forbid_unknown_fields=True):
    """Factory logistics' count of every line (第八条); it wins over the office's numbers."""

    lines: Annotated[list[LineCount], msgspec.Meta(min_length=1, max_length=500)]
    counted_on: date | None = None


class LineDecision(msgspec.Struct, forbid_unknown_fields=True):
    """``exchange`` (换货) or ``credit`` (冲帐) the counted quantity, less ``refused_quantity``;
    ``refuse`` refuses all of it. Refusals need a reason (第九条)."""

    line_id: UUID
    decision: Literal["exchange", "credit", "refuse"]
    refused_quantity: Count | None = None
    refusal_reason: Note | None = None


class Decisions(msgspec.Struct, forbid_unknown_fields=True):
    lines: Annotated[list[LineDecision], msgspec.Meta(min_length=1, max_length=500)]
    decided_on: date | None = None


class LineRead(msgspec.Struct):
    id: UUID
    position: int
    product: str
    model: str | None
    spray_code: str | None
    reason: str
    office_quantity: int
    factory_quantity: int | None
    quantity: int
    discrepancy: int | None
    condition: str | None
    decision: str | None
    refused_quantity: int | None
    refusal_reason: str | None
    decided_on: date | None


class SignatureRead(msgspec.Struct):
    signed_by: str
    role: str
    signed_on: date


class ApprovalRead(msgspec.Struct):
    approved_by: UUID
    approved_at: datetime
    note: str | None


class SpecialApprovalRead(msgspec.Struct):
    approved_by: UUID
    approved_at: datetime
    reason: str


class ReturnBatchRead(msgspec.Struct):
    id: UUID
    office_id: UUID
    status: str
    applied_on: date
    signature: SignatureRead | None
    approval: ApprovalRead | None
    special_approval: SpecialApprovalRead | None
    return_week: int | None
    batch_month: date | None
    arrived_on: date | None
    count_due_by: date | None
    counted_on: date | None
    count_overdue: bool
    handle_by: date | None
    handled_on: date | None
    overdue: bool
    lines: list[LineRead]
    created_at: datetime


# -- batch quality reports --------------------------------------------------------------------


class BatchQualityCreate(msgspec.Struct, forbid_unknown_fields=True):
    """批量质量异议: the dealer (a customer), the product and quantity, what is wrong."""

    dealer_id: UUID
    product: Product
    quantity: Quantity
    description: Text
    model: Code | None = None
    spray_code: Code | None = None
    reported_on: date | None = None


class Visit(msgspec.Struct, forbid_unknown_fields=True):
    """The technician's visit (技术人员上门认定) and whether it is a quality problem."""

    technician: Name
    confirmed: bool
    finding: Text
    visited_on: date | None = None


class FullReturn(msgspec.Struct, forbid_unknown_fields=True):
    """The full return of a confirmed batch; the company pays the freight (``freight_fen``)."""

    freight_fen: Count
    returned_on: date | None = None
    carrier: Name | None = None


class BatchQualityRead(msgspec.Struct):
    id: UUID
    dealer_id: UUID
    status: str
    product: str
    model: str | None
    spray_code: str | None
    quantity: int
    description: str
    reported_on: date
    visit_due_by: date
    visit_overdue: bool
    technician: str | None
    visited_on: date | None
    confirmed: bool | None
    finding: str | None
    full_return: bool
    freight_payer: str | None
    returned_quantity: int | None
    returned_on: date | None
    freight_fen: int | None
    carrier: str | None
    created_at: datetime
