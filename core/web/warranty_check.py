"""The warranty check of the intake page: the facts an agent can tick for each plugin that decides
warranty claims (API.md, Warranty decisions), the claim read from the posted form, and the words
for each decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from core.i18n.translate import N_
from core.warranty.schemas import DecisionRequest


@dataclass(frozen=True)
class Fact:
    """A fact the technician or agent found on the product: a box to tick, or a choice."""

    name: str
    label: str
    default: bool = False
    options: tuple[tuple[str, str], ...] = ()


#: The facts each plugin's warranty rules read (API.md lists them); inputs are ``fact.<plugin>.<name>``.
FACTS: dict[str, tuple[Fact, ...]] = {
    "lighting": (
        Fact("quality_fault", N_("A quality fault"), default=True),
        Fact("lights_up", N_("The lamp still lights up")),
        Fact("tube_greyed", N_("The tube has turned grey")),
        Fact("bridge_blackened", N_("Blackened between the bridges")),
        Fact("cap_aged", N_("The lamp cap is aged")),
    ),
    "ecommerce": (
        Fact("reason", N_("Reason for the return"),
             options=(("quality", N_("Quality problem")), ("no_reason", N_("No reason given")))),
        Fact("resalable", N_("Still resalable")),
        Fact("signs_of_use", N_("Signs of use")),
        Fact("custom_made", N_("Custom-made")),
        Fact("packaging_intact", N_("Packaging intact"), default=True),
        Fact("accessories_complete", N_("Accessories complete"), default=True),
        Fact("has_warranty_card", N_("Has the warranty card"), default=True),
        Fact("customer_damage", N_("Damaged by the customer")),
        Fact("special_price", N_("Bought at a special price")),
        Fact("gift", N_("A gift")),
    ),
}

DECISIONS = {
    "return": N_("Return"), "exchange": N_("Exchange"), "repair_free": N_("Free repair"),
    "repair_paid": N_("Paid repair"), "reject": N_("No return or exchange"),
}
CLAIMANTS = (("consumer", N_("Consumer")), ("dealer", N_("Dealer")))


def facts_of(enabled) -> dict[str, tuple[Fact, ...]]:
    """The fact lists of the tenant's enabled plugins."""
    return {name: facts for name, facts in FACTS.items() if name in enabled}


def initial_values(enabled) -> dict[str, str]:
    """What the warranty check shows before anything is ticked: each fact's default."""
    return {f"fact.{plugin}.{fact.name}": "on" for plugin, facts in facts_of(enabled).items()
            for fact in facts if fact.default}


def posted_facts(values: dict[str, str], plugin: str) -> dict[str, Any]:
    """The facts ticked or chosen for ``plugin`` (an unticked box is ``False``)."""
    facts: dict[str, Any] = {}
    for fact in FACTS.get(plugin, ()):
        raw = values.get(f"fact.{plugin}.{fact.name}", "")
        if fact.options:
            if raw:
                facts[fact.name] = raw
        else:
            facts[fact.name] = raw == "on"
    return facts


def claim_request(values: dict[str, str], asset_id: UUID, asset_type: str, today: date) -> DecisionRequest:
    """The claim of the posted intake form about ``asset_id`` (claim date: today unless given)."""
    claimant = values.get("claimant") if values.get("claimant") in ("consumer", "dealer") else "consumer"
    raw_date = values.get("claim_date", "")
    claim_date = date.fromisoformat(raw_date) if raw_date else today
    plugin = asset_type.split(".", 1)[0]
    return DecisionRequest(claim_date=claim_date, claimant=claimant, asset_id=asset_id,
                           facts=posted_facts(values, plugin))
