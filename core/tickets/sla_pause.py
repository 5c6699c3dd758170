"""Pausing and resuming a ticket's SLA clock; every pause is in the ticket's history."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import utcnow
from core.errors import Conflict
from core.sla.clock import end_pause, start_pause
from core.tickets.history import record, snapshot
from core.tickets.models import Ticket
from core.tickets.service import actor_id_of, get_ticket, publish_ticket_event
from core.tickets.workflow import DONE
from tenants.context import TenantContext


async def pause(session: AsyncSession, ctx: TenantContext, ticket_id: UUID, reason: str, note: str | None,
                actor) -> Ticket:
    """Stop the clock (waiting_customer, waiting_parts, at_factory)."""
    ticket = await get_ticket(session, ticket_id, for_update=True)
    if ticket.status in DONE:
        raise Conflict(f"the SLA clock of a {ticket.status} ticket is not running")
    if ticket.paused_at is not None:
        raise Conflict(f"the SLA clock is already paused ({ticket.pause_reason})")
    before, now = snapshot(ticket), utcnow()
    start_pause(ticket, reason, now)
    ticket.updated_at = now
    await record(session, ticket, actor_id_of(actor), "sla.pause", before, from_status=ticket.status,
                 data={"reason": reason, "note": note})
    await publish_ticket_event(session, ctx, ticket, "ticket.sla_paused", actor_id_of(actor), reason=reason)
    return ticket


async def resume(session: AsyncSession, ctx: TenantContext, ticket_id: UUID, actor) -> Ticket:
    """Restart the clock; the due times move by the paused time."""
    ticket = await get_ticket(session, ticket_id, for_update=True)
    if ticket.paused_at is None:
        raise Conflict("the SLA clock is not paused")
    before, now = snapshot(ticket), utcnow()
    reason = ticket.pause_reason
    seconds = end_pause(ticket, now)
    ticket.updated_at = now
    await record(session, ticket, actor_id_of(actor), "sla.resume", before, from_status=ticket.status,
                 data={"reason": reason, "paused_seconds": seconds})
    await publish_ticket_event(session, ctx, ticket, "ticket.sla_resumed", actor_id_of(actor), paused_seconds=seconds)
    return ticket
