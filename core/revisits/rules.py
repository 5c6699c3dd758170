"""Which rules apply to what happened, and the due window they give (pure functions)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from core.revisits.types import RevisitRule
from tenants.context import TenantContext

log = logging.getLogger(__name__)

#: Outcomes that mean the customer was reached (a chained rule waits for one of them).
REACHED = ("satisfied", "neutral", "unsatisfied")
#: A letter, SMS or e-mail is done once sent (DOMAIN 8.6: the letter register).
SENT = "sent"
#: Channels whose contact is sent rather than answered.
SENT_CHANNELS = ("letter", "sms", "email")
#: Outcomes that complete a revisit.
COMPLETED = (*REACHED, SENT)


@dataclass(frozen=True)
class Facts:
    """What a rule may look at: the event, its date (tenant zone) and the objects it concerns."""

    trigger: str
    event_date: date
    customer: Any
    asset: Any = None
    ticket_id: UUID | None = None
    complaint_id: UUID | None = None
    ticket_kind: str | None = None
    ticket_status: str | None = None
    outcome: str | None = None
    rule_ids: tuple[str, ...] = ()
    data: dict = field(default_factory=dict)


def _asset_attributes(facts: Facts, wanted: dict) -> bool:
    attributes = (facts.asset.attributes or {}) if facts.asset is not None else {}
    return all(attributes.get(key) == value for key, value in wanted.items())


#: Every condition key a rule may use, and the test it stands for.
CONDITIONS: dict[str, Callable[[Facts, Any], bool]] = {
    "is_member": lambda f, v: f.customer is not None and bool(f.customer.is_member) == bool(v),
    "ticket_kinds": lambda f, v: f.ticket_kind in v,
    "asset_type_prefix": lambda f, v: f.asset is not None and f.asset.type.startswith(v),
    "asset_attributes": _asset_attributes,
    "ticket_status": lambda f, v: f.ticket_status in ([v] if isinstance(v, str) else v),
    "outcomes": lambda f, v: f.outcome in v,
}


def due_window(rule: RevisitRule, event_date: date) -> tuple[date, date]:
    """DOMAIN §0/§3: the window's first and last day, both inclusive, counted from the event
    date (day 0): ``[event + due_from_days, event + due_by_days]``."""
    return event_date + timedelta(days=rule.due_from_days), event_date + timedelta(days=rule.due_by_days)


def applies(rule: RevisitRule, facts: Facts) -> bool:
    """Whether ``rule`` schedules a revisit for ``facts``: same trigger, every condition met, and
    for a chained rule, the rule it follows was on the revisit and the customer was reached."""
    if rule.trigger != facts.trigger:
        return False
    if rule.follows is not None:
        if rule.follows not in facts.rule_ids:
            return False
        if "outcomes" not in rule.conditions and facts.outcome not in REACHED:
            return False
    for key, value in rule.conditions.items():
        test = CONDITIONS.get(key)
        if test is None:
            log.warning("revisit rule %s has an unknown condition %r: not applied", rule.id, key)
            return False
        if not test(facts, value):
            return False
    return True


def revisit_rules(ctx: TenantContext) -> list[RevisitRule]:
    """The rules of the core and the tenant's enabled plugins."""
    return list(ctx.declared("shouhou_revisit_rules"))


def rules_by_id(ctx: TenantContext) -> dict[str, RevisitRule]:
    return {rule.id: rule for rule in revisit_rules(ctx)}
