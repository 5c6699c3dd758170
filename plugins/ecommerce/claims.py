"""Reading a shop claim safely: its facts with their defaults, the purchase date, and the
problem raised when a claim cannot be decided as given."""

from __future__ import annotations

from datetime import date
from typing import Literal

import msgspec

from core.i18n import LocalizedText
from core.warranty.types import Claim


class ClaimProblem(ValueError):
    """A claim that cannot be decided as given. ``field`` names the missing or wrong input
    (``purchase_date``, ``claim_date``, ``facts.reason``, ``parts``…); ``text`` says what is
    wrong in both languages. Callers answer it as a 422 on that field."""

    def __init__(self, field: str, text: LocalizedText) -> None:
        self.field = field
        self.text = text
        super().__init__(f"{field}: {text['en']}")


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
    :class:`ClaimProblem`."""
    try:
        facts = msgspec.convert(claim.facts or {}, ShopFacts, strict=False)
    except msgspec.ValidationError as exc:
        path = str(exc).rpartition("at `$.")[2].rstrip("`")
        raise ClaimProblem(
            f"facts.{path}" if path else "facts",
            {"zh_Hans": f"事实字段有误：{exc}", "en": f"invalid fact: {exc}"},
        ) from exc
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
        raise ClaimProblem("purchase_date", {"zh_Hans": "缺少购买日期，无法判定。",
                                             "en": "purchase_date is required."})
    if claim.purchase_date > claim.claim_date:
        raise ClaimProblem("purchase_date", {
            "zh_Hans": f"购买日期（{claim.purchase_date}）晚于申请日（{claim.claim_date}）。",
            "en": f"purchase_date ({claim.purchase_date}) is after the claim date ({claim.claim_date}).",
        })
    return claim.purchase_date


def _given(fact: bool | None, from_attributes: bool) -> bool:
    return from_attributes if fact is None else fact
