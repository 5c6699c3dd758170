"""Wire types of office audits."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

Text = Annotated[str, msgspec.Meta(min_length=1, max_length=4000)]
Fen = Annotated[int, msgspec.Meta(ge=0, le=10**12)]
#: 第四条: regular or unscheduled (定期/不定期), announced or surprise (告知/突击).
METHODS = ("regular_announced", "regular_surprise", "unscheduled_announced", "unscheduled_surprise")
Method = Literal["regular_announced", "regular_surprise", "unscheduled_announced", "unscheduled_surprise"]


class AuditPlan(msgspec.Struct, forbid_unknown_fields=True):
    """第三条: the plan for one office — what is audited, how, by when and at what cost."""

    office: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    office_manager_id: UUID
    content: Text
    method: Method
    planned_completion_on: date
    costs_fen: Fen
    auditor_ids: Annotated[list[UUID], msgspec.Meta(min_length=1, max_length=20)]


class AuditDone(msgspec.Struct, forbid_unknown_fields=True):
    """What the audit found."""

    result: Text


class AuditRead(msgspec.Struct):
    id: UUID
    office: str
    office_manager_id: UUID
    content: str
    method: str
    planned_completion_on: date
    costs_fen: int
    auditor_ids: list[UUID]
    status: str
    overdue: bool
    result: str | None
    completed_on: date | None
    completed_by: UUID | None
    planned_by: UUID
    created_at: datetime
