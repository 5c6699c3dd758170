"""Lighting warranty, exchange and charge rules (DOMAIN §6, source 001 §1 第一-二条)."""

from __future__ import annotations

from datetime import date

import pytest

from core.sdk import Claim, ClaimProblem, Part
from plugins.lighting import rules
from plugins.lighting.settings import Settings

DEFAULTS = Settings()
BOUGHT = date(2024, 1, 15)


def claim(asset_type: str, claim_date: date, *, purchase: date | None = BOUGHT, **kw) -> Claim:
    return Claim(asset_type=asset_type, claim_date=claim_date, purchase_date=purchase, **kw)


def decide(c: Claim, settings: Settings = DEFAULTS):
    return rules.decide(c, settings)


# -- 第一条: periods from purchase ----------------------------------------------------------------


@pytest.mark.parametrize("asset_type", ["lighting.ceiling_lamp", "lighting.recessed_ballast"])
def test_first_article_twelve_months_last_day_is_free_repair(asset_type):
    """DOMAIN §6 第一条: ceiling lamp and ballast, 12 months from purchase: the last day is covered."""
    d = decide(claim(asset_type, date(2025, 1, 15)))
    assert (d.decision, d.covered, d.charge) == ("repair_free", True, None)
    assert d.rule_ids == (f"lighting.period.{asset_type.removeprefix('lighting.')}", rules.RULE_REPAIR_FREE)


@pytest.mark.parametrize("asset_type", ["lighting.ceiling_lamp", "lighting.recessed_ballast"])
def test_first_article_twelve_months_next_day_is_paid_repair(asset_type):
    """DOMAIN §6 第一条: 12 months + 1 day after purchase the repair is paid (parts + 10 %)."""
    d = decide(claim(asset_type, date(2025, 1, 16), parts=(Part("b1", "ballast", 2000),)))
    assert (d.decision, d.covered) == ("repair_paid", False)
    assert d.charge.amount_fen == 2200
    assert d.rule_ids[-1] == rules.RULE_REPAIR_PAID


def test_first_article_tube_six_months_last_day_and_next():
    """DOMAIN §6 第一条: the tube is guaranteed half a year (6 calendar months)."""
    assert decide(claim("lighting.tube", date(2024, 7, 15))).decision == "repair_free"
    late = decide(claim("lighting.tube", date(2024, 7, 16)))
    assert late.decision == "repair_paid"
    assert late.rule_ids == ("lighting.period.tube", rules.RULE_REPAIR_PAID)


def test_first_article_tube_six_months_is_calendar_months_from_month_end():
    """DOMAIN §0: 2024-08-31 + 6 months = 2025-02-28, the last covered day."""
    bought = date(2024, 8, 31)
    assert decide(claim("lighting.tube", date(2025, 2, 28), purchase=bought)).decision == "repair_free"
    assert decide(claim("lighting.tube", date(2025, 3, 1), purchase=bought)).decision == "repair_paid"


def test_first_article_plastic_parts_have_no_warranty_even_on_the_day_of_purchase():
    """DOMAIN §6 第一条: plastic parts (塑件) are not under warranty: paid repair, parts + 10 %."""
    d = decide(claim("lighting.plastic_part", BOUGHT, parts=(Part("p", "cover", 1000, 2),)))
    assert (d.decision, d.covered, d.charge.amount_fen) == ("repair_paid", False, 2200)
    assert d.rule_ids == ("lighting.period.plastic_part", rules.RULE_REPAIR_PAID)


def test_first_article_not_a_quality_fault_is_paid_within_the_period():
    """DOMAIN §6 第一条 (如因质量问题): only quality faults are repaired free."""
    d = decide(claim("lighting.ceiling_lamp", date(2024, 2, 1), facts={"quality_fault": False}))
    assert d.decision == "repair_paid"
    assert d.rule_ids == ("lighting.period.ceiling_lamp", rules.RULE_NOT_QUALITY, rules.RULE_REPAIR_PAID)


def test_first_article_periods_are_tenant_settings():
    """DOMAIN §6 (configurable): a tenant giving tubes 12 months and plastic parts 3 months."""
    settings = Settings(tube_months=12, plastic_part_months=3)
    assert decide(claim("lighting.tube", date(2025, 1, 15)), settings).decision == "repair_free"
    assert decide(claim("lighting.plastic_part", date(2024, 4, 15)), settings).decision == "repair_free"
    assert decide(claim("lighting.plastic_part", date(2024, 4, 16)), settings).decision == "repair_paid"


