"""Wire types of the holiday duty roster and leave requests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]
Note = Annotated[str, msgspec.Meta(max_length=500)]
Shift = Literal["day", "night"]


class DutyCreate(msgspec.Struct, forbid_unknown_fields=True):
    """``{day, shift, user_id, note?}``: put a person on duty on a holiday's shift."""

    day: date
    user_id: UUID
    shift: Shift = "day"
    note: Note | None = None


class DutyRead(msgspec.Struct):
    id: UUID
    day: date
    shift: str
    user_id: UUID
    note: str | None
    created_by: UUID | None
    created_at: datetime


class HolidayDay(msgspec.Struct):
    """A statutory holiday day with who is on duty; ``gap`` when nobody is."""

    day: date
    holiday: str
    on_duty: list[DutyRead]
    unstaffed_shifts: list[str]
    gap: bool


class RosterRead(msgspec.Struct):
    """The holiday days from ``first`` to ``last`` (the coming ones by default) and their gaps."""

    first: date
    last: date
    days: list[HolidayDay]
    gaps: int
    #: Years of the range neither the tenant's calendar nor the library covers: their holidays are
    #: unknown until the tenant imports them (``PUT /api/v1/sla/calendar/{year}``).
    uncovered_years: list[int]


class LeaveCreate(msgspec.Struct, forbid_unknown_fields=True):
    """``{first_day, last_day?, night_shift?, special?, reason}``: one's own leave (请假制度 四:
    asked by the person themself)."""

    first_day: date
    reason: Reason
    last_day: date | None = None
    night_shift: bool = False
    special: bool = False


class LeaveDecision(msgspec.Struct, forbid_unknown_fields=True):
    """``{reason?}`` on approving; ``{reason}`` on refusing."""

    reason: Reason | None = None


class LeaveRead(msgspec.Struct):
    id: UUID
    user_id: UUID
    first_day: date
    last_day: date
    days: int
    night_shift: bool
    special: bool
    holiday: bool
    reason: str
    approver_position: str
    status: str
    decided_by: UUID | None
    decided_at: datetime | None
    decision_reason: str | None
    withdrawn_at: datetime | None
    created_at: datetime


class RosterSummary(msgspec.Struct):
    """The manager's numbers: people on approved leave today, leave waiting for a decision and
    coming holiday days with nobody on duty."""

    today: date
    on_leave_today: int
    awaiting_decision: int
    unstaffed_holiday_days: int
    next_gap: date | None
