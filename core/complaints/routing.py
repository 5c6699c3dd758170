"""Routing a complaint to a department (DOMAIN §2 step 3, 确定责任).

Precedence, first answer wins:

1. the tenant's own table (``PUT /api/v1/complaints/routing``), walked in the tenant's order;
2. the ``shouhou_route_complaint`` decision of an enabled plugin;
3. the declared defaults (``shouhou_complaint_routing``) when the tenant has no table of its own:
   the more specific rule first (more keys in ``match``, then ``category`` before ``type``),
   enabled plugins before the core among equals;
4. :data:`core.complaints.presets.UNMATCHED` (the customer-service department).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import msgspec

from core.complaints.presets import UNMATCHED
from core.complaints.types import RoutingRule

log = logging.getLogger(__name__)

#: The complaint fields a rule may match on.
MATCH_KEYS = ("type", "category")


class RoutingDecision(msgspec.Struct, frozen=True):
    """Where a complaint goes and the rule that sent it there. ``source`` is ``tenant``,
    ``plugin`` (the decision hook), ``default`` or ``unmatched``."""

    department: str
    rule_id: str
    label: dict[str, str]
    source: str


def matches(rule: RoutingRule, complaint: Mapping[str, Any]) -> bool:
    """A rule matches when every key of its ``match`` equals the complaint's value."""
    return all(complaint.get(key) == value for key, value in rule.match.items())


def first_match(rules: Iterable[RoutingRule], complaint: Mapping[str, Any]) -> RoutingRule | None:
    return next((rule for rule in rules if matches(rule, complaint)), None)


def by_specificity(rules: Iterable[RoutingRule]) -> list[RoutingRule]:
    """Most specific first; a stable sort keeps the declaration order among equals."""
    return sorted(rules, key=lambda r: (-len(r.match), "category" not in r.match))


def declared_rules(hooks) -> list[RoutingRule]:
    """The enabled plugins' routing declarations before the core's, most specific first."""
    by_plugin = hooks.collect_by_plugin("shouhou_complaint_routing")
    ordered = [rule for name, rules in by_plugin.items() if name != "core" for rule in rules]
    return by_specificity([*ordered, *by_plugin.get("core", [])])


def plugin_proposal(hooks, complaint: Mapping[str, Any], settings) -> RoutingRule | None:
    """The first enabled plugin's ``shouhou_route_complaint`` answer. A plugin that fails or
    answers something that is not a routing rule is logged and passed over."""
    try:
        proposed = hooks.shouhou_route_complaint(complaint=dict(complaint), settings=settings)
    except Exception:
        log.exception("complaint routing hook failed; falling back to the routing table")
        return None
    if proposed is None:
        return None
    try:
        return msgspec.convert(proposed, RoutingRule, from_attributes=True)
    except msgspec.ValidationError:
        log.error("complaint routing hook answered %r, not a RoutingRule", proposed)
        return None


def route(
    complaint: Mapping[str, Any],
    tenant_rules: list[RoutingRule] | None,
    declared: list[RoutingRule],
    propose: Callable[[], RoutingRule | None],
) -> RoutingDecision:
    """Walk the precedence of the module docstring; ``propose`` asks the plugins, only when the
    tenant's own table has no answer."""
    steps = (
        ("tenant", lambda: first_match(tenant_rules or (), complaint)),
        ("plugin", propose),
        ("default", lambda: None if tenant_rules is not None else first_match(declared, complaint)),
        ("unmatched", lambda: UNMATCHED),
    )
    source, rule = next((source, rule) for source, ask in steps if (rule := ask()) is not None)
    return RoutingDecision(department=rule.department, rule_id=rule.id, label=dict(rule.label), source=source)
