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
    #: 第六条: the written report is due this many days after the audit is done (规定时间).
    report_within_days: Annotated[int, msgspec.Meta(ge=1, le=60)] = 7


class AuditDone(msgspec.Struct, forbid_unknown_fields=True):
    """What the audit found."""

    result: Text


class ReportedProblem(msgspec.Struct, forbid_unknown_fields=True):
    description: Text


class AuditReport(msgspec.Struct, forbid_unknown_fields=True):
    """第六条: the audit group's written report — what it found and the problems the office showed."""

    findings: Text
    problems: Annotated[list[ReportedProblem], msgspec.Meta(max_length=50)] = []


class RectificationOrder(msgspec.Struct, forbid_unknown_fields=True):
    """第七条: the line's order to put a problem right, by a due date."""

    instruction: Text
    due_on: date


class Rectified(msgspec.Struct, forbid_unknown_fields=True):
    """The office's manager: the problem is put right (what was done)."""

    note: Text


class ProblemRead(msgspec.Struct):
    id: UUID
    position: int
    description: str
    status: str
    overdue: bool
    instruction: str | None
    due_on: date | None
    ordered_by: UUID | None
    ordered_on: date | None
    note: str | None
    rectified_on: date | None
    rectified_by: UUID | None


class ReportRead(msgspec.Struct):
    findings: str
    reported_on: date
    reported_by: UUID
    problems: list[ProblemRead]


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
    approved_by: UUID | None
    approved_at: datetime | None
    report_within_days: int
    #: The day the written report is due (the audit done), null before.
    report_due_on: date | None
    report_overdue: bool
    #: 第六条: null until written, and for those the report is not for (see the service).
    report: ReportRead | None
