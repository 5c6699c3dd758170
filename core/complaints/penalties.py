"""The penalty ladder (责任处罚, DOMAIN §2): which rung a staff member's substantiated service
complaint reaches, counted over a rolling 12 months.

Rolling window, exactly: a complaint counts towards another when it is a substantiated
(``classify`` with ``valid: true``) ``service`` complaint against the same staff member, reported
no later than it (same day: created no later), on a tenant-local date ``d`` with
``(reported_on - d).days <= 365`` (DOMAIN §0:
"within N days" means elapsed <= N). Recorded 365 days earlier still counts; 366 days earlier no
longer does. The complaint being penalised is itself counted (it is the 1st, 2nd, 3rd …).
"""

from __future__ import annotations

from datetime import date, timedelta

import msgspec

from core.complaints.types import PenaltyLadder, PenaltyStep

#: DOMAIN §2: "counted per staff member in a rolling 12 months".
WINDOW_DAYS = 365


class PenaltyProposal(msgspec.Struct, frozen=True):
    """The rung reached. The ladder's last rung (dismissal, removal) is only ``proposed``: a
    manager must confirm it; the rungs before it are ``recorded`` at once."""

    ladder_id: str
    level: str
    count: int
    label: dict[str, str]
    fine_fen: int | None
    status: str


def window_start(reported_on: date) -> date:
    """The earliest tenant-local date that still counts towards a complaint of ``reported_on``."""
    return reported_on - timedelta(days=WINDOW_DAYS)


def in_window(earlier: date, reported_on: date) -> bool:
    return 0 <= (reported_on - earlier).days <= WINDOW_DAYS


def rung(ladder: PenaltyLadder, count: int) -> PenaltyStep:
    """The rung for the ``count``-th complaint; beyond the last rung, the last rung again."""
    return ladder.steps[min(count, len(ladder.steps)) - 1]


def propose(ladder: PenaltyLadder, count: int) -> PenaltyProposal:
    step = rung(ladder, count)
    final = count >= len(ladder.steps)
    return PenaltyProposal(
        ladder_id=ladder.id,
        level=step.level,
        count=count,
        label=dict(step.label),
        fine_fen=step.fine_fen,
        status="proposed" if final else "recorded",
    )
