"""Wire types of complaints, their steps, routing table and penalty ladder."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec

ComplaintType = Literal["quality", "service", "suggestion"]
Text = Annotated[str, msgspec.Meta(min_length=1, max_length=10000)]
Short = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]


class ComplaintCreate(msgspec.Struct):
    """Step 1 (记录): complainant, target, demand. ``reported_on`` defaults to today (tenant's
    zone). ``batch_quality`` (批量质量异议, also implied by ``category: "batch_quality"``) asks
    for a technician visit within 2 days of the report."""

    type: ComplaintType
    customer_id: UUID
    description: Text
    ticket_id: UUID | None = None
    against_user_id: UUID | None = None
    demand: Text | None = None
    category: Short | None = None
    batch_quality: bool = False
    reported_on: date | None = None


# -- steps: a union tagged by ``step`` ---------------------------------------------------------


class Classify(msgspec.Struct, tag_field="step", tag="classify"):
    """Step 2 (判断性质): does the complaint stand? If not, ``reason`` is the answer to the customer
    and only ``close`` follows. ``category`` may correct the nature; the complaint is re-routed."""

    valid: bool
    reason: Text | None = None
    category: Short | None = None


class Assign(msgspec.Struct, tag_field="step", tag="assign"):
    """Step 3 (确定责任): the responsible department (default: where routing sent it) and person."""

    department: Short | None = None
    person_id: UUID | None = None


class Investigate(msgspec.Struct, tag_field="step", tag="investigate"):
    """Step 4 (调查原因)."""

    cause: Text


class Propose(msgspec.Struct, tag_field="step", tag="propose"):
    """Step 5 (提出解决办法)."""

    solution: Text


class Approve(msgspec.Struct, tag_field="step", tag="approve"):
    """Step 5, approval (批复): managers and admins only."""

    note: Text | None = None


class Notify(msgspec.Struct, tag_field="step", tag="notify"):
    """Step 6 (通知顾客)."""

    channel: Short | None = None
    message: Text | None = None


class Penalise(msgspec.Struct, tag_field="step", tag="penalise"):
    """Step 7 (责任处罚): on ``user_id`` (default: the complaint's ``against_user_id``)."""

    user_id: UUID | None = None
    note: Text | None = None


class Improve(msgspec.Struct, tag_field="step", tag="improve"):
    """Step 8 (提出改善对策): corrective or preventive action."""

    action: Text


class Close(msgspec.Struct, tag_field="step", tag="close"):
    """Close the complaint; a satisfaction revisit follows (``complaint.closed``)."""

    note: Text | None = None


StepIn = Classify | Assign | Investigate | Propose | Approve | Notify | Penalise | Improve | Close


# -- answers -----------------------------------------------------------------------------------


class PenaltyRead(msgspec.Struct):
    user_id: UUID
    ladder_id: str
    level: str
    count: int
    label: str
    fine_fen: int | None
    currency: str | None
    status: str
    confirmed_by: UUID | None = None
    confirmed_at: datetime | None = None


class StepRead(msgspec.Struct):
    id: UUID
    step: str
    actor_id: UUID | None
    at: datetime
    data: dict[str, Any]


class RoutingRead(msgspec.Struct):
    department: str
    rule_id: str
    label: str
    source: str


class ComplaintRead(msgspec.Struct):
    id: UUID
    type: str
    category: str | None
    customer_id: UUID
    ticket_id: UUID | None
    against_user_id: UUID | None
    description: str
    demand: str | None
    step: str
    next_steps: list[str]
    valid: bool | None
    routed_to: str
    routing: RoutingRead | None
    responsible_department: str | None
    responsible_user_id: UUID | None
    batch_quality: bool
    reported_on: date
    visit_due_by: date | None
    recorded_by: UUID | None
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    penalty: PenaltyRead | None = None
    steps: list[StepRead] | None = None


# -- tenant configuration ----------------------------------------------------------------------


class RoutingRuleIn(msgspec.Struct, forbid_unknown_fields=True):
    id: Short
    match: dict[str, str]
    department: Short
    label: dict[str, str] = {}


class RoutingTableIn(msgspec.Struct, forbid_unknown_fields=True):
    """The tenant's own table, walked top-down; ``null`` goes back to the defaults."""

    rules: list[RoutingRuleIn] | None


class RoutingRuleRead(msgspec.Struct):
    id: str
    match: dict[str, str]
    department: str
    label: dict[str, str]


class RoutingTableRead(msgspec.Struct):
    """``source`` is ``tenant`` when the tenant saved its own table, else ``defaults``."""

    source: str
    rules: list[RoutingRuleRead]
    defaults: list[RoutingRuleRead]


class PenaltyStepRead(msgspec.Struct):
    level: str
    label: dict[str, str]
    fine_fen: int | None


class PenaltyLadderRead(msgspec.Struct):
    id: str
    title: dict[str, str]
    steps: list[PenaltyStepRead]


class PenaltyLadderChoice(msgspec.Struct, forbid_unknown_fields=True):
    ladder_id: Short


class PenaltyLadderSetting(msgspec.Struct):
    """The tenant's ladder, and the presets it can choose from."""

    ladder_id: str
    ladder: PenaltyLadderRead
    presets: list[PenaltyLadderRead]
