"""A call script on a page: the blanks the renderer left for variables the call has no value for
(``____``, :data:`core.scripts.sandbox.BLANK`) shown by what they stand for — 〔客户称呼〕,
〔原来电日期〕 — so the agent knows what to ask or say, never a bare line."""

from __future__ import annotations

from core.i18n.translate import N_
from core.scripts.sandbox import BLANK

#: What each script variable is, as the agent is told when the call has no value for it.
VARIABLES = {
    "tenant.name": N_("company name"),
    "agent.name": N_("your name"),
    "agent.employee_no": N_("your agent number"),
    "owner.name": N_("the ticket owner's name"),
    "owner.employee_no": N_("the ticket owner's number"),
    "customer.name": N_("customer's name"),
    "customer.title": N_("customer's form of address"),
    "ticket.number": N_("ticket number"),
    "ticket.subject": N_("what the call was about"),
    "ticket.created_on": N_("date of the original call"),
    "call_date": N_("date of the original call"),
    "ticket.resolution": N_("result of the service"),
    "result": N_("result of the service"),
    "revisit.reason": N_("reason for this call"),
    "revisit.due": N_("date this call is due"),
    # A whole group the call has none of (a revisit booked without a ticket has no ticket at all).
    "ticket": N_("ticket details"),
    "customer": N_("customer's details"),
    "owner": N_("the ticket owner"),
    "revisit": N_("revisit details"),
}


def named_blanks(text: str, missing: list[str]) -> list[tuple[str, str | None]]:
    """The script as pieces: each a run of text and the variable (its description's message id,
    or its name when unknown) of the blank that follows it, ``None`` after the last."""
    runs = text.split(BLANK)
    names = [VARIABLES.get(name, name) for name in missing]
    names += [None] * (len(runs) - len(names))  # a blank the renderer did not name, or the end
    return [(run, names[i] if i < len(runs) - 1 else None) for i, run in enumerate(runs)]
