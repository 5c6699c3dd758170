"""Charge lines of a ticket: free (免费服务, in warranty) or paid (收费服务). The invoice (发票) of a
paid line is issued only once the work is resolved: serve first, charge after (先完成服务，后收费, 004).
On a free line ``amount_fen`` is the value given free of charge."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from core.db.lookup import get_or_404
from core.errors import Conflict, Invalid
from core.related import all_of, rows_of
from core.tickets.history import record, snapshot
from core.tickets.models import TicketCharge
from core.tickets.records import check_consent
from core.tickets.schemas import ChargeCreate
from core.tickets.service import actor_id_of, get_ticket, publish_ticket_event
from tenants.context import TenantContext

INVOICEABLE = frozenset({"resolved", "accepted", "closed"})


def check_invoice(status: str, free: bool) -> None:
    if free:
        raise Invalid("invoice_no", "a free line has no invoice")
    if status not in INVOICEABLE:
        raise Conflict("serve first, charge after: invoice only once the work is resolved",
                       [("invoice_no", "ticket not resolved yet")])


async def add_charge(session: AsyncSession, ctx: TenantContext, ticket_id: UUID, data: ChargeCreate,
                     actor) -> TicketCharge:
    ticket = await get_ticket(session, ticket_id, for_update=True)
    if ticket.status == "cancelled":
        raise Conflict("a cancelled ticket takes no charges")
    if data.invoice_no is not None:
        check_invoice(ticket.status, data.free)
    if not data.free:
        await check_consent(session, ticket, data.amount_fen)
    actor_id = actor_id_of(actor)
    line = TicketCharge(
        ticket_id=ticket.id, kind=data.kind, description=data.description, free=data.free,
        amount_fen=data.amount_fen, currency=data.currency, invoice_no=data.invoice_no, created_by=actor_id,
    )
    session.add(line)
    await session.flush()
    summary = {"charge_id": line.id, "kind": line.kind, "free": line.free, "amount_fen": line.amount_fen,
               "currency": line.currency, "invoice_no": line.invoice_no}
    await record(session, ticket, actor_id, "charge", snapshot(ticket), from_status=ticket.status, data=summary)
    await publish_ticket_event(session, ctx, ticket, "ticket.charge_added", actor_id,
                               **{k: str(v) if isinstance(v, UUID) else v for k, v in summary.items()})
    return line


async def invoice_charge(session: AsyncSession, ctx: TenantContext, ticket_id: UUID, charge_id: UUID, invoice_no: str,
                         actor) -> TicketCharge:
    """Record the invoice number of a paid line once the work is resolved."""
    ticket = await get_ticket(session, ticket_id, for_update=True)
    line = await get_or_404(session, TicketCharge, charge_id, "charge line",
                            where=(TicketCharge.ticket_id == ticket.id,))
    if line.invoice_no is not None:
        raise Conflict("this line is already invoiced", [("invoice_no", "already set")])
    check_invoice(ticket.status, line.free)
    line.invoice_no = invoice_no
    await session.flush()
    await record(session, ticket, actor_id_of(actor), "invoice", snapshot(ticket), from_status=ticket.status,
                 data={"charge_id": line.id, "invoice_no": invoice_no})
    return line


async def charges_of(session: AsyncSession, ticket_id: UUID) -> list[TicketCharge]:
    await get_ticket(session, ticket_id)
    return await all_of(session, TicketCharge.ticket_id, ticket_id)


async def charges_of_tickets(session: AsyncSession, ticket_ids: list[UUID]) -> list[TicketCharge]:
    """The charge lines of several tickets the caller has read, oldest first, in one query."""
    return await rows_of(session, TicketCharge.ticket_id, ticket_ids, TicketCharge.id)
