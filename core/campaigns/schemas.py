"""Wire types of campaigns."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec


class CampaignCreate(msgspec.Struct, forbid_unknown_fields=True):
    """An event or promotion to announce. The audience is every customer, narrowed to members
    and/or to owners of an asset type (``asset_type_prefix``, e.g. ``"automotive."``), or exactly
    the ``customer_ids`` given."""

    title: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    event_date: date
    description: Annotated[str, msgspec.Meta(max_length=5000)] | None = None
    address: Annotated[str, msgspec.Meta(max_length=500)] | None = None
    script_id: Annotated[str, msgspec.Meta(min_length=1, max_length=200)] | None = None
    members_only: bool = False
    asset_type_prefix: Annotated[str, msgspec.Meta(min_length=1, max_length=100)] | None = None
    customer_ids: Annotated[list[UUID], msgspec.Meta(max_length=10_000)] | None = None


class CampaignProgress(msgspec.Struct):
    """The calls booked, made (reached or not) and the letters due and sent."""

    calls: int
    calls_made: int
    letters: int
    letters_sent: int


class CampaignRead(msgspec.Struct):
    id: UUID
    title: str
    description: str | None
    event_date: date
    address: str | None
    script_id: str | None
    members_only: bool
    asset_type_prefix: str | None
    customers: int
    call_by: date
    created_by: UUID | None
    created_at: datetime
    progress: CampaignProgress | None = None