# -- 第一条: the charge out of warranty --------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts_fen", "fee"),
    [(333, 33), (335, 34), (334, 33), (5, 1), (4, 0), (0, 0), (1995, 200), (12345, 1235)],
)
def test_first_article_repair_fee_is_ten_percent_rounded_half_up(parts_fen, fee):
    """DOMAIN §0 and §6 第一条: 10 % of the parts, round half up to the fen (33.3 → 33, 33.5 → 34)."""
    assert rules.repair_fee_fen(parts_fen, 10) == fee


def test_first_article_charge_is_parts_plus_fee_over_all_parts():
    """DOMAIN §6 第一条: parts 333 fen → 333 + 33 = 366; 335 → 335 + 34 = 369."""
    assert rules.repair_charge((Part("a", "a", 333),), DEFAULTS).amount_fen == 366
    assert rules.repair_charge((Part("a", "a", 335),), DEFAULTS).amount_fen == 369
    two = (Part("a", "a", 100, qty=3), Part("b", "b", 35))
    assert rules.repair_charge(two, DEFAULTS).amount_fen == 335 + 34


def test_first_article_charge_percent_is_a_setting():
    """DOMAIN §6 (configurable): a 12.5 % fee on 1000 fen is 125 fen; 15 % on 333 is 49.95 → 50."""
    assert rules.repair_charge((Part("a", "a", 1000),), Settings(repair_fee_percent=12.5)).amount_fen == 1125
    assert rules.repair_fee_fen(333, 15) == 50


def test_first_article_paid_decision_explains_the_charge():
    """DOMAIN §0: the reason names parts, fee and total so the agent can tell the customer."""
    d = decide(claim("lighting.tube", date(2024, 8, 1), parts=(Part("t", "tube", 333),)))
    assert d.charge.amount_fen == 366 and d.charge.currency == "CNY"
    assert "3.33" in d.reasons[-1].text["zh_Hans"] and "3.66" in d.reasons[-1].text["en"]


def test_first_article_paid_repair_without_known_parts_charges_nothing_yet():
    """DOMAIN §6 第一条: with no part priced yet the charge is 0 fen (parts + 10 % of nothing)."""
    assert decide(claim("lighting.tube", date(2025, 1, 1))).charge.amount_fen == 0


# -- 第二条: energy-saving lamp, consumer -----------------------------------------------------------


def cfl(facts: dict, on: date = date(2024, 6, 1), **kw):
    return decide(claim("lighting.cfl", on, facts=facts, **kw))


def test_second_article_b_does_not_light_cap_not_aged_exchanges_one_for_one():
    """DOMAIN §6 第二条 B: does not light (broken included), cap not aged → exchange one for one."""
    d = cfl({"lights_up": False, "cap_aged": False})
    assert (d.decision, d.covered) == ("exchange", True)
    assert d.rule_ids == ("lighting.period.cfl", "lighting.cfl.exchange")


def test_second_article_b_cap_aged_rejects():
    """DOMAIN §6 第二条 B: does not light but the cap is aged → no exchange."""
    d = cfl({"cap_aged": True})
    assert (d.decision, d.covered) == ("reject", False)
    assert d.rule_ids[-1] == "lighting.cfl.cap_aged"


def test_second_article_a_lamp_that_lights_is_never_exchanged():
    """DOMAIN §6 第二条 A (step 1): a lamp that lights up is rejected, whatever else is true."""
    d = cfl({"lights_up": True, "tube_greyed": True, "cap_aged": True})
    assert d.decision == "reject"
    assert d.rule_ids[-1] == "lighting.cfl.lights_up"


@pytest.mark.parametrize("fact", ["tube_greyed", "bridge_blackened"])
def test_second_article_c_greyed_tube_or_blackened_bridges_reject_before_the_cap(fact):
    """DOMAIN §6 第二条 C (step 2): tube greyed or blackening between the bridges → no exchange,
    even when the cap is not aged."""
    d = cfl({fact: True, "cap_aged": False})
    assert d.decision == "reject"
    assert d.rule_ids[-1] == f"lighting.cfl.{fact}"


