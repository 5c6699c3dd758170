"""What a call script about a revisit (render parameter ``revisit_id``) is rendered with: the
revisit, its customer and, when it follows a ticket, the ticket's variables (asked of the
scripts' subjects, so revisits read no ticket here). Installed among the scripts' subjects by
:mod:`core.script_subjects`."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from core.i18n import pick
from core.related import all_of
from core.revisits.models import Revisit, RevisitReason
from core.scripts.variables import Call, Shared, customer_variables, subject_variables


async def revisit_variables(call: Call, revisit_id: UUID) -> dict[str, Any]:
    """The revisit (why, when due), its customer and, when it follows a ticket, the ticket."""
    revisit = await call.row(Revisit, revisit_id, "revisit")
    reasons = await call.once(_reasons_key(revisit.id),
                              lambda: all_of(call.session, RevisitReason.revisit_id, revisit.id))
    found = await subject_variables(call, "ticket_id", revisit.ticket_id) if revisit.ticket_id else {}
    return {
        **found,
        **await customer_variables(call, revisit.customer_id),
        "revisit": {
            "reason": "；".join(pick(r.text, call.locale) for r in reasons) or None,
            "due": call.date_text(revisit.due_by),
            "due_from": call.date_text(revisit.due_from),
            "outcome": revisit.outcome,
        },
    }


def _reasons_key(revisit_id: UUID) -> tuple:
    return ("revisit_reasons", revisit_id)


def known_reasons(reasons: dict[UUID, list[RevisitReason]]) -> Shared:
    """A render memo seeded with the reasons of revisits the caller has read (a worklist's), by
    revisit."""
    return {_reasons_key(revisit_id): rows for revisit_id, rows in reasons.items()}
