"""What a call script about a ticket (render parameter ``ticket_id``) is rendered with: the
ticket, its customer and its owner. Installed among the scripts' subjects by
:mod:`core.script_subjects`."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from core.scripts.variables import Call, customer_variables
from core.tickets.models import Ticket


async def ticket_variables(call: Call, ticket_id: UUID) -> dict[str, Any]:
    """The ticket, its customer and owner; ``call_date`` is the day the customer called and
    ``result`` the ticket's resolution (the follow-up call, 003 篇6)."""
    ticket = await call.row(Ticket, ticket_id, "ticket")
    created_on = call.date_text(ticket.created_at)
    return {
        **await customer_variables(call, ticket.customer_id),
        "owner": await call.person(ticket.owner_id),
        "ticket": {
            "number": ticket.number, "subject": ticket.subject, "created_on": created_on,
            "status": ticket.status, "resolution": ticket.resolution,
        },
        "call_date": created_on,
        "result": ticket.resolution,
    }