def test_second_article_exchange_order_is_walked_top_down():
    """DOMAIN §0: the first row that matches wins; the table ends with the exchange row."""
    assert [r.rule_id for r in rules.CFL_EXCHANGE_ORDER] == [
        "lighting.cfl.lights_up", "lighting.cfl.tube_greyed", "lighting.cfl.bridge_blackened",
        "lighting.cfl.cap_aged", "lighting.cfl.exchange",
    ]
    assert rules.CFL_EXCHANGE_ORDER[-1].fact is None


def test_second_article_d_consumer_keeps_twelve_months_from_purchase():
    """DOMAIN §6 第二条 D: consumers keep 12 months from purchase: the last day is exchanged."""
    assert cfl({}, on=date(2025, 1, 15)).decision == "exchange"


def test_second_article_d_consumer_after_twelve_months_is_a_paid_repair():
    """DOMAIN §6: a consumer's CFL claim past 12 months becomes a paid repair (parts + 10 %)."""
    d = cfl({}, on=date(2025, 1, 16), parts=(Part("c", "ballast board", 335),))
    assert (d.decision, d.charge.amount_fen) == ("repair_paid", 369)
    assert d.rule_ids == ("lighting.period.cfl", rules.RULE_REPAIR_PAID)


def test_second_article_consumer_cfl_needs_no_manufacture_date():
    """DOMAIN §6 第二条 D: the spray-code window is for dealers only."""
    assert cfl({}, manufacture_date=date(2020, 1, 1)).decision == "exchange"


# -- 第二条 D: dealers -------------------------------------------------------------------------------


MADE = date(2024, 1, 15)


def dealer(asset_type: str, on: date, **kw):
    kw.setdefault("manufacture_date", MADE)
    return decide(Claim(asset_type=asset_type, claim_date=on, claimant="dealer", **kw))


def test_second_article_d_dealer_last_day_of_fifteen_months_exchanges():
    """DOMAIN §6 第二条 D: within 15 months of the manufacture date (spray code): one for one.
    2024-01-15 + 15 months = 2025-04-15, the last day."""
    d = dealer("lighting.cfl", date(2025, 4, 15))
    assert (d.decision, d.covered) == ("exchange", True)
    assert d.rule_ids == (rules.RULE_DEALER_WINDOW, "lighting.cfl.exchange")


def test_second_article_d_dealer_the_day_after_fifteen_months_rejects():
    """DOMAIN §6 第二条 D: beyond 15 months, no exchange at all."""
    d = dealer("lighting.cfl", date(2025, 4, 16), parts=(Part("x", "x", 100),))
    assert (d.decision, d.covered, d.charge) == ("reject", False, None)
    assert d.rule_ids == (rules.RULE_DEALER_WINDOW,)


def test_second_article_d_dealer_window_ignores_the_purchase_date():
    """DOMAIN §6 第二条 D: for dealers the window runs from manufacture, not purchase."""
    d = dealer("lighting.cfl", date(2025, 4, 1), purchase_date=date(2024, 1, 1))
    assert d.decision == "exchange"


def test_second_article_dealer_cfl_still_walks_the_exchange_order():
    """DOMAIN §6 第二条 A–D: a dealer's lamp that lights up is rejected inside the window."""
    assert dealer("lighting.cfl", date(2024, 6, 1), facts={"lights_up": True}).rule_ids[-1] == (
        "lighting.cfl.lights_up"
    )


@pytest.mark.parametrize("asset_type", sorted(rules.OWN_TYPES))
@pytest.mark.parametrize("on", [date(2024, 6, 1), date(2026, 1, 1)])
@pytest.mark.parametrize("facts", [{}, {"quality_fault": False}, {"cap_aged": True}, {"lights_up": True}])
def test_dealer_claims_are_only_ever_exchanged_or_rejected(asset_type, on, facts):
    """DOMAIN §6: a dealer's claim is only ever exchanged or rejected, never repaired."""
    d = dealer(asset_type, on, facts=facts, parts=(Part("x", "x", 100),))
    assert d.decision in ("exchange", "reject")
    assert d.charge is None


def test_dealer_plastic_part_and_non_quality_fault_are_rejected():
    """DOMAIN §6: plastic parts have no warranty; a dealer's non-quality fault is not exchanged."""
    assert dealer("lighting.plastic_part", date(2024, 2, 1)).rule_ids[-1] == "lighting.period.plastic_part"
    assert dealer("lighting.tube", date(2024, 2, 1), facts={"quality_fault": False}).decision == "reject"
    assert dealer("lighting.tube", date(2024, 2, 1)).decision == "exchange"


