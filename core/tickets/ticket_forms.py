"""Forms filled for a ticket after intake, and the forms a ticket must carry before an action
(DOMAIN §1 and §7, 000: the on-site service registration before an on-site visit, the service
feedback form signed and stamped by the customer before acceptance).

Plugins declare the requirements (``shouhou_required_forms``); a ticket carries a form when it
was filled at intake or attached later with ``POST /api/v1/tickets/{id}/forms``.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from core.customers.service import get_customer
from core.errors import Conflict, Invalid, InvalidTransition
from core.forms.service import validate_submission
from core.forms.types import FormRequirement
from core.i18n import pick
from core.related import all_of, rows_of
from core.tickets.history import record, snapshot
from core.tickets.models import Ticket, TicketForm
from core.tickets.service import actor_id_of, get_ticket, publish_ticket_event
from tenants.context import TenantContext

#: A closed or cancelled ticket takes no more forms (a resolved one still does: the feedback form
#: is signed at acceptance).
FINISHED = frozenset({"closed", "cancelled"})


def requirements(ctx: TenantContext, ticket: Ticket, action: str | None = None) -> list[FormRequirement]:
    """The enabled plugins' form requirements that apply to this ticket (and action)."""
    found = ctx.declared("shouhou_required_forms")
    return [r for r in found if (action is None or r.before_action == action)
            and (not r.ticket_kinds or ticket.kind in r.ticket_kinds)]


async def latest_form_data(session: AsyncSession, ticket: Ticket) -> dict[str, dict]:
    """Each form the ticket carries (its intake form and every form attached since) with the
    data it was last filled with."""
    rows = await all_of(session, TicketForm.ticket_id, ticket.id)
    latest = {ticket.form_id: ticket.form_data or {}} if ticket.form_id else {}
    return latest | {row.form_id: row.data for row in rows}


def unconfirmed(requirement: FormRequirement, data: dict) -> list[str]:
    """The paths of ``requirement.company_confirms`` that are not ``true`` in ``data``."""
    def value(path: str):
        node = data
        for key in path.split("."):
            node = node.get(key) if isinstance(node, dict) else None
        return node

    return [path for path in requirement.company_confirms if value(path) is not True]


async def check_company_confirms(session: AsyncSession, ctx: TenantContext, ticket: Ticket, form_id: str,
                                 data: dict) -> None:
    """A company customer's form carries what only a company adds (its stamp, 000 第三条(二)6):
    422 on the first such field of ``data`` that is not ``true``."""
    needs = [r for r in requirements(ctx, ticket) if r.form_id == form_id and r.company_confirms]
    if not needs or not (await get_customer(session, ticket.customer_id)).is_company:
        return
    for requirement in needs:
        for path in unconfirmed(requirement, data):
            raise Invalid(f"form.data.{path}", f"a company customer signs and stamps this form: "
                                                f"{pick(requirement.reason, 'en')}")


async def check_required_forms(session: AsyncSession, ctx: TenantContext, ticket: Ticket, action: str) -> None:
    """409 field ``form`` when a form the action needs is missing, or lacks what a company customer
    adds (its stamp) (nothing changes)."""
    needed = requirements(ctx, ticket, action)
    if not needed:
        return
    filled = await latest_form_data(session, ticket)
    company = any(r.company_confirms for r in needed) and (await get_customer(session, ticket.customer_id)).is_company
    missing = [r for r in needed
               if r.form_id not in filled or (company and unconfirmed(r, filled[r.form_id]))]
    if missing:
        first = missing[0]
        raise InvalidTransition(
            f"fill the form {first.form_id} before {action}: {pick(first.reason, 'en')}",
            [("form", r.form_id) for r in missing],
        )


async def attach_form(session: AsyncSession, ctx: TenantContext, ticket_id: UUID, form_id: str, data: dict,
                      actor) -> TicketForm:
    """Validate ``data`` against the tenant's form and keep it with the ticket (with its version);
    a closed or cancelled ticket takes no more forms."""
    ticket = await get_ticket(session, ticket_id, for_update=True)
    if ticket.status in FINISHED:
        raise Conflict(f"a {ticket.status} ticket takes no more forms", [("status", ticket.status)])
    form_id, version = await validate_submission(session, ctx, form_id, data)
    await check_company_confirms(session, ctx, ticket, form_id, data)
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
    return await all_of(session, TicketForm.ticket_id, ticket_id)


async def forms_of_tickets(session: AsyncSession, ticket_ids: list[UUID]) -> list[TicketForm]:
    """The forms attached to several tickets the caller has read, oldest first, in one query."""
    return await rows_of(session, TicketForm.ticket_id, ticket_ids, TicketForm.id)
