"""The ticket state machine as data: state × action → next state (DOMAIN §1 workflow).

new ─assign→ assigned ─schedule→ scheduled ─confirm→ confirmed ─arrive→ on_site ─resolve→ resolved
─accept→ accepted ─close→ closed; a phone question is resolved straight from ``new`` or escalated
(30 minutes, 003 篇6); on site the technician may take the product back (书面交接, 001); a customer
who disputes the result reopens the ticket. Anything not in the table is a 409.
"""

from __future__ import annotations

TRANSITIONS: dict[str, dict[str, str]] = {
    "new": {"assign": "assigned", "escalate": "escalated", "resolve": "resolved", "cancel": "cancelled"},
    "escalated": {"assign": "assigned", "resolve": "resolved", "cancel": "cancelled"},
    "reopened": {"assign": "assigned", "escalate": "escalated", "resolve": "resolved", "cancel": "cancelled"},
    "assigned": {"assign": "assigned", "schedule": "scheduled", "resolve": "resolved", "cancel": "cancelled"},
    "scheduled": {"assign": "assigned", "schedule": "scheduled", "confirm": "confirmed", "cancel": "cancelled"},
    "confirmed": {
        "assign": "assigned", "schedule": "scheduled", "confirm": "confirmed", "arrive": "on_site",
        "cancel": "cancelled",
    },
    "on_site": {"depart": "visited", "resolve": "resolved", "take_back": "taken_back"},
    "visited": {
        "assign": "assigned", "schedule": "scheduled", "resolve": "resolved", "take_back": "taken_back",
        "cancel": "cancelled",
    },
    "taken_back": {"schedule": "scheduled", "resolve": "resolved", "cancel": "cancelled"},
    "resolved": {"depart": "resolved", "accept": "accepted", "close": "closed", "reopen": "reopened"},
    "accepted": {"depart": "accepted", "close": "closed", "reopen": "reopened"},
    "closed": {"reopen": "reopened"},
    "cancelled": {},
}

#: On site (002): the technician quotes the plan and cost, the customer consents, before extra
#: work or parts; before leaving for the site the technician calls the customer (000, 002).
for _state in ("on_site", "visited", "taken_back"):
    TRANSITIONS[_state]["quote"] = TRANSITIONS[_state]["consent"] = _state
for _state in ("assigned", "scheduled", "confirmed"):
    TRANSITIONS[_state]["call_ahead"] = _state

#: 002: a simple or complex fault; classifying (again) never changes the status.
for _state in ("new", "escalated", "reopened", "assigned", "scheduled", "confirmed", "on_site", "visited", "taken_back"):
    TRANSITIONS[_state]["classify"] = _state

STATES = tuple(TRANSITIONS)
ACTIONS = ("assign", "schedule", "confirm", "arrive", "depart", "resolve", "accept", "close", "reopen",
           "cancel", "take_back", "escalate", "classify", "quote", "consent", "call_ahead")

#: The request fields each action needs.
REQUIRED: dict[str, tuple[str, ...]] = {
    "assign": ("technician_id",),
    "schedule": ("start", "end"),
    "resolve": ("resolution",),
    "accept": ("signed_by",),
    "reopen": ("reason",),
    "cancel": ("reason",),
    "take_back": ("handover_note", "promised_date"),
    "classify": ("complexity",),
    "quote": ("plan", "estimate_fen"),
    "consent": ("consented_by",),
}

#: The domain event each action publishes.
EVENT_NAMES = {
    "assign": "ticket.assigned", "schedule": "ticket.scheduled", "confirm": "ticket.confirmed",
    "arrive": "ticket.arrived", "depart": "ticket.departed", "resolve": "ticket.resolved",
    "accept": "ticket.accepted", "close": "ticket.closed", "reopen": "ticket.reopened",
    "cancel": "ticket.cancelled", "take_back": "ticket.taken_back", "escalate": "ticket.escalated",
    "classify": "ticket.classified", "quote": "ticket.quoted", "consent": "ticket.consented",
    "call_ahead": "ticket.called_ahead",
}

#: States where the work is done or abandoned: the SLA clock no longer runs.
DONE = frozenset({"resolved", "accepted", "closed", "cancelled"})


def next_state(state: str, action: str) -> str | None:
    """The state ``action`` leads to from ``state``, or ``None`` when it is not allowed."""
    return TRANSITIONS.get(state, {}).get(action)
