"""A tenant's complaint configuration: its own routing table and its penalty ladder."""

from __future__ import annotations

from typing import get_args

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.complaints import presets
from core.complaints.models import ComplaintSettings
from core.complaints.routing import MATCH_KEYS
from core.complaints.schemas import ComplaintType, RoutingRuleIn
from core.complaints.types import PenaltyLadder, RoutingRule
from core.errors import Invalid

COMPLAINT_TYPES = get_args(ComplaintType)


async def settings_row(session: AsyncSession) -> ComplaintSettings | None:
    return await session.scalar(select(ComplaintSettings))


async def _row_for_update(session: AsyncSession) -> ComplaintSettings:
    row = await settings_row(session)
    if row is None:
        row = ComplaintSettings(routing_rules=None, penalty_ladder_id=None)
        session.add(row)
    return row


# -- routing -----------------------------------------------------------------------------------


def tenant_rules(row: ComplaintSettings | None) -> list[RoutingRule] | None:
    """The tenant's own routing table, or ``None`` when it uses the defaults."""
    if row is None or row.routing_rules is None:
        return None
    return msgspec.convert(row.routing_rules, list[RoutingRule])


def check_rules(rules: list[RoutingRuleIn]) -> list[RoutingRule]:
    """Refuse unknown match keys, unknown complaint types and repeated rule ids (422)."""
    seen: set[str] = set()
    problems: list[tuple[str, str]] = []
    for i, rule in enumerate(rules):
        if rule.id in seen:
            problems.append((f"rules[{i}].id", f"rule id {rule.id!r} appears twice"))
        seen.add(rule.id)
        for key in set(rule.match) - set(MATCH_KEYS):
            problems.append((f"rules[{i}].match.{key}", f"can only match on {', '.join(MATCH_KEYS)}"))
        if "type" in rule.match and rule.match["type"] not in COMPLAINT_TYPES:
            problems.append((f"rules[{i}].match.type", f"must be one of {', '.join(COMPLAINT_TYPES)}"))
    if problems:
        raise Invalid.fields("the routing table is not valid", problems)
    return [
        RoutingRule(id=r.id, match=dict(r.match), department=r.department, label=dict(r.label) or {"en": r.department})
        for r in rules
    ]


async def save_routing(session: AsyncSession, rules: list[RoutingRuleIn] | None) -> list[RoutingRule] | None:
    """Save the tenant's own table (``None``: go back to the defaults)."""
    checked = None if rules is None else check_rules(rules)
    row = await _row_for_update(session)
    row.routing_rules = None if checked is None else msgspec.to_builtins(checked)
    await session.flush()
    return checked


# -- penalty ladder ----------------------------------------------------------------------------


def ladders(hooks) -> dict[str, PenaltyLadder]:
    """The presets the tenant may choose from: the core's and the enabled plugins', by id."""
    return {ladder.id: ladder for ladder in hooks.collect("shouhou_penalty_ladders")}


def default_ladder_id(hooks) -> str:
    """An enabled plugin's ladder when one proposes it (the first), else the core default."""
    by_plugin = hooks.collect_by_plugin("shouhou_penalty_ladders")
    proposed = [ladder.id for name, items in by_plugin.items() if name != "core" for ladder in items]
    return proposed[0] if proposed else presets.DEFAULT_LADDER


def current_ladder(hooks, row: ComplaintSettings | None) -> PenaltyLadder:
    """The tenant's chosen ladder; the default when it chose none or its choice is no longer
    offered (the plugin that declared it was disabled)."""
    available = ladders(hooks)
    chosen = row.penalty_ladder_id if row else None
    return available.get(chosen or "") or available[default_ladder_id(hooks)]


async def choose_ladder(session: AsyncSession, hooks, ladder_id: str) -> PenaltyLadder:
    available = ladders(hooks)
    if ladder_id not in available:
        raise Invalid("ladder_id", f"unknown penalty ladder; choose one of {', '.join(sorted(available))}")
    row = await _row_for_update(session)
    row.penalty_ladder_id = ladder_id
    await session.flush()
    return available[ladder_id]
