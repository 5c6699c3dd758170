"""Notice sequences (DOMAIN §3/§10: repaired product ready: notify, notify again 3 days later,
mail it back after 3 unanswered notices): what an unanswered notice schedules next."""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

from core.revisits.types import RevisitRule


@dataclass(frozen=True)
class NextNotice:
    """The contact an unanswered notice schedules: another notice, or the final action."""

    rule: RevisitRule
    key: str
    step: int | None


def base_key(origin_key: str) -> str:
    """The origin of the sequence's first notice."""
    return origin_key.split("#", 1)[0]


def after_unanswered(rule: RevisitRule, origin_key: str, step: int | None) -> NextNotice | None:
    """Notice ``step`` (1 for the first) of ``rule`` went unanswered: the next notice
    ``every_days`` later, or, after the last one, the final contact. ``None`` when the rule has
    no sequence."""
    sequence = rule.sequence
    if sequence is None:
        return None
    step = step or 1
    base = base_key(origin_key)
    if step < sequence.notices:
        script_id = sequence.last_script_id if step + 1 == sequence.notices and sequence.last_script_id else rule.script_id
        again = msgspec.structs.replace(
            rule, due_from_days=sequence.every_days, due_by_days=sequence.every_days, script_id=script_id
        )
        return NextNotice(rule=again, key=f"{base}#notice{step + 1}", step=step + 1)
    final = RevisitRule(
        id=f"{rule.id}.final",
        trigger=rule.trigger,
        due_from_days=0,
        due_by_days=sequence.every_days,
        reason=sequence.final_reason or rule.reason,
        channel=sequence.final_channel,
        script_id=sequence.final_script_id,
    )
    return NextNotice(rule=final, key=f"{base}#final", step=None)
