"""Car warranty (三包), first free service (首保) and repair charge rules (DOMAIN §8, source 004
售后服务合作方案 and 承诺书).

Pure functions, dates in and a :class:`~core.warranty.types.Decision` out. ``WARRANTY`` is the
ladder, walked top-down (first match wins):

1. a dealer's stock car (商品车) repaired while parked at the shop: 70 % of the market price;
2. the first free service (首保): free to the customer; the maker pays 80 CNY per car, settled
   the same day — once per car: a car whose first service was filed (asset attribute
   ``first_service_date``) is charged as any other service;
3. damage by the customer, misuse or modification: paid even inside the warranty (承诺书 5);
4. within the warranty (三包: by default 36 months or 60,000 km from delivery, whichever comes
   first): free; the maker pays the labour at its own rates (以厂家工时费为准);
5. otherwise: paid, parts plus labour (质保期后的费用由需方承担).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Literal, NamedTuple

from core.sdk import (
    Charge,
    Claim,
    Decision,
    DecisionKind,
    LocalizedText,
    Reason,
    add_months,
    claim_date_field,
    decision,
    fill,
    first_match,
    parts_fen,
    percent_of,
    yuan,
)
from plugins.automotive.claims import CarFacts, delivery_date, read_facts
from plugins.automotive.settings import Settings

VEHICLE = "automotive.vehicle"
OWN_TYPES = frozenset({VEHICLE})
#: The asset attribute a filed first free service (首保) leaves on the car.
FIRST_SERVICE_DATE = "first_service_date"


class Case(NamedTuple):
    claim: Claim
    facts: CarFacts
    settings: Settings


def warranty_end(case: Case) -> date:
    return add_months(delivery_date(case.claim), case.settings.warranty_months)


def first_service_given(case: Case) -> bool:
    """The car already had its first free service (首保 is granted once per new car)."""
    return bool((case.claim.attributes or {}).get(FIRST_SERVICE_DATE))


def within_warranty(case: Case) -> bool:
    """三包: the claim date is within the months of delivery and the odometer (when known) within
    the km: whichever runs out first ends it."""
    if case.claim.claim_date > warranty_end(case):
        return False
    return case.facts.odometer_km is None or case.facts.odometer_km <= case.settings.warranty_km


class Rung(NamedTuple):
    rule_id: str
    matches: Callable[[Case], bool]
    decision: DecisionKind
    charge: Literal["none", "parts_and_labour", "dealer_stock"]
    text: LocalizedText


WARRANTY: tuple[Rung, ...] = (
    Rung("automotive.dealer_stock.discount", lambda c: c.claim.claimant == "dealer", "repair_paid", "dealer_stock",
         {"zh_Hans": "厂家商品车在本店放置期间维修，按市场价的{percent}折优惠收费：{total} 元（合作方案）。",
          "en": "A dealer's stock car repaired while parked here: {percent_en}% of the market price, "
                "CNY {total} (cooperation terms)."}),
    Rung("automotive.first_service.already_given", lambda c: c.facts.first_service and first_service_given(c),
         "repair_paid", "parts_and_labour",
         {"zh_Hans": "该车已于 {first_service_date} 享受首保，首保每台新车仅一次，厂家不再支付首保费；本次按常规保养收费："
                     "配件 {parts} 元、工时 {labour} 元，合计 {total} 元。",
          "en": "This car had its first free service on {first_service_date}; it is granted once per new car and the "
                "maker pays its fee once: this service is paid, parts CNY {parts}, labour CNY {labour}, "
                "total CNY {total}."}),
    Rung("automotive.first_service", lambda c: c.facts.first_service, "repair_free", "none",
         {"zh_Hans": "新车首保，客户免费；首保费每台 {fee} 元由厂家承担，材料由厂家提供，当日结算。",
          "en": "First free service: free to the customer; the maker pays CNY {fee} per car and supplies "
                "the materials, settled the same day."}),
    Rung("automotive.warranty.excluded", lambda c: c.facts.customer_damage, "repair_paid", "parts_and_labour",
         {"zh_Hans": "人为损坏、操作不当或改装造成的故障不属三包范围，实行有偿维修：配件 {parts} 元、工时 {labour} 元，"
                     "合计 {total} 元。",
          "en": "Damage by the user, misuse or modification is not covered: paid repair, parts CNY {parts}, "
                "labour CNY {labour}, total CNY {total}."}),
    Rung("automotive.warranty.period", within_warranty, "repair_free", "none",
         {"zh_Hans": "三包期内（自交车日 {start} 起 {months} 个月至 {end} 或 {km} 公里，以先到者为准；"
                     "报修日 {claim}，里程 {odometer}）：免费维修，三包零件更换的工时按厂家工时费结算。",
          "en": "Within the warranty ({months} months from delivery on {start}, until {end}, or {km} km, "
                "whichever comes first; claim on {claim}, odometer {odometer_en}): free repair, the maker "
                "pays the labour at its own rates."}),
    Rung("automotive.out_of_warranty", lambda c: True, "repair_paid", "parts_and_labour",
         {"zh_Hans": "已超出三包期（{months} 个月至 {end} 或 {km} 公里，以先到者为准；报修日 {claim}，里程 {odometer}），"
                     "维修费用由客户承担：配件 {parts} 元、工时 {labour} 元，合计 {total} 元。",
          "en": "Out of warranty ({months} months until {end} or {km} km, whichever comes first; claim on "
                "{claim}, odometer {odometer_en}): the customer pays, parts CNY {parts}, labour CNY {labour}, "
                "total CNY {total}."}),
)


def charge_fen(case: Case, kind: str) -> int | None:
    """What the customer pays under a rung's charge kind (``None``: nothing)."""
    full = parts_fen(case.claim.parts) + case.facts.labour_fen
    if kind == "parts_and_labour":
        return full
    if kind == "dealer_stock":
        return percent_of(full, case.settings.dealer_stock_price_percent)
    return None


