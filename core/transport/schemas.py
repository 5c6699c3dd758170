"""Wire types of transport-damage claims."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

Fen = Annotated[int, msgspec.Meta(ge=0, le=10**12)]
Text = Annotated[str, msgspec.Meta(min_length=1, max_length=4000)]


class ClaimCreate(msgspec.Struct, forbid_unknown_fields=True):
    """``{customer_id, carrier, waybill_no, kind, description, claimed_fen?, ticket_id?, logistics_id?}``."""

    customer_id: UUID
    carrier: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    waybill_no: Annotated[str, msgspec.Meta(min_length=1, max_length=60)]
    kind: Literal["damaged", "lost"]
    description: Text
    claimed_fen: Fen | None = None
    ticket_id: UUID | None = None
    logistics_id: UUID | None = None


class ClaimFile(msgspec.Struct, forbid_unknown_fields=True):
    """Filed with the carrier on ``filed_on`` (today, the tenant's, when left out)."""

    filed_on: date | None = None


class ClaimSettle(msgspec.Struct, forbid_unknown_fields=True):
    settled_fen: Fen
    result: Annotated[str, msgspec.Meta(max_length=4000)] | None = None


class ClaimReject(msgspec.Struct, forbid_unknown_fields=True):
    result: Text


class ClaimRead(msgspec.Struct):
    id: UUID
    customer_id: UUID
    ticket_id: UUID | None
    carrier: str
    waybill_no: str
    kind: str
    description: str
    claimed_fen: int | None
    owner_id: UUID
    logistics_id: UUID | None
    status: str
    filed_on: date | None
    settled_fen: int | None
    result: str | None
    closed_at: datetime | None
    created_at: datetime
