"""Wire types of internal notes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec


class NoteIn(msgspec.Struct, forbid_unknown_fields=True):
    body: Annotated[str, msgspec.Meta(max_length=8000)]


class NoteRead(msgspec.Struct):
    id: UUID
    ticket_id: UUID
    author_id: UUID
    body: str
    created_at: datetime
