"""Forms filled for a ticket after intake, and the forms a ticket must carry before an action
(DOMAIN §1 and §7, 000: the on-site service registration before an on-site visit, the service
feedback form signed and stamped by the customer before acceptance).

Plugins declare the requirements (``shouhou_required_forms``); a ticket carries a form when it
was filled at intake or attached later with ``POST /api/v1/tickets/{id}/forms``.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import Conflict, InvalidTransition
from core.forms.service import validate_submission
from core.forms.types import FormRequirement
from core.i18n import pick
from core.tickets.history import record, snapshot
from core.tickets.models import Ticket, TicketForm
from core.tickets.service import actor_id_of, get_ticket, publish_ticket_event

#: A closed or cancelled ticket takes no more forms (a resolved one still does: the feedback form
#: is signed at acceptance).
FINISHED = frozenset({"closed", "cancelled"})


def requirements(ctx, ticket: Ticket, action: str | None = None) -> list[FormRequirement]:
    """The enabled plugins' form requirements that apply to this ticket (and action)."""
    found = ctx.hooks.collect("shouhou_required_forms", settings=ctx.settings)
    return [r for r in found if (action is None or r.before_action == action)
            and (not r.ticket_kinds or ticket.kind in r.ticket_kinds)]


async def filled_form_ids(session: AsyncSession, ticket: Ticket) -> set[str]:
    """The forms the ticket carries: its intake form and every form attached since."""
    attached = await session.scalars(select(TicketForm.form_id).where(TicketForm.ticket_id == ticket.id))
    return {*attached, *([ticket.form_id] if ticket.form_id else [])}


async def check_required_forms(session: AsyncSession, ctx, ticket: Ticket, action: str) -> None:
    """409 field ``form`` when a form the action needs is missing (nothing changes)."""
    needed = requirements(ctx, ticket, action)
    if not needed:
        return
    filled = await filled_form_ids(session, ticket)
    missing = [r for r in needed if r.form_id not in filled]
    if missing:
        first = missing[0]
        raise InvalidTransition(
            f"fill the form {first.form_id} before {action}: {pick(first.reason, 'en')}",
            [("form", r.form_id) for r in missing],
        )


async def attach_form(session: AsyncSession, ctx, ticket_id: UUID, form_id: str, data: dict, actor) -> TicketForm:
    """Validate ``data`` against the tenant's form and keep it with the ticket (with its version);
    a closed or cancelled ticket takes no more forms."""
    ticket = await get_ticket(session, ticket_id, for_update=True)
    if ticket.status in FINISHED:
        raise Conflict(f"a {ticket.status} ticket takes no more forms", [("status", ticket.status)])
    form_id, version = await validate_submission(session, ctx, form_id, data)
    actor_id = actor_id_of(actor)
    before = snapshot(ticket)
    row = TicketForm(ticket_id=ticket.id, form_id=form_id, form_version=version, data=data, filled_by=actor_id)
    session.add(row)
    await session.flush()
    await record(session, ticket, actor_id, "form", before, from_status=ticket.status,
                 data={"form_id": form_id, "form_version": version})
    await publish_ticket_event(session, ctx, ticket, "ticket.form_filled", actor_id, form_id=form_id)
    return row


async def forms_of(session: AsyncSession, ticket_id: UUID) -> list[TicketForm]:
    """The forms attached to the ticket, oldest first."""
    stmt = select(TicketForm).where(TicketForm.ticket_id == ticket_id).order_by(TicketForm.id)
    return list(await session.scalars(stmt))


async def forms_of_tickets(session: AsyncSession, ticket_ids: list[UUID]) -> list[TicketForm]:
    """The forms attached to several tickets the caller has read, oldest first, in one query."""
    if not ticket_ids:
        return []
    stmt = select(TicketForm).where(TicketForm.ticket_id.in_(ticket_ids)).order_by(TicketForm.id)
    return list(await session.scalars(stmt))