def test_dealer_manufacture_date_can_come_from_the_asset_attributes():
    """DOMAIN §6 第二条 D: the date read from the spray code is stored on the asset."""
    d = dealer("lighting.cfl", date(2025, 4, 16), manufacture_date=None,
               attributes={"manufacture_date": "2024-02-01", "spray_code": "X240201"})
    assert d.decision == "exchange"


def test_dealer_settings_window_is_configurable():
    """DOMAIN §6 (configurable): a tenant allowing 18 months from manufacture."""
    c = Claim("lighting.cfl", date(2025, 7, 15), claimant="dealer", manufacture_date=MADE)
    assert rules.decide(c, Settings(dealer_months_from_manufacture=18)).decision == "exchange"


# -- problems: a clear error, never a crash ----------------------------------------------------------


def test_dealer_without_manufacture_date_is_a_claim_problem_on_that_field():
    """DOMAIN §6 第二条 D needs the manufacture date: missing → ClaimProblem(field='manufacture_date')."""
    with pytest.raises(ClaimProblem) as info:
        dealer("lighting.cfl", date(2024, 6, 1), manufacture_date=None)
    assert info.value.field == "manufacture_date"
    assert isinstance(info.value, ValueError)
    assert info.value.text["zh_Hans"] and info.value.text["en"]


def test_consumer_without_purchase_date_is_a_claim_problem_on_that_field():
    """DOMAIN §6 第一条 counts from purchase: missing → ClaimProblem(field='purchase_date')."""
    with pytest.raises(ClaimProblem) as info:
        decide(claim("lighting.tube", date(2024, 6, 1), purchase=None))
    assert info.value.field == "purchase_date"


def test_purchase_after_the_claim_date_is_a_claim_problem():
    """DOMAIN §0: elapsed time cannot be negative."""
    with pytest.raises(ClaimProblem) as info:
        decide(claim("lighting.tube", date(2024, 1, 14)))
    assert info.value.field == "purchase_date"


def test_badly_typed_fact_and_bad_attribute_date_are_claim_problems():
    """API.md: lighting facts are booleans; a wrong one names the fact."""
    with pytest.raises(ClaimProblem) as info:
        cfl({"cap_aged": "perhaps"})
    assert info.value.field == "facts.cap_aged"
    with pytest.raises(ClaimProblem) as info:
        dealer("lighting.cfl", date(2024, 6, 1), manufacture_date=None,
               attributes={"manufacture_date": "soon"})
    assert info.value.field == "attributes.manufacture_date"


def test_negative_part_price_is_a_claim_problem():
    """DOMAIN §0: money is non-negative integer fen."""
    with pytest.raises(ClaimProblem) as info:
        decide(claim("lighting.tube", date(2025, 1, 1), parts=(Part("x", "x", -1),)))
    assert info.value.field == "parts"


def test_other_asset_types_are_not_lighting_rules():
    """The lighting rules answer only for lighting asset types."""
    with pytest.raises(KeyError):
        decide(claim("ecommerce.item", date(2024, 6, 1)))


# -- every decision explains itself -----------------------------------------------------------------


@pytest.mark.parametrize(
    "c",
    [
        claim("lighting.tube", date(2024, 3, 1)),
        claim("lighting.tube", date(2024, 9, 1)),
        claim("lighting.plastic_part", date(2024, 3, 1)),
        claim("lighting.cfl", date(2024, 3, 1), facts={"lights_up": True}),
        Claim("lighting.cfl", date(2026, 3, 1), claimant="dealer", manufacture_date=MADE),
    ],
)
def test_every_decision_carries_rule_ids_and_two_language_reasons(c):
    """DOMAIN §0: every decision returns the rule ids that produced it and why, in zh_Hans and en."""
    d = decide(c)
    assert d.rule_ids and d.rule_ids == tuple(dict.fromkeys(r.rule_id for r in d.reasons))
    for reason in d.reasons:
        assert reason.rule_id.startswith("lighting.")
        assert set(reason.text) == {"zh_Hans", "en"} and all(reason.text.values())
        assert "{" not in reason.text["zh_Hans"] + reason.text["en"]
