"""Wire types of call records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec


class CallIn(msgspec.Struct, forbid_unknown_fields=True):
    """One call: ``ring_seconds`` from the first ring to the answer (left out: not answered)."""

    external_id: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    started_at: datetime
    ring_seconds: Annotated[float, msgspec.Meta(ge=0, le=3600)] | None = None
    employee_no: Annotated[str, msgspec.Meta(min_length=1, max_length=40)] | None = None


class CallsIn(msgspec.Struct, forbid_unknown_fields=True):
    calls: Annotated[list[CallIn], msgspec.Meta(min_length=1, max_length=1000)]


class CallsReceived(msgspec.Struct):
    received: int
    duplicates: int


class AgentStats(msgspec.Struct):
    user_id: UUID | None
    employee_no: str | None
    answered: int
    within_three_rings: int
    rate: float | None


class CallStats(msgspec.Struct):
    """The calls that started from ``start`` to ``end`` (tenant-local days, both included)."""

    start: date
    end: date
    calls: int
    answered: int
    within_three_rings: int
    rate: float | None
    agents: list[AgentStats]
