"""Wire types of shift hand-over notes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

Shift = Literal["morning", "afternoon", "night"]
SHIFTS: tuple[str, ...] = Shift.__args__
Summary = Annotated[str, msgspec.Meta(min_length=1, max_length=5000)]
Question = Annotated[str, msgspec.Meta(min_length=1, max_length=1000)]
#: Where an item came from: written by hand, an open ticket of the writer, or carried over.
ItemSource = Literal["written", "ticket", "carried"]
MAX_ITEMS = 100


class ItemIn(msgspec.Struct):
    """An open question for the next shift, optionally about one ticket."""

    question: Question
    ticket_id: UUID | None = None


class HandoverCreate(msgspec.Struct):
    """``{shift, summary, items?}``: the writer's own open questions; the writer's open tickets and
    the previous note's unresolved items are added by the service."""

    shift: Shift
    summary: Summary
    items: Annotated[list[ItemIn], msgspec.Meta(max_length=MAX_ITEMS)] = []


class ItemRead(msgspec.Struct):
    id: UUID
    position: int
    ticket_id: UUID | None
    question: str
    source: ItemSource
    carried_from_id: UUID | None
    resolved: bool
    resolved_at: datetime | None
    resolved_by: UUID | None


class HandoverRead(msgspec.Struct):
    id: UUID
    shift: Shift
    shift_date: date
    summary: str
    written_by: UUID
    written_at: datetime
    acknowledged_by: UUID | None
    acknowledged_at: datetime | None
    open_items: int
    items: list[ItemRead]
