"""Reading shift hand-over notes: the one path the API and the console share. Notes are secret
records (机密, DOMAIN §5): the caller's role is checked against the tenant's confidentiality rules
and every note listed or opened is a read (audited at the levels the rules audit); newest first,
paged by cursor."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.principal import Principal
from core.confidentiality.service import check_reads_of_type
from core.db.lookup import get_or_404
from core.pagination import paginate
from core.related import rows_by
from core.shifts.models import ShiftHandover, ShiftHandoverItem

#: The record type of DOMAIN §5 these notes are (``core.confidentiality.levels.RECORD_LEVELS``).
RECORD_TYPE = "handover_note"


async def check_may_read(session: AsyncSession, principal: Principal, notes: Iterable[ShiftHandover] = ()) -> None:
    """403 unless the caller's role may read the level of hand-over notes under the tenant's
    confidentiality rules; the notes themselves go through ``check_reads`` (audited if the level is)."""
    await check_reads_of_type(session, principal, RECORD_TYPE, [note.id for note in notes])


async def items_of(session: AsyncSession, note_ids: list[UUID]) -> dict[UUID, list[ShiftHandoverItem]]:
    """The items of some notes, in their order."""
    return await rows_by(session, ShiftHandoverItem.handover_id, note_ids, ShiftHandoverItem.position)


async def get_note(
    session: AsyncSession, principal: Principal, note_id: UUID, *, for_update: bool = False
) -> ShiftHandover:
    """One note the caller may read (404 when it is not the tenant's, 403 for a refused role);
    ``for_update`` locks it until the command commits (two people acknowledging at once)."""
    note = await get_or_404(session, ShiftHandover, note_id, "shift hand-over note", for_update=for_update)
    await check_may_read(session, principal, [note])
    return note


async def note_page(
    session: AsyncSession, principal: Principal, *, limit: int | None, cursor: str | None
) -> tuple[list[tuple[ShiftHandover, list[ShiftHandoverItem]]], str | None]:
    """The notes the caller may read, newest first, each with its items (403 for a refused
    role; every note listed is a read)."""
    await check_may_read(session, principal)
    rows, next_cursor = await paginate(session, select(ShiftHandover), ShiftHandover.id, limit=limit, cursor=cursor)
    await check_may_read(session, principal, rows)
    items = await items_of(session, [n.id for n in rows])
    return [(n, items[n.id]) for n in rows], next_cursor
