"""Wire types of tickets: intake, transitions, hand-over, charges, history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec

Subject = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Text = Annotated[str, msgspec.Meta(max_length=10_000)]
Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]
Short = Annotated[str, msgspec.Meta(max_length=200)]

#: 电话/声讯, 现场, 远程, 来访, 在线, 信函, 邮件, 网页表单 (DOMAIN §1)
Channel = Literal["phone", "on_site", "remote", "visit", "online_chat", "letter", "email", "web_form"]
Priority = Literal["urgent", "high", "normal", "low"]


class FormSubmission(msgspec.Struct):
    id: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    data: dict[str, Any] = {}


#: 002: a simple fault is resolved within X hours, a complex one within Y hours.
Complexity = Literal["simple", "complex"]


class TicketCreate(msgspec.Struct):
    """Intake (登记). The caller is who took the request and becomes its first-contact owner.
    ``province`` is where the service happens when it is not the customer's own province."""

    kind: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    channel: Channel
    customer_id: UUID
    subject: Subject
    description: Text = ""
    asset_id: UUID | None = None
    priority: Priority = "normal"
    form: FormSubmission | None = None
    contact_name: Short | None = None
    contact_phone: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    address: Annotated[str, msgspec.Meta(max_length=500)] | None = None
    province: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    product_model: Short | None = None
    purchase_date: date | None = None
    serial: Short | None = None
    complexity: Complexity | None = None
    #: The warranty decision given during the call (about this ticket's asset): its answer and
    #: reasons stay in the ticket's history (``created`` event, ``warranty_decision_id``).
    warranty_decision_id: UUID | None = None


class Transition(msgspec.Struct):
    """``{"action", ...}``: the fields each action needs are listed in
    :data:`core.tickets.workflow.REQUIRED`; others are ignored."""

    action: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    technician_id: UUID | None = None
    start: datetime | None = None
    end: datetime | None = None
    resolution: Text | None = None
    signed_by: Short | None = None
    signature_image: Annotated[str, msgspec.Meta(max_length=2_000_000)] | None = None
    reason: Text | None = None
    handover_note: Text | None = None
    promised_date: date | None = None
    to_user_id: UUID | None = None
    note: Text | None = None
    complexity: Complexity | None = None
    remedy: Literal["repaired", "exchange", "refund"] | None = None
    plan: Text | None = None
    estimate_fen: Annotated[int, msgspec.Meta(ge=0, le=10**12)] | None = None
    consented_by: Short | None = None
    stamped: bool | None = None
    #: ``depart``: how the technician may leave (000 第三条(二)8): the customer agreed, or the
    #: department lead coordinated; left out, the lead is asked to coordinate.
    left_with: Literal["customer_consent", "lead_coordination"] | None = None


class ServiceRecordIn(msgspec.Struct, forbid_unknown_fields=True):
    """The service record (001): what was done, and whether the product's warranty card (保修卡)
    got the service date and content."""

    content: Annotated[str, msgspec.Meta(min_length=1, max_length=5000)]
    warranty_card_written: bool


class Handover(msgspec.Struct):
    to_user_id: UUID
    reason: Reason


class SlaPause(msgspec.Struct):
    reason: Literal["waiting_customer", "waiting_parts", "at_factory"]
    note: Text | None = None


class ChargeCreate(msgspec.Struct):
    kind: Literal["parts", "labour"]
    description: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
    free: bool
    amount_fen: Annotated[int, msgspec.Meta(ge=0, le=10**12)]
    currency: Annotated[str, msgspec.Meta(pattern="^[A-Z]{3}$")] = "CNY"
    invoice_no: Annotated[str, msgspec.Meta(min_length=1, max_length=64)] | None = None


class TicketFormRead(msgspec.Struct):
    """A form filled for the ticket: at intake (``intake``) or attached later."""

    form_id: str
    form_version: int
    data: dict[str, Any]
    intake: bool
    filled_by: UUID | None
    filled_at: datetime | None


class FormRequirementRead(msgspec.Struct):
    """A form the ticket needs before ``before_action``, and whether it carries it."""

    form_id: str
    before_action: str
    reason: str
    filled: bool


class TicketForms(msgspec.Struct):
    forms: list[TicketFormRead]
    required: list[FormRequirementRead]


class ChargeRead(msgspec.Struct):
    id: UUID
    ticket_id: UUID
    kind: str
    description: str
    free: bool
    amount_fen: int
    currency: str
    invoice_no: str | None
    created_by: UUID
    created_at: datetime


class SlaRead(msgspec.Struct):
    respond_by: datetime | None
    resolve_by: datetime | None
    escalate_by: datetime | None = None
    state: str = "on_track"
    paused: bool = False
    pause_reason: str | None = None
    paused_seconds: int = 0
    respond_breached_at: datetime | None = None
    resolve_breached_at: datetime | None = None
    escalation_level: int = 0
    complexity: str | None = None
    remedy_due_at: datetime | None = None
    due_soon_at: datetime | None = None
    #: Years the due times crossed that no business calendar covers (counted Monday–Friday).
    calendar_uncovered: list[int] = []


class Appointment(msgspec.Struct):
    start: datetime
    end: datetime
    confirmed_at: datetime | None


class TicketRead(msgspec.Struct):
    id: UUID
    number: str
    kind: str
    channel: str
    status: str
    owner_id: UUID
    customer_id: UUID
    asset_id: UUID | None
    sla: SlaRead
    created_at: datetime
    priority: str
    subject: str
    description: str
    created_by: UUID
    technician_id: UUID | None
    parent_ticket_id: UUID | None
    appointment: Appointment | None
    form: dict[str, Any] | None
    intake: dict[str, Any]
    work: dict[str, Any]
    paused: bool
    updated_at: datetime | None
    quote: dict[str, Any] | None = None
    service_record: dict[str, Any] | None = None


class TicketEventRead(msgspec.Struct):
    id: UUID
    ticket_id: UUID
    actor_id: UUID | None
    action: str
    from_status: str | None
    to_status: str | None
    before: dict[str, Any]
    after: dict[str, Any]
    data: dict[str, Any]
    created_at: datetime


class Invoice(msgspec.Struct):
    invoice_no: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
