"""Wire types of the tool custody register and the monthly service-quality summary."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

Note = Annotated[str, msgspec.Meta(min_length=1, max_length=4000)]


class ToolCreate(msgspec.Struct, forbid_unknown_fields=True):
    """Register a tool to a technician."""

    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    holder_id: UUID
    serial: Annotated[str, msgspec.Meta(min_length=1, max_length=100)] | None = None
    valuable: bool = False


class HandoverCreate(msgspec.Struct, forbid_unknown_fields=True):
    """A technician leaving the post hands every tool they keep to another technician."""

    from_user_id: UUID
    to_user_id: UUID
    reason: Note


class ToolReport(msgspec.Struct, forbid_unknown_fields=True):
    """Loss, damage or normal wear of a tool, with what happened; loss and damage may be
    compensated (fen), normal wear never is."""

    kind: Literal["loss", "damage", "normal_wear"]
    report: Note
    compensation_fen: Annotated[int, msgspec.Meta(ge=0)] | None = None


class ToolEventRead(msgspec.Struct):
    id: UUID
    event: str
    from_user_id: UUID | None
    to_user_id: UUID | None
    report: str | None
    compensation_fen: int | None
    recorded_by: UUID
    created_at: datetime


class ToolRead(msgspec.Struct):
    id: UUID
    name: str
    serial: str | None
    valuable: bool
    status: str
    holder_id: UUID
    registered_by: UUID
    created_at: datetime
    events: list[ToolEventRead] = []


class HandoverRead(msgspec.Struct):
    from_user_id: UUID
    to_user_id: UUID
    tools: list[ToolRead]


class TechnicianQuality(msgspec.Struct):
    """One technician's month: on-site services (arrivals), and the revisits about their tickets
    completed in the month (reached, satisfied, unsatisfied; satisfaction rate)."""

    technician_id: UUID
    name: str
    employee_no: str | None
    on_site_services: int
    revisits_reached: int
    satisfied: int
    unsatisfied: int
    satisfaction_rate: float | None


class QualitySummary(msgspec.Struct):
    month: str
    technicians: list[TechnicianQuality]
