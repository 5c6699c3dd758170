"""Reading a claim safely: the problem raised when a claim cannot be decided as given, the facts a
car rule looks at, and the date the warranty counts from."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import msgspec

from core.i18n import LocalizedText
from core.warranty.types import Claim


class ClaimProblem(ValueError):
    """A claim that cannot be decided as given. ``field`` names the missing or wrong input;
    ``text`` says what is wrong in both languages. Callers answer it as a 422 on that field."""

    def __init__(self, field: str, text: LocalizedText) -> None:
        self.field = field
        self.text = text
        super().__init__(f"{field}: {text['en']}")


def claim_date_field(claim: Claim, field: str) -> date | None:
    """``claim.<field>``, or the asset attribute of that name (``YYYY-MM-DD``)."""
    value = getattr(claim, field, None)
    if value is not None:
        return value
    raw = (claim.attributes or {}).get(field)
    if raw is None or isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError as exc:
        raise ClaimProblem(f"attributes.{field}", {"zh_Hans": f"日期格式有误：{raw!r}",
                                                   "en": f"not a date (YYYY-MM-DD): {raw!r}"}) from exc


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
    try:
        return msgspec.convert(raw, CarFacts, strict=False)
    except msgspec.ValidationError as exc:
        path = str(exc).rpartition("at `$.")[2].rstrip("`")
        raise ClaimProblem(f"facts.{path}" if path and path != str(exc) else "facts",
                           {"zh_Hans": f"事实字段有误：{exc}", "en": f"invalid fact: {exc}"}) from exc


def delivery_date(claim: Claim) -> date:
    """The date the car was delivered (交车/购买日期), which the warranty counts from."""
    value = claim_date_field(claim, "purchase_date")
    if value is None:
        raise ClaimProblem("purchase_date", {"zh_Hans": "缺少购车（交车）日期，无法判定三包。",
                                             "en": "purchase_date (delivery) is required."})
    if value > claim.claim_date:
        raise ClaimProblem("purchase_date", {"zh_Hans": f"购车日期（{value}）晚于报修日（{claim.claim_date}）。",
                                             "en": f"purchase_date ({value}) is after the claim date."})
    return value
