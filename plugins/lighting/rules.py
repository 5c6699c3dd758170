"""Lighting warranty, energy-saving lamp exchange and repair charge rules (DOMAIN §6, source 001).

Pure functions, dates in and a :class:`~core.warranty.types.Decision` out. The rules are data:
``PERIODS`` (warranty period per product, 第一条) and ``CFL_EXCHANGE_ORDER`` (第二条 A–C, walked
top-down, first match wins). Periods and percentages come from :class:`Settings`.

Reading (DOMAIN §6 and §10, last paragraph):

* consumer: inside the period a quality fault is repaired free (an energy-saving lamp goes
  through the exchange order instead: exchange one for one or reject); outside the period, for
  plastic parts or for a fault that is not a quality fault, repair is paid: parts + 10 %.
* dealer: only within 15 months of the manufacture date (spray code); only exchange or reject.
"""

from __future__ import annotations

from typing import NamedTuple

from core.sdk import (
    Charge,
    Claim,
    Decision,
    DecisionKind,
    LocalizedText,
    Part,
    Reason,
    add_months,
    decision,
    first_match,
    parts_fen,
    percent_of,
    required_date,
    yuan,
)
from plugins.lighting.claims import LightingFacts, read_facts
from plugins.lighting.settings import Settings

CFL = "lighting.cfl"
PLASTIC_PART = "lighting.plastic_part"


class PeriodRow(NamedTuple):
    """第一条: a product's warranty, ``setting`` naming the months field of :class:`Settings`."""

    rule_id: str
    asset_type: str
    setting: str
    product: LocalizedText


PERIODS: tuple[PeriodRow, ...] = (
    PeriodRow("lighting.period.ceiling_lamp", "lighting.ceiling_lamp", "ceiling_lamp_months",
              {"zh_Hans": "吸顶灯", "en": "Ceiling lamp"}),
    PeriodRow("lighting.period.recessed_ballast", "lighting.recessed_ballast", "recessed_ballast_months",
              {"zh_Hans": "嵌入式灯镇流器", "en": "Recessed-lamp ballast"}),
    PeriodRow("lighting.period.tube", "lighting.tube", "tube_months",
              {"zh_Hans": "灯管", "en": "Lamp tube"}),
    PeriodRow("lighting.period.plastic_part", PLASTIC_PART, "plastic_part_months",
              {"zh_Hans": "塑件", "en": "Plastic part"}),
    PeriodRow("lighting.period.cfl", CFL, "cfl_months",
              {"zh_Hans": "节能灯", "en": "Energy-saving lamp"}),
)


class ExchangeRow(NamedTuple):
    """第二条: the row matches when ``fact`` is true (``None``: always)."""

    rule_id: str
    fact: str | None
    decision: DecisionKind
    text: LocalizedText


CFL_EXCHANGE_ORDER: tuple[ExchangeRow, ...] = (
    ExchangeRow("lighting.cfl.lights_up", "lights_up", "reject",
                {"zh_Hans": "节能灯能亮，按节能灯退换标准一律不换（第二条A）。",
                 "en": "The lamp lights up: energy-saving lamps that light are never exchanged (art. 2 A)."}),
    ExchangeRow("lighting.cfl.tube_greyed", "tube_greyed", "reject",
                {"zh_Hans": "灯管变灰，不予更换（第二条C）。",
                 "en": "The tube has turned grey: no exchange (art. 2 C)."}),
    ExchangeRow("lighting.cfl.bridge_blackened", "bridge_blackened", "reject",
                {"zh_Hans": "接桥间发黑，不予更换（第二条C）。",
                 "en": "Blackening between the bridges: no exchange (art. 2 C)."}),
    ExchangeRow("lighting.cfl.cap_aged", "cap_aged", "reject",
                {"zh_Hans": "节能灯不亮，但灯头已老化，不予更换（第二条B）。",
                 "en": "The lamp does not light but its cap is aged: no exchange (art. 2 B)."}),
    ExchangeRow("lighting.cfl.exchange", None, "exchange",
                {"zh_Hans": "节能灯不亮（含破碎）且灯头未老化（八成新），一支换一支（第二条B）。",
                 "en": "The lamp does not light (broken included) and its cap is not aged (80 % new): "
                       "exchanged one for one (art. 2 B)."}),
)

