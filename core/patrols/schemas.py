"""Wire types of quality patrols and service-research visits."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

Text = Annotated[str, msgspec.Meta(min_length=1, max_length=4000)]
#: A quality patrol (质量巡检, 003 篇3 10.1.1) or a service-research visit (服务调研, 10.1.3).
KINDS = ("quality_patrol", "service_research")
FINDING_STATUSES = ("open", "followed_up", "closed")


class FindingCreate(msgspec.Struct, forbid_unknown_fields=True):
    """What was found, who follows it up and by when."""

    description: Text
    owner_id: UUID
    due_on: date


class VisitCreate(msgspec.Struct, forbid_unknown_fields=True):
    """``{kind, customer_id, visited_on, leader_id, summary, asset_id?, participant_ids?, findings?}``."""

    kind: Literal["quality_patrol", "service_research"]
    customer_id: UUID
    visited_on: date
    leader_id: UUID
    summary: Text
    asset_id: UUID | None = None
    participant_ids: Annotated[list[UUID], msgspec.Meta(max_length=20)] = []
    findings: Annotated[list[FindingCreate], msgspec.Meta(max_length=50)] = []


class FollowUp(msgspec.Struct, forbid_unknown_fields=True):
    """What was done about a finding."""

    action: Text


class FindingClose(msgspec.Struct, forbid_unknown_fields=True):
    """How the finding ended (optional)."""

    result: Annotated[str, msgspec.Meta(max_length=4000)] | None = None


class FindingRead(msgspec.Struct):
    id: UUID
    visit_id: UUID
    position: int
    description: str
    owner_id: UUID
    due_on: date
    status: str
    overdue: bool
    action: str | None
    followed_up_at: datetime | None
    followed_up_by: UUID | None
    result: str | None
    closed_at: datetime | None
    closed_by: UUID | None


class VisitRead(msgspec.Struct):
    id: UUID
    kind: str
    customer_id: UUID
    asset_id: UUID | None
    visited_on: date
    leader_id: UUID
    participant_ids: list[UUID]
    summary: str
    recorded_by: UUID
    created_at: datetime
    findings: list[FindingRead]


class VisitSummary(msgspec.Struct):
    """The manager's numbers: visits of each kind in a period, and the findings open and overdue today."""

    start: date
    end: date
    today: date
    quality_patrols: int
    service_research: int
    findings_open: int
    findings_overdue: int
