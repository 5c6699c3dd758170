"""Writing and reading a ticket's internal notes."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.principal import Principal
from core.errors import Invalid
from core.i18n.translate import N_
from core.notes.models import TicketNote
from core.related import all_of
from core.tickets.service import get_ticket

MAX_LENGTH = 4000
EMPTY = N_("write the note")
TOO_LONG = N_("must be at most 4000 characters")


async def add(session: AsyncSession, who: Principal, ticket_id: UUID, body: str) -> TicketNote:
    """A new note on the ticket (404 for another tenant's ticket; 422 on ``body`` when empty or
    longer than 4000 characters)."""
    ticket = await get_ticket(session, ticket_id)
    text = body.strip()
    if not text:
        raise Invalid("body", EMPTY)
    if len(text) > MAX_LENGTH:
        raise Invalid("body", TOO_LONG)
    note = TicketNote(ticket_id=ticket.id, author_id=who.user_id, body=text)
    session.add(note)
    await session.flush()
    return note


async def of_ticket(session: AsyncSession, ticket_id: UUID) -> list[TicketNote]:
    """The ticket's notes, oldest first (404 for another tenant's ticket)."""
    ticket = await get_ticket(session, ticket_id)
    return await all_of(session, TicketNote.ticket_id, ticket.id)