OWN_TYPES = frozenset(row.asset_type for row in PERIODS)

RULE_REPAIR_FREE = "lighting.repair.free"
RULE_REPAIR_PAID = "lighting.repair.paid"
RULE_NOT_QUALITY = "lighting.not_quality_fault"
RULE_DEALER_WINDOW = "lighting.dealer.window"
RULE_DEALER_EXCHANGE = "lighting.dealer.exchange"


# -- walking the tables ------------------------------------------------------------------------


def period_row(asset_type: str) -> PeriodRow:
    """The warranty row of a lighting product type (``KeyError`` for a type that is not lighting's)."""
    for row in PERIODS:
        if row.asset_type == asset_type:
            return row
    raise KeyError(asset_type)


def cfl_exchange(facts: LightingFacts) -> ExchangeRow:
    """第二条: the first row of the exchange order whose fact holds."""
    return first_match(CFL_EXCHANGE_ORDER, lambda row: row.fact is None or getattr(facts, row.fact))


def repair_fee_fen(parts_fen: int, percent: float) -> int:
    """The repair fee on parts replaced, rounded half up to the fen: 333 × 10 % = 33, 335 → 34."""
    return percent_of(parts_fen, percent)


def repair_charge(parts: tuple[Part, ...], settings: Settings) -> Charge:
    """Out of warranty (第一条): the parts plus a repair fee of ``repair_fee_percent`` of them."""
    total = parts_fen(parts)
    return Charge(amount_fen=total + repair_fee_fen(total, settings.repair_fee_percent))


# -- the decision ------------------------------------------------------------------------------


def decide(claim: Claim, settings: Settings) -> Decision:
    """Decide a lighting claim. Raises :class:`~core.warranty.problems.ClaimProblem` when a needed date or fact is
    missing or wrong, ``KeyError`` when the asset type is not lighting's."""
    row = period_row(claim.asset_type)
    facts = read_facts(claim.facts)
    if claim.claimant == "dealer":
        return _decide_dealer(claim, row, facts, settings)
    return _decide_consumer(claim, row, facts, settings)


def _decide_consumer(claim: Claim, row: PeriodRow, facts: LightingFacts, settings: Settings) -> Decision:
    start = required_date(claim, "purchase_date")
    months = getattr(settings, row.setting)
    if months is None:
        return _paid(claim, settings, _reason(row.rule_id, _NO_WARRANTY, product=row.product))
    end = add_months(start, months)
    values = {"product": row.product, "months": months, "start": start, "end": end, "claim": claim.claim_date}
    if claim.claim_date > end:
        return _paid(claim, settings, _reason(row.rule_id, _PERIOD_OVER, **values))
    within = _reason(row.rule_id, _PERIOD_WITHIN, **values)
    if not facts.quality_fault:
        return _paid(claim, settings, within, _reason(RULE_NOT_QUALITY, _NOT_QUALITY))
    if row.asset_type == CFL:
        return _exchange_order(facts, within)
    return decision("repair_free", within, _reason(RULE_REPAIR_FREE, _REPAIR_FREE))


def _decide_dealer(claim: Claim, row: PeriodRow, facts: LightingFacts, settings: Settings) -> Decision:
    made = required_date(claim, "manufacture_date", "出厂日期（喷码）")
    months = settings.dealer_months_from_manufacture
    end = add_months(made, months)
    values = {"months": months, "start": made, "end": end, "claim": claim.claim_date}
    if claim.claim_date > end:
        return decision("reject", _reason(RULE_DEALER_WINDOW, _DEALER_OVER, **values))
    within = _reason(RULE_DEALER_WINDOW, _DEALER_WITHIN, **values)
    if getattr(settings, row.setting) is None:
        return decision("reject", within, _reason(row.rule_id, _NO_WARRANTY_DEALER, product=row.product))
    if not facts.quality_fault:
        return decision("reject", within, _reason(RULE_NOT_QUALITY, _NOT_QUALITY_DEALER))
    if row.asset_type == CFL:
        return _exchange_order(facts, within)
    return decision("exchange", within, _reason(RULE_DEALER_EXCHANGE, _DEALER_EXCHANGE))


