"""Wire types of weekly service reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec

Text = Annotated[str, msgspec.Meta(min_length=1, max_length=10_000)]


class ReportCreate(msgspec.Struct, forbid_unknown_fields=True):
    """``{situations, feedback, week_start?}``: this week's unless ``week_start`` (a Monday) says
    an earlier one."""

    situations: Text
    feedback: Text
    week_start: date | None = None


class ReportRead(msgspec.Struct):
    id: UUID
    user_id: UUID
    week_start: date
    due_at: datetime
    situations: str
    feedback: str
    submitted_at: datetime
    on_time: bool


class WeekRead(msgspec.Struct):
    """A week for the department meeting: the reports in, and the technicians still owing one."""

    week_start: date
    due_at: datetime
    reports: list[ReportRead]
    missing: list[UUID]
