"""Wire types of chat messages."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

Sender = Literal["customer", "agent"]
Measure = Literal["greeting", "answer"]


class MessageIn(msgspec.Struct, forbid_unknown_fields=True):
    """A message of the chat: who sent it and what it says. ``sent_at`` (not in the future, not
    before the transcript's last message) imports a transcript; a time without offset is read in
    the tenant's zone. By default the message is sent now."""

    sender: Sender
    body: Annotated[str, msgspec.Meta(min_length=1, max_length=5000)]
    sent_at: datetime | None = None


class MessageRead(msgspec.Struct):
    """A message of the transcript. Agent replies to a pending customer message carry ``measure``
    (``greeting`` or ``answer``), ``wait_seconds`` and ``on_time`` (``null`` when the SLA policy
    sets no target); other messages carry ``null``."""

    id: UUID
    ticket_id: UUID
    sender: Sender
    author_id: UUID | None
    body: str
    sent_at: datetime
    measure: Measure | None
    wait_seconds: int | None
    on_time: bool | None
