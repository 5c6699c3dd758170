"""Reading a shop claim safely: its facts with their defaults and the purchase date (a missing or
wrong one is a :class:`~core.warranty.problems.ClaimProblem`)."""

from __future__ import annotations

from datetime import date
from typing import Literal

import msgspec

from core.sdk import Claim, missing_date, not_after_claim, read_facts_as


class ShopFacts(msgspec.Struct, frozen=True):
    """What the shop found (API.md, Warranty decisions); unknown keys are ignored.

    ``resalable`` not given: nothing but the exclusions stands in the way of resale.
    ``custom_made``, ``special_price`` and ``gift`` not given: read from the item's attributes
    (``made_to_order``, ``price_type``).
    """

    reason: Literal["no_reason", "quality"] = "quality"
    resalable: bool | None = None
    signs_of_use: bool = False
    custom_made: bool | None = None
    packaging_intact: bool = True
    accessories_complete: bool = True
    has_warranty_card: bool = True
    customer_damage: bool = False
    special_price: bool | None = None
    gift: bool | None = None


def read_facts(claim: Claim) -> ShopFacts:
    """The claim's facts, completed from the item's attributes; a fact of the wrong type is a
    :class:`~core.warranty.problems.ClaimProblem`."""
    facts = read_facts_as(claim.facts, ShopFacts)
    attributes = claim.attributes or {}
    price_type = attributes.get("price_type", "normal")
    return msgspec.structs.replace(
        facts,
        custom_made=_given(facts.custom_made, bool(attributes.get("made_to_order", False))),
        special_price=_given(facts.special_price, price_type == "special"),
        gift=_given(facts.gift, price_type == "gift"),
    )


def purchase_date(claim: Claim) -> date:
    """The purchase date, which must be known and not after the claim date."""
    if claim.purchase_date is None:
        raise missing_date("purchase_date", "购买日期")
    return not_after_claim(claim, "purchase_date", claim.purchase_date, "购买日期", claim_name="申请日")


def _given(fact: bool | None, from_attributes: bool) -> bool:
    return from_attributes if fact is None else fact
