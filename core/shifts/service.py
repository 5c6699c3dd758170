"""Shift hand-over notes (交接班记录, DOMAIN §11): open questions are carried to the next shift.

A note's items are the writer's own questions, then every unresolved item of the tenant's previous
note, then every open ticket the writer owns (首问负责人), each once. Notes are secret records
(机密, DOMAIN §5): every read goes through :mod:`core.confidentiality.service`.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.principal import Principal
from core.db.base import utcnow
from core.db.lookup import get_or_404
from core.errors import Conflict, Invalid
from core.shifts.models import ShiftHandover, ShiftHandoverItem
from core.shifts.queries import check_may_read, get_note, items_of
from core.shifts.schemas import HandoverCreate
from core.tickets import queries as tickets
from core.timezones import tenant_today
from tenants.context import TenantContext


def _key(ticket_id: UUID | None, question: str) -> tuple:
    """Two items are the same open question when they name the same ticket, or, without a ticket,
    the same words (case and surrounding blanks ignored)."""
    return ("ticket", ticket_id) if ticket_id else ("text", " ".join(question.split()).casefold())


async def previous_note(session: AsyncSession) -> ShiftHandover | None:
    """The tenant's latest note."""
    return await session.scalar(select(ShiftHandover).order_by(ShiftHandover.id.desc()).limit(1))


async def _check_tickets(session: AsyncSession, data: HandoverCreate) -> None:
    named = {item.ticket_id for item in data.items if item.ticket_id}
    known = await tickets.existing_ids(session, named)
    for index, item in enumerate(data.items):
        if item.ticket_id and item.ticket_id not in known:
            raise Invalid(f"items[{index}].ticket_id", "no such ticket in this tenant")
        if not item.question.strip():
            raise Invalid(f"items[{index}].question", "must not be blank")


async def write(
    session: AsyncSession, ctx: TenantContext, principal: Principal, data: HandoverCreate, *,
    now: datetime | None = None
) -> ShiftHandover:
    """Write a note for the next shift (DOMAIN §11): the given questions, the previous note's
    unresolved items and the writer's open tickets, without duplicates."""
    await check_may_read(session, principal)
    if not data.summary.strip():
        raise Invalid("summary", "must not be blank")
    await _check_tickets(session, data)
    now = now or utcnow()
    previous = await previous_note(session)
    note = ShiftHandover(
        written_by=principal.user_id, written_at=now, shift_date=tenant_today(ctx.tenant, now),
        shift=data.shift, summary=data.summary.strip(),
    )
    session.add(note)
    await session.flush()
    candidates: list[tuple[UUID | None, str, str, UUID | None]] = [
        (item.ticket_id, item.question.strip(), "written", None) for item in data.items
    ]
    if previous is not None:
        for item in (await items_of(session, [previous.id]))[previous.id]:
            if not item.resolved:
                candidates.append((item.ticket_id, item.question, "carried", item.id))
    for ticket in await tickets.open_owned_by(session, principal.user_id):
        candidates.append((ticket.id, f"{ticket.number} {ticket.subject}", "ticket", None))
    seen: set[tuple] = set()
    for ticket_id, question, source, carried_from in candidates:
        key = _key(ticket_id, question)
        if key in seen:
            continue
        seen.add(key)
        session.add(ShiftHandoverItem(
            handover_id=note.id, position=len(seen), ticket_id=ticket_id, question=question, source=source,
            carried_from_id=carried_from,
        ))
    await session.flush()
    return note


async def acknowledge(session: AsyncSession, principal: Principal, note_id: UUID) -> ShiftHandover:
    """The next shift's person confirms they took the note over: not its writer, and only once (409)."""
    note = await get_note(session, principal, note_id, for_update=True)
    if note.acknowledged_by is not None:
        raise Conflict("the note is acknowledged already", [("acknowledged_by", "already acknowledged")])
    if note.written_by == principal.user_id:
        raise Conflict(
            "the writer cannot acknowledge their own note",
            [("acknowledged_by", "the next shift acknowledges, not the writer")],
        )
    note.acknowledged_by, note.acknowledged_at = principal.user_id, utcnow()
    await session.flush()
    return note


async def resolve_item(session: AsyncSession, principal: Principal, note_id: UUID, item_id: UUID) -> ShiftHandover:
    """Mark an open question answered; it is no longer carried to the next note (twice: 409)."""
    note = await get_note(session, principal, note_id)
    item = await get_or_404(session, ShiftHandoverItem, item_id, "item on this note", for_update=True,
                            where=(ShiftHandoverItem.handover_id == note.id,))
    if item.resolved:
        raise Conflict("the question is resolved already", [("resolved", "already resolved")])
    item.resolved, item.resolved_at, item.resolved_by = True, utcnow(), principal.user_id
    await session.flush()
    return note
