"""Wire types of staff fines."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec

Rule = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Text = Annotated[str, msgspec.Meta(min_length=1, max_length=4000)]


class BreachCreate(msgspec.Struct, forbid_unknown_fields=True):
    """``{user_id, rule, occurred_on, description, in_charge_id?}``: who broke which service rule,
    on which day (the tenant's), what happened, and the person in charge if one is answerable."""

    user_id: UUID
    rule: Rule
    occurred_on: date
    description: Text
    in_charge_id: UUID | None = None


class BreachConfirm(msgspec.Struct, forbid_unknown_fields=True):
    note: Annotated[str, msgspec.Meta(max_length=4000)] | None = None


class BreachRead(msgspec.Struct):
    id: UUID
    user_id: UUID
    rule: str
    occurred_on: date
    description: str
    in_charge_id: UUID | None
    recorded_by: UUID
    count: int
    level: str
    label: dict[str, str]
    fine_fen: int | None
    in_charge_fine_fen: int | None
    status: str
    decided_by: UUID | None
    decided_at: datetime | None
    decision_note: str | None
    created_at: datetime
