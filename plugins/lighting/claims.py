"""Reading a claim safely: the facts a lighting rule looks at (a wrong one is a
:class:`~core.warranty.problems.ClaimProblem`)."""

from __future__ import annotations

import msgspec

from core.sdk import read_facts_as


class LightingFacts(msgspec.Struct, frozen=True):
    """What the technician found (API.md, Warranty decisions): unknown keys are ignored."""

    lights_up: bool = False
    tube_greyed: bool = False
    bridge_blackened: bool = False
    cap_aged: bool = False
    quality_fault: bool = True


def read_facts(raw: dict) -> LightingFacts:
    """The claim's facts with their defaults; a fact of the wrong type is a :class:`~core.warranty.problems.ClaimProblem`."""
    return read_facts_as(raw, LightingFacts)
