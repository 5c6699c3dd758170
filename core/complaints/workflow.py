"""The eight steps of a complaint (DOMAIN §2, 001 §一(三)) as a table: which step may follow
which state, and the state each step leads to.

1 record → 2 judge nature (``classify``; a complaint that does not stand is answered and closed)
→ 3 assign responsibility (``assign``) → 4 investigate cause (``investigate``) → 5 propose solution
(``propose``, then ``approve``: 批复) → 6 notify customer (``notify``) → 7 responsibility penalty
(``penalise``) → 8 improvement (``improve``) → ``close``.
"""

from __future__ import annotations

#: The state a new complaint is in: step 1 (记录) is done by creating it.
RECORDED = "recorded"
CLOSED = "closed"

#: state -> {step allowed from it: state it leads to}
TRANSITIONS: dict[str, dict[str, str]] = {
    RECORDED: {"classify": "classified"},
    "rejected": {"close": CLOSED},
    "classified": {"assign": "assigned"},
    "assigned": {"investigate": "investigated"},
    "investigated": {"propose": "proposed"},
    "proposed": {"approve": "approved"},
    "approved": {"notify": "notified"},
    "notified": {"penalise": "penalised"},
    "penalised": {"improve": "improved"},
    "improved": {"close": CLOSED},
    CLOSED: {},
}

#: Every step in workflow order.
STEPS = ("classify", "assign", "investigate", "propose", "approve", "notify", "penalise", "improve", "close")

#: Every state, in workflow order.
STATES = (RECORDED, "rejected", "classified", "assigned", "investigated", "proposed", "approved",
          "notified", "penalised", "improved", CLOSED)


def next_steps(state: str) -> list[str]:
    """The steps allowed from ``state``."""
    return list(TRANSITIONS[state])


def target_state(state: str, step: str, *, valid: bool | None = None) -> str | None:
    """The state ``step`` leads to from ``state``, or ``None`` when it is out of order. A
    ``classify`` that finds the complaint does not stand leads to ``rejected`` (only ``close``
    follows)."""
    target = TRANSITIONS[state].get(step)
    if step == "classify" and target is not None and valid is False:
        return "rejected"
    return target
