"""Wire types of major-fault reports."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

Text = Annotated[str, msgspec.Meta(min_length=1, max_length=10_000)]


class FaultReport(msgspec.Struct, forbid_unknown_fields=True):
    """The first report (003 篇3 七): when, where, the symptoms, the plan, and who is told."""

    customer_id: UUID
    occurred_at: datetime
    place: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
    symptoms: Text
    plan: Text
    account_owner_id: UUID
    manager_id: UUID
    ticket_id: UUID | None = None


class FaultAnalysis(msgspec.Struct, forbid_unknown_fields=True):
    """The technical lead's analysis after the fault: all five parts."""

    impact: Text
    handling: Text
    root_cause: Text
    corrective_actions: Text
    preventive_actions: Text


class FaultRead(msgspec.Struct):
    id: UUID
    customer_id: UUID
    ticket_id: UUID | None
    occurred_at: datetime
    place: str
    symptoms: str
    plan: str
    reported_by: UUID
    account_owner_id: UUID
    manager_id: UUID
    status: str
    management_informed_at: datetime | None
    impact: str | None
    handling: str | None
    root_cause: str | None
    corrective_actions: str | None
    preventive_actions: str | None
    technical_lead_id: UUID | None
    analysed_at: datetime | None
    sent_at: datetime | None
    created_at: datetime