def repair_charge(claim: Claim, settings: Settings) -> Charge:
    """Out of warranty the customer pays the parts and the labour (``facts.labour_fen``)."""
    return Charge(amount_fen=parts_fen(claim.parts) + read_facts(claim).labour_fen)


def first_service_fee(settings: Settings) -> Charge:
    """首保费: what the maker pays the shop per car for the first free service, settled the same day."""
    return Charge(amount_fen=settings.first_service_fee_fen)


def decide(claim: Claim, settings: Settings) -> Decision:
    """Decide a claim on a vehicle. Raises :class:`ClaimProblem` for a missing delivery date (when
    the warranty period must be checked) or a wrong fact."""
    case = Case(claim, read_facts(claim), settings)
    rung = first_match(WARRANTY, lambda r: r.matches(case))
    amount = charge_fen(case, rung.charge)
    reason = Reason(rung.rule_id, fill(rung.text, _values(case, amount)))
    return decision(rung.decision, reason, charge_fen=amount)


def _values(case: Case, amount: int | None) -> dict[str, object]:
    s, facts = case.settings, case.facts
    start = claim_date_field(case.claim, "purchase_date")
    percent = f"{s.dealer_stock_price_percent:g}"
    return {
        "fee": yuan(s.first_service_fee_fen), "months": s.warranty_months, "km": s.warranty_km,
        "start": start or "—", "end": add_months(start, s.warranty_months) if start else "—",
        "claim": case.claim.claim_date,
        "first_service_date": (case.claim.attributes or {}).get(FIRST_SERVICE_DATE, "—"),
        "odometer": "未登记" if facts.odometer_km is None else f"{facts.odometer_km} 公里",
        "odometer_en": "not recorded" if facts.odometer_km is None else f"{facts.odometer_km} km",
        "parts": yuan(parts_fen(case.claim.parts)), "labour": yuan(facts.labour_fen),
        "total": yuan(amount or 0),
        "percent": f"{float(percent) / 10:g}", "percent_en": percent,
    }
