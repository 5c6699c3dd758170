"""The fine ladder of a breach of the service rules (003 篇6 管理规定, DOMAIN §12).

A staff member's breach is fined 100 CNY; a second breach of the *same* rule is fined double,
200 CNY; the third is removal (辞退), which a manager must confirm. Breaches of different rules
are counted apart; a breach counts with every earlier one of its rule by the same person, the
breach itself included (the 1st, 2nd, 3rd …; beyond the third, removal again). The person in
charge (the team's lead) is fined 200 CNY with each breach recorded against them. Like the
complaint ladder (:mod:`core.complaints.penalties`), the rungs before the last are recorded at
once and the last is only proposed.
"""

from __future__ import annotations

from core.complaints.penalties import PenaltyProposal, propose
from core.complaints.types import PenaltyLadder, PenaltyStep

LADDER = PenaltyLadder(
    id="core.staff_fines",
    title={"zh_Hans": "违反服务规定处罚", "en": "Breach of the service rules"},
    steps=(
        PenaltyStep(level="fine", label={"zh_Hans": "罚款 100 元", "en": "Fine of ¥100"}, fine_fen=10_000),
        PenaltyStep(level="double_fine", label={"zh_Hans": "罚款 200 元（加倍）", "en": "Fine of ¥200 (doubled)"},
                    fine_fen=20_000),
        PenaltyStep(level="removal", label={"zh_Hans": "辞退", "en": "Removal"}),
    ),
)
#: What the person in charge is fined with each breach recorded against them.
IN_CHARGE_FINE_FEN = 20_000


def proposal(count: int) -> PenaltyProposal:
    """The rung of the ``count``-th breach of one rule by one person."""
    return propose(LADDER, count)
