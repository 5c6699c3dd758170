"""Reading a claim safely: the facts a lubrication-equipment rule looks at (a wrong one is a
:class:`~core.warranty.problems.ClaimProblem`)."""

from __future__ import annotations

from typing import Annotated

import msgspec

from core.sdk import Claim, read_facts_as


class EquipmentFacts(msgspec.Struct, frozen=True):
    """What the technician found (unknown keys are ignored). A problem of general equipment
    (通用设备), of the operating system (操作系统) or of another maker's product is out of scope;
    ``customer_damage`` is damage by the user, misuse or modification; ``labour_fen`` prices the
    labour of a paid repair."""

    general_equipment: bool = False
    operating_system: bool = False
    not_our_product: bool = False
    customer_damage: bool = False
    labour_fen: Annotated[int, msgspec.Meta(ge=0)] = 0


def read_facts(claim: Claim) -> EquipmentFacts:
    """The claim's facts with their defaults; a fact of the wrong type is a :class:`~core.warranty.problems.ClaimProblem`."""
    return read_facts_as(claim.facts, EquipmentFacts)
