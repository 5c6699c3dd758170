"""Wire types of the car repair shop's visits and maintenance-due list."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec

Km = Annotated[int, msgspec.Meta(ge=0, le=2_000_000)]


class VisitCreate(msgspec.Struct, forbid_unknown_fields=True):
    """A service on the car: the visit date, the odometer, the maintenance items done."""

    visit_date: date
    mileage_km: Km
    items: Annotated[list[Annotated[str, msgspec.Meta(min_length=1, max_length=200)]],
                     msgspec.Meta(min_length=1, max_length=100)]
    first_service: bool = False
    notes: Annotated[str, msgspec.Meta(max_length=4000)] | None = None


class NextDue(msgspec.Struct):
    """When a vehicle's next maintenance is due and why (``time`` or ``mileage``)."""

    asset_id: UUID
    customer_id: UUID
    plate: str | None
    last_service_date: date
    last_service_km: int | None
    due_date: date
    due_km: int | None
    reason: str
    rule_id: str
    reminder_date: date
    days_left: int
    overdue: bool
    source: str
    reminder_revisit_id: UUID | None = None


class VisitRead(msgspec.Struct):
    id: UUID
    asset_id: UUID
    customer_id: UUID
    visit_date: date
    filed_on: date
    file_late: bool
    mileage_km: int
    items: list[str]
    first_service: bool
    notes: str | None
    next_due_date: date
    recorded_by: UUID
    created_at: datetime


class VisitRecorded(msgspec.Struct):
    """A recorded visit and the vehicle's next maintenance it led to."""

    visit: VisitRead
    next_maintenance: NextDue


class DueList(msgspec.Struct):
    """Vehicles due for maintenance on or before ``until`` (overdue ones included), soonest first."""

    as_of: date
    until: date
    items: list[NextDue]
