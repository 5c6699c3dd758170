"""Online shop return, exchange and repair rules (DOMAIN §10, source 004 售后服务管理制度).

Pure functions, dates in and a :class:`~core.warranty.types.Decision` out. The rules are data:
``QUALITY_LADDER`` (第七-十条, walked top-down, first rung that matches wins),
``NO_REASON_RUNG`` (第六条) and ``EXCLUSIONS`` (第十一-十五条). Windows come from
:class:`Settings`.

How they combine (DOMAIN §10):

* a no-reason return within 7 days needs the item resalable and none of the exclusions;
  otherwise it is rejected;
* damage caused by the customer is not a quality problem: paid repair;
* a quality claim walks the ladder; an exclusion that forbids return and exchange moves it
  down to the first repair rung that applies (free within 3 months, else paid);
* signs of use and made-to-order exclude only items without a quality problem (第十一、十二条):
  a used or made-to-order item with a quality problem walks the ladder like any other.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, NamedTuple

from dateutil.relativedelta import relativedelta

from core.sdk import (
    Claim,
    Decision,
    DecisionKind,
    LocalizedText,
    Reason,
    add_months,
    decision,
    fill,
    first_match,
    parts_fen,
    yuan,
)
from plugins.ecommerce.claims import ShopFacts, purchase_date, read_facts
from plugins.ecommerce.settings import Settings

ITEM = "ecommerce.item"
OWN_TYPES = frozenset({ITEM})


class Rung(NamedTuple):
    """A rung of the ladder: ``decision`` if the claim is within ``setting`` ``unit``s of the
    purchase (``setting`` ``None``: no limit, the last rung)."""

    rule_id: str
    decision: DecisionKind
    unit: Literal["days", "months"] | None
    setting: str | None
    text: LocalizedText


class Exclusion(NamedTuple):
    """恕不退换: fires when ``fact`` has the value ``fires_when``. ``blocks_quality``: it also
    forbids return and exchange of a quality claim (which then moves down to repair)."""

    rule_id: str
    fact: str
    fires_when: bool
    blocks_quality: bool
    text: LocalizedText


NO_REASON_RUNG = Rung(
    "ecommerce.ladder.no_reason_7d", "return", "days", "no_reason_return_days",
    {"zh_Hans": "购买后{limit}天内、不影响再次销售的商品可无理由退货（第六条）；本次为购买后第{elapsed}天。",
     "en": "Items that can be resold may be returned without a reason within {limit} days of purchase "
           "(art. 6); this is day {elapsed}."},
)

QUALITY_LADDER: tuple[Rung, ...] = (
    Rung("ecommerce.ladder.return_15d", "return", "days", "quality_return_days",
         {"zh_Hans": "购买后{limit}天内出现质量问题，予以退货（第七条）；本次为购买后第{elapsed}天。",
          "en": "A quality problem within {limit} days of purchase: return (art. 7); "
                "this is day {elapsed}."}),
    Rung("ecommerce.ladder.exchange_30d", "exchange", "days", "quality_exchange_days",
         {"zh_Hans": "购买后{limit}天内出现质量问题，可予以调换（第八条）；本次为购买后第{elapsed}天。",
          "en": "A quality problem within {limit} days of purchase: exchange (art. 8); "
                "this is day {elapsed}."}),
    Rung("ecommerce.ladder.repair_free_3m", "repair_free", "months", "free_repair_months",
         {"zh_Hans": "购买后{limit}个月内（至 {end}）出现质量问题，给予免费维修（第九条）。",
          "en": "A quality problem within {limit} months of purchase (until {end}): free repair (art. 9)."}),
    Rung("ecommerce.ladder.repair_paid", "repair_paid", None, None,
         {"zh_Hans": "购买超过{months}个月（{end} 之后）出现质量问题，给予维修，"
                     "按维修范围收取费用（第十条）。",
          "en": "A quality problem more than {months} months after purchase (after {end}): repaired, "
                "for a fee (art. 10)."}),
)

EXCLUSIONS: tuple[Exclusion, ...] = (
    Exclusion("ecommerce.exclusion.signs_of_use", "signs_of_use", True, False,
              {"zh_Hans": "商品有明显的使用或加工痕迹，恕不退换（第十一条）。",
               "en": "The item shows clear signs of use or processing: no return or exchange (art. 11)."}),
    Exclusion("ecommerce.exclusion.custom_made", "custom_made", True, False,
              {"zh_Hans": "为顾客定制、特别加工的商品，恕不退换（第十二条）。",
               "en": "Made to order for the customer: no return or exchange (art. 12)."}),
    Exclusion("ecommerce.exclusion.packaging", "packaging_intact", False, True,
              {"zh_Hans": "商品原包装损坏或遗失，恕不退换（第十三条）。",
               "en": "The original packaging is damaged or lost: no return or exchange (art. 13)."}),
    Exclusion("ecommerce.exclusion.accessories", "accessories_complete", False, True,
              {"zh_Hans": "配件不全或损坏，恕不退换（第十三条）。",
               "en": "Accessories are missing or damaged: no return or exchange (art. 13)."}),
    Exclusion("ecommerce.exclusion.warranty_card", "has_warranty_card", False, True,
              {"zh_Hans": "无保修卡，恕不退换（第十三条）。",
               "en": "No warranty card: no return or exchange (art. 13)."}),
    Exclusion("ecommerce.exclusion.customer_damage", "customer_damage", True, True,
              {"zh_Hans": "因顾客原因造成商品损害，不属于质量问题，恕不退换（第十四条）。",
               "en": "Damage caused by the customer is not a quality problem: "
                     "no return or exchange (art. 14)."}),
    Exclusion("ecommerce.exclusion.special_price", "special_price", True, True,
              {"zh_Hans": "特价商品，恕不退换（第十五条）。",
               "en": "Special-price items are not returned or exchanged (art. 15)."}),
    Exclusion("ecommerce.exclusion.gift", "gift", True, True,
              {"zh_Hans": "赠品，恕不退换（第十五条）。",
               "en": "Gifts are not returned or exchanged (art. 15)."}),
)

RULE_CUSTOMER_DAMAGE = "ecommerce.exclusion.customer_damage"
RULE_NOT_RESALABLE = "ecommerce.no_reason.not_resalable"
RULE_NO_REASON_REJECTED = "ecommerce.no_reason.rejected"
RULE_CHARGE = "ecommerce.charge.parts"


# -- walking the tables ------------------------------------------------------------------------


def elapsed_days(start: date, claim_date: date) -> int:
    """DOMAIN §0: the purchase day is day 0."""
    return (claim_date - start).days


def limit_date(rung: Rung, start: date, settings: Settings) -> date | None:
    """The last day of the rung (``None`` for the open last rung)."""
    if rung.setting is None:
        return None
    limit = getattr(settings, rung.setting)
    return start + (relativedelta(days=limit) if rung.unit == "days" else relativedelta(months=limit))


def within(rung: Rung, start: date, claim_date: date, settings: Settings) -> bool:
    """Within N days is ``elapsed <= N``; within N months is ``claim_date <= start + N months``."""
    end = limit_date(rung, start, settings)
    return end is None or claim_date <= end


def fired_exclusions(facts: ShopFacts) -> tuple[Exclusion, ...]:
    """Every exclusion whose fact holds, in table order."""
    return tuple(e for e in EXCLUSIONS if getattr(facts, e.fact) == e.fires_when)


def first_rung(start: date, claim_date: date, settings: Settings, *, skip: frozenset[str]) -> Rung:
    """The first rung of the quality ladder that matches, skipping the decisions in ``skip``."""
    return first_match(QUALITY_LADDER,
                       lambda rung: rung.decision not in skip and within(rung, start, claim_date, settings))


# -- the decision ------------------------------------------------------------------------------


def decide(claim: Claim, settings: Settings) -> Decision:
    """Decide a return, exchange or repair claim on a shop item. Raises :class:`ClaimProblem`
    when the purchase date or a fact is missing or wrong."""
    start = purchase_date(claim)
    facts = read_facts(claim)
    if facts.reason == "no_reason":
        return _decide_no_reason(claim, start, facts, settings)
    fired = fired_exclusions(facts)
    if facts.customer_damage:
        damage = next(e for e in fired if e.rule_id == RULE_CUSTOMER_DAMAGE)
        return _paid(claim, Reason(damage.rule_id, dict(damage.text)))
    blocking = tuple(e for e in fired if e.blocks_quality)
    rung = first_rung(start, claim.claim_date, settings,
                      skip=frozenset({"return", "exchange"}) if blocking else frozenset())
    reasons = (
        *(Reason(e.rule_id, dict(e.text)) for e in blocking),
        _rung_reason(rung, claim, start, settings),
    )
    if rung.decision == "repair_paid":
        return _paid(claim, *reasons)
    return decision(rung.decision, *reasons)


def _decide_no_reason(claim: Claim, start: date, facts: ShopFacts, settings: Settings) -> Decision:
    rung_reason = _rung_reason(NO_REASON_RUNG, claim, start, settings)
    problems = [Reason(e.rule_id, dict(e.text)) for e in fired_exclusions(facts)]
    if facts.resalable is False:
        problems.insert(0, Reason(RULE_NOT_RESALABLE, {
            "zh_Hans": "商品已影响再次销售，不能无理由退货（第六条）。",
            "en": "The item can no longer be resold: no return without a reason (art. 6).",
        }))
    if not within(NO_REASON_RUNG, start, claim.claim_date, settings):
        problems.insert(0, rung_reason)
    if not problems:
        return decision("return", rung_reason)
    return decision("reject", *problems, Reason(RULE_NO_REASON_REJECTED, {
        "zh_Hans": "不符合无理由退货条件，恕不退货；如商品有质量问题，"
                   "可按质量问题申请退换或维修（第二十五条：明确说明）。",
        "en": "The conditions for a return without a reason are not met, so it is refused; a quality "
              "problem can still be claimed as such (art. 25: refusals are stated clearly).",
    }))


def _rung_reason(rung: Rung, claim: Claim, start: date, settings: Settings) -> Reason:
    end = limit_date(rung, start, settings)
    if end is None:  # the open last rung speaks of the free-repair limit above it
        end = add_months(start, settings.free_repair_months)
    values = {
        "limit": getattr(settings, rung.setting) if rung.setting else "",
        "months": settings.free_repair_months,
        "elapsed": elapsed_days(start, claim.claim_date),
        "end": end,
    }
    return Reason(rung.rule_id, fill(rung.text, values))


def _paid(claim: Claim, *reasons: Reason) -> Decision:
    total = parts_fen(claim.parts)
    charge = Reason(RULE_CHARGE, {
        "zh_Hans": f"有偿维修，收取所换配件费用 {yuan(total)} 元，先维修后收费（第三十一条）。",
        "en": f"Paid repair: the parts replaced, CNY {yuan(total)}, charged after the repair (art. 31).",
    })
    return decision("repair_paid", *reasons, charge, charge_fen=total)
