"""Wire types of personal information requests and retention rules."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

Kind = Literal["access", "correction", "erasure"]
Requester = Literal["subject", "guardian", "next_of_kin", "agent"]
Outcome = Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]


class RequestCreate(msgspec.Struct, forbid_unknown_fields=True):
    """A request received: about which customer, what is asked and who asked; ``received_on``
    defaults to today (the tenant's day) and cannot lie ahead."""

    customer_id: UUID
    kind: Kind
    requester: Requester = "subject"
    received_on: date | None = None


class RequestRead(msgspec.Struct):
    id: UUID
    customer_id: UUID
    kind: str
    requester: str
    received_on: date
    due_on: date
    status: str
    overdue: bool
    outcome: str | None
    fields: list[str] | None
    recorded_by: UUID | None
    completed_at: datetime | None
    completed_by: UUID | None
    created_at: datetime


class Answer(msgspec.Struct, forbid_unknown_fields=True):
    """How an access request was answered (e.g. the report handed over, and how), or why a
    request is refused (PIPL Art. 50: a refusal gives its reasons)."""

    outcome: Outcome


class ErasureOptions(msgspec.Struct, forbid_unknown_fields=True):
    """Optional words recorded as the erasure's outcome."""

    outcome: Outcome | None = None


class RetentionRead(msgspec.Struct):
    """Months each record type keeps its personal fields after it was finished, and the defaults."""

    periods: dict[str, int]
    defaults: dict[str, int]


class RetentionUpdate(msgspec.Struct, forbid_unknown_fields=True):
    periods: dict[str, int]