def _exchange_order(facts: LightingFacts, *before: Reason) -> Decision:
    row = cfl_exchange(facts)
    return decision(row.decision, *before, Reason(row.rule_id, dict(row.text)))


def _paid(claim: Claim, settings: Settings, *before: Reason) -> Decision:
    total = parts_fen(claim.parts)
    fee = repair_fee_fen(total, settings.repair_fee_percent)
    charge = _reason(RULE_REPAIR_PAID, _REPAIR_PAID, percent=f"{settings.repair_fee_percent:g}",
                     parts=yuan(total), fee=yuan(fee), total=yuan(total + fee))
    return decision("repair_paid", *before, charge, charge_fen=total + fee)


def _reason(rule_id: str, text: LocalizedText, **values: object) -> Reason:
    """Fill a two-language template; a value that is itself a localized text is picked per locale."""
    return Reason(rule_id, {
        locale: template.format(**{k: v[locale] if isinstance(v, dict) else v for k, v in values.items()})
        for locale, template in text.items()
    })


# -- what the reasons say ------------------------------------------------------------------------

_PERIOD_WITHIN = {
    "zh_Hans": "{product}自购买之日起保修{months}个月（{start} 至 {end}），报修日 {claim} 在保修期内。",
    "en": "{product}: {months}-month warranty from purchase ({start} to {end}); "
          "the claim on {claim} is within it.",
}
_PERIOD_OVER = {
    "zh_Hans": "{product}自购买之日起保修{months}个月（{start} 至 {end}），报修日 {claim} 已超出保修期。",
    "en": "{product}: {months}-month warranty from purchase ({start} to {end}); "
          "the claim on {claim} is after it.",
}
_NO_WARRANTY = {
    "zh_Hans": "{product}不在保修范围内（第一条：塑件不保修）。",
    "en": "{product}: not covered by warranty (art. 1: plastic parts are not under warranty).",
}
_NO_WARRANTY_DEALER = {
    "zh_Hans": "{product}不保修，不予更换。",
    "en": "{product}: not under warranty, no exchange.",
}
_NOT_QUALITY = {
    "zh_Hans": "故障不属于产品质量问题，不在免费保修范围内。",
    "en": "The fault is not a quality fault, so warranty does not cover it.",
}
_NOT_QUALITY_DEALER = {
    "zh_Hans": "不属于产品质量问题，不予更换。",
    "en": "Not a quality fault: no exchange.",
}
_REPAIR_FREE = {
    "zh_Hans": "保修期内的质量问题，免费维修（配件及工时均不收费）。",
    "en": "A quality fault within the warranty period: repaired free (parts and labour).",
}
_REPAIR_PAID = {
    "zh_Hans": "有偿维修：收取配件费 {parts} 元及所换配件 {percent}% 的维修费 {fee} 元，合计 {total} 元。",
    "en": "Paid repair: parts CNY {parts} plus a repair fee of {percent}% of the parts, CNY {fee}; "
          "total CNY {total}.",
}
_DEALER_WITHIN = {
    "zh_Hans": "经销商退换：出厂日期（喷码）{start} 起 {months} 个月内（至 {end}）可一支换一支，"
               "报修日 {claim} 在期限内。",
    "en": "Dealer return: exchange one for one within {months} months of the manufacture date "
          "(spray code) {start}, until {end}; the claim on {claim} is within it.",
}
_DEALER_OVER = {
    "zh_Hans": "经销商退换：出厂日期（喷码）{start} 起已超过 {months} 个月（{end} 止），一律不予更换。",
    "en": "Dealer return: more than {months} months since the manufacture date (spray code) {start} "
          "(ended {end}): no exchange.",
}
_DEALER_EXCHANGE = {
    "zh_Hans": "质量问题，给予一换一。",
    "en": "A quality fault: exchanged one for one.",
}
