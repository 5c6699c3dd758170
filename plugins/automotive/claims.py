"""Reading a claim safely: the facts a car rule looks at and the date the warranty counts from
(a missing or wrong one is a :class:`~core.warranty.problems.ClaimProblem`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import msgspec

from core.sdk import Claim, ClaimProblem, claim_date_field, not_after_claim, read_facts_as


class CarFacts(msgspec.Struct, frozen=True):
    """What the service advisor found (unknown keys are ignored): ``first_service`` (首保),
    ``customer_damage`` (人为损坏、使用不当或改装), the odometer reading and the labour price."""

    first_service: bool = False
    customer_damage: bool = False
    odometer_km: Annotated[int, msgspec.Meta(ge=0)] | None = None
    labour_fen: Annotated[int, msgspec.Meta(ge=0)] = 0


def read_facts(claim: Claim) -> CarFacts:
    """The claim's facts with their defaults; the odometer falls back to the asset's ``mileage_km``."""
    raw = dict(claim.facts or {})
    if raw.get("odometer_km") is None and (claim.attributes or {}).get("mileage_km") is not None:
        raw["odometer_km"] = claim.attributes["mileage_km"]
    return read_facts_as(raw, CarFacts)


def delivery_date(claim: Claim) -> date:
    """The date the car was delivered (交车/购买日期), which the warranty counts from."""
    value = claim_date_field(claim, "purchase_date")
    if value is None:
        raise ClaimProblem("purchase_date", {"zh_Hans": "缺少购车（交车）日期，无法判定三包。",
                                             "en": "purchase_date (delivery) is required."})
    return not_after_claim(claim, "purchase_date", value, "购车日期")
