"""HTTP: a ticket's internal notes under ``/api/v1/tickets/{ticket_id}/notes``."""

from __future__ import annotations

from uuid import UUID

import msgspec
from litestar import Request, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import STAFF, requires_role
from core.auth.resource import ApiResource
from core.notes import service
from core.notes.models import TicketNote
from core.notes.schemas import NoteIn, NoteRead


def note_read(note: TicketNote) -> NoteRead:
    return msgspec.convert(note, NoteRead, from_attributes=True)


class NoteController(ApiResource, path="/api/v1/tickets/{ticket_id:uuid}/notes", tag="tickets"):
    @post("/", guards=[requires_role(*STAFF)])
    async def add(self, request: Request, db: AsyncSession, ticket_id: UUID, data: NoteIn) -> NoteRead:
        """Add an internal note (staff only to read; never shown to the customer)."""
        return note_read(await service.add(db, request.user, ticket_id, data.body))

    @get("/")
    async def list_notes(self, db: AsyncSession, ticket_id: UUID) -> list[NoteRead]:
        """The ticket's internal notes, oldest first."""
        return [note_read(note) for note in await service.of_ticket(db, ticket_id)]
