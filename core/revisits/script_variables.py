"""What a call script about a revisit (render parameter ``revisit_id``) is rendered with: the
revisit, its customer and, when it follows a ticket, the ticket's variables (asked of the
scripts' subjects, so revisits read no ticket here). Installed among the scripts' subjects by
:mod:`core.script_subjects`."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from core.db.lookup import get_or_404
from core.i18n import pick
from core.related import all_of
from core.revisits.models import Revisit, RevisitReason
from core.scripts.variables import Call, customer_variables, subject_variables


async def revisit_variables(call: Call, revisit_id: UUID) -> dict[str, Any]:
    """The revisit (why, when due), its customer and, when it follows a ticket, the ticket."""
    revisit = await get_or_404(call.session, Revisit, revisit_id, "revisit")
    reasons = await all_of(call.session, RevisitReason.revisit_id, revisit.id)
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
