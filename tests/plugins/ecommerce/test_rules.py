"""Online shop return, exchange and repair rules (DOMAIN §10, source 004 第六-十五条)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.sdk import Claim, ClaimProblem, Part
from plugins.ecommerce import rules
from plugins.ecommerce.settings import Settings

DEFAULTS = Settings()
BOUGHT = date(2024, 3, 10)
PARTS = (Part("m1", "motor", 333, qty=2), Part("s1", "switch", 100))  # 766 fen


def decide(day: int | date, settings: Settings = DEFAULTS, purchase: date | None = BOUGHT, **kw):
    on = day if isinstance(day, date) else BOUGHT + timedelta(days=day)
    kw.setdefault("parts", PARTS)
    return rules.decide(Claim("ecommerce.item", on, purchase_date=purchase, **kw), settings)


def no_reason(day: int, **facts):
    return decide(day, facts={"reason": "no_reason", **facts})


def quality(day: int | date, **facts):
    return decide(day, facts={"reason": "quality", **facts})


# -- 第六条: no-reason return within 7 days ------------------------------------------------------------


def test_sixth_article_day_seven_returns_without_a_reason():
    """DOMAIN §10 第六条: within 7 days (elapsed <= 7), resalable → return; day 7 returns."""
    d = no_reason(7, resalable=True)
    assert (d.decision, d.covered, d.charge) == ("return", True, None)
    assert d.rule_ids == ("ecommerce.ladder.no_reason_7d",)


def test_sixth_article_day_eight_no_reason_is_rejected():
    """DOMAIN §10 第六条: day 8 is past the 7 days: the no-reason return is rejected."""
    d = no_reason(8, resalable=True)
    assert (d.decision, d.covered) == ("reject", False)
    assert d.rule_ids == ("ecommerce.ladder.no_reason_7d", rules.RULE_NO_REASON_REJECTED)


def test_sixth_article_day_zero_is_the_purchase_day():
    """DOMAIN §0: the purchase day is day 0."""
    assert no_reason(0).decision == "return"


def test_sixth_article_not_resalable_is_rejected():
    """DOMAIN §10 第六条 (只要不影响再次销售): an item that cannot be resold is not returned."""
    d = no_reason(2, resalable=False)
    assert d.decision == "reject"
    assert d.rule_ids == (rules.RULE_NOT_RESALABLE, rules.RULE_NO_REASON_REJECTED)


def test_sixth_article_resalable_not_stated_is_judged_by_the_exclusions():
    """Decision: ``resalable`` omitted means nothing but the exclusions stands in the way."""
    assert no_reason(2).decision == "return"
    assert no_reason(2, signs_of_use=True).decision == "reject"


EXCLUSION_FACTS = [
    ("signs_of_use", True, "ecommerce.exclusion.signs_of_use"),
    ("custom_made", True, "ecommerce.exclusion.custom_made"),
    ("packaging_intact", False, "ecommerce.exclusion.packaging"),
    ("accessories_complete", False, "ecommerce.exclusion.accessories"),
    ("has_warranty_card", False, "ecommerce.exclusion.warranty_card"),
    ("customer_damage", True, "ecommerce.exclusion.customer_damage"),
    ("special_price", True, "ecommerce.exclusion.special_price"),
    ("gift", True, "ecommerce.exclusion.gift"),
]


@pytest.mark.parametrize(("fact", "value", "rule_id"), EXCLUSION_FACTS)
def test_eleventh_to_fifteenth_articles_each_exclusion_rejects_a_no_reason_return(fact, value, rule_id):
    """DOMAIN §10 第十一-十五条: a no-reason return within 7 days needs none of the exclusions;
    each one alone rejects it and is named."""
    d = no_reason(3, resalable=True, **{fact: value})
    assert (d.decision, d.covered) == ("reject", False)
    assert d.rule_ids == (rule_id, rules.RULE_NO_REASON_REJECTED)


def test_no_reason_rejection_names_every_problem():
    """DOMAIN §10 第二十五条: refusals are stated clearly: window, resale and each exclusion."""
    d = no_reason(10, resalable=False, gift=True, packaging_intact=False)
    assert d.rule_ids == (
        "ecommerce.ladder.no_reason_7d", rules.RULE_NOT_RESALABLE, "ecommerce.exclusion.packaging",
        "ecommerce.exclusion.gift", rules.RULE_NO_REASON_REJECTED,
    )


# -- 第七-十条: the quality ladder ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "decision", "rule_id"),
    [
        (0, "return", "ecommerce.ladder.return_15d"),
        (8, "return", "ecommerce.ladder.return_15d"),
        (15, "return", "ecommerce.ladder.return_15d"),
        (16, "exchange", "ecommerce.ladder.exchange_30d"),
        (30, "exchange", "ecommerce.ladder.exchange_30d"),
        (31, "repair_free", "ecommerce.ladder.repair_free_3m"),
    ],
)
def test_seventh_to_ninth_articles_quality_ladder_edges(day, decision, rule_id):
    """DOMAIN §10 第七-九条: day 15 returns, 16 exchanges; day 30 exchanges, 31 is a free repair."""
    d = quality(day)
    assert (d.decision, d.covered, d.charge) == (decision, True, None)
    assert d.rule_ids == (rule_id,)


def test_ninth_article_three_calendar_months_is_the_last_free_repair_day():
    """DOMAIN §10 第九条 and §0: 2024-03-10 + 3 months = 2024-06-10 is free, 06-11 is paid."""
    assert quality(date(2024, 6, 10)).decision == "repair_free"
    d = quality(date(2024, 6, 11))
    assert (d.decision, d.covered) == ("repair_paid", False)
    assert d.rule_ids == ("ecommerce.ladder.repair_paid", rules.RULE_CHARGE)


def test_ninth_article_three_months_from_a_month_end():
    """DOMAIN §0: 2024-01-31 + 3 months = 2024-04-30 (relativedelta clamps to the month end)."""
    bought = date(2024, 1, 31)
    assert decide(date(2024, 4, 30), purchase=bought).decision == "repair_free"
    assert decide(date(2024, 5, 1), purchase=bought).decision == "repair_paid"


def test_tenth_article_paid_repair_charges_the_sum_of_parts():
    """DOMAIN §10 第十条: a paid repair charges the parts (333 × 2 + 100 = 766 fen), no surcharge."""
    d = quality(400)
    assert d.charge.amount_fen == 766 and d.charge.currency == "CNY"
    assert "7.66" in d.reasons[-1].text["zh_Hans"]


def test_quality_is_the_default_reason():
    """API.md: ``reason`` omitted: the claim is a quality claim."""
    assert decide(20).decision == "exchange"


def test_ladder_windows_are_tenant_settings():
    """DOMAIN §10 (configurable): a shop returning within 10 days and repairing free for 6 months."""
    settings = Settings(quality_return_days=10, free_repair_months=6)
    assert decide(10, settings).decision == "return"
    assert decide(11, settings).decision == "exchange"
    assert decide(date(2024, 9, 10), settings).decision == "repair_free"
    assert decide(date(2024, 9, 11), settings).decision == "repair_paid"
    assert decide(8, Settings(no_reason_return_days=10), facts={"reason": "no_reason"}).decision == "return"


# -- how the two combine ------------------------------------------------------------------------------


BLOCKING = [e for e in EXCLUSION_FACTS if e[0] not in ("signs_of_use", "custom_made", "customer_damage")]


@pytest.mark.parametrize(("fact", "value", "rule_id"), BLOCKING)
@pytest.mark.parametrize("day", [0, 15, 16, 30])
def test_combination_exclusion_within_return_or_exchange_moves_to_free_repair(fact, value, rule_id, day):
    """DOMAIN §10 (how the two combine): an exclusion that forbids return and exchange moves a
    quality claim down to the first repair rung: free repair within 3 months."""
    d = quality(day, **{fact: value})
    assert (d.decision, d.covered, d.charge) == ("repair_free", True, None)
    assert d.rule_ids == (rule_id, "ecommerce.ladder.repair_free_3m")


@pytest.mark.parametrize(("fact", "value", "rule_id"), BLOCKING)
def test_combination_exclusion_after_three_months_is_still_a_paid_repair(fact, value, rule_id):
    """DOMAIN §10 (how the two combine): past 3 months the first repair rung is the paid one."""
    d = quality(date(2024, 6, 11), **{fact: value})
    assert d.decision == "repair_paid"
    assert d.rule_ids == (rule_id, "ecommerce.ladder.repair_paid", rules.RULE_CHARGE)


def test_combination_several_exclusions_are_all_named():
    """DOMAIN §0: every rule that produced the decision is listed."""
    d = quality(5, gift=True, has_warranty_card=False)
    assert d.rule_ids == ("ecommerce.exclusion.warranty_card", "ecommerce.exclusion.gift",
                          "ecommerce.ladder.repair_free_3m")


@pytest.mark.parametrize("facts", [{"custom_made": True}, {"signs_of_use": True},
                                   {"custom_made": True, "signs_of_use": True}])
@pytest.mark.parametrize(("day", "expected"), [
    (15, "return"), (16, "exchange"), (30, "exchange"), (31, "repair_free"),
    (date(2024, 6, 10), "repair_free"), (date(2024, 6, 11), "repair_paid"),
])
def test_seed_004_articles_11_12_made_to_order_or_used_with_a_quality_problem_walks_the_ladder(facts, day, expected):
    """DOMAIN §10 as corrected (seed 004 第十一、十二条): made-to-order and signs of use exclude
    only items *without* a quality problem; with one, the claim walks the ladder like any other —
    return on day 15, exchange on day 16 and day 30, free repair on day 31 and on the last day of
    the 3 months, paid repair the day after — not straight to repair."""
    d = quality(day, **facts)
    assert d.decision == expected
    assert not any(r.startswith("ecommerce.exclusion.") for r in d.rule_ids)
    assert no_reason(3, **facts).decision == "reject"


def test_combination_signs_of_use_do_not_stop_a_quality_return():
    """DOMAIN §10 第十一条: signs of use exclude only items *without* a quality problem."""
    assert quality(10, signs_of_use=True).decision == "return"


@pytest.mark.parametrize("day", [0, 7, 15, 30, 60, 400])
def test_combination_customer_damage_is_a_paid_repair(day):
    """DOMAIN §10 第十四条: damage caused by the customer is not a quality problem: paid repair."""
    d = quality(day, customer_damage=True)
    assert (d.decision, d.covered, d.charge.amount_fen) == ("repair_paid", False, 766)
    assert d.rule_ids == ("ecommerce.exclusion.customer_damage", rules.RULE_CHARGE)


def test_item_attributes_supply_price_type_and_made_to_order():
    """DOMAIN §10 第十二、十五条: special-price, gift and made-to-order items read from the asset."""
    for attributes, rule_id in (
        ({"sku": "A1", "price_type": "special"}, "ecommerce.exclusion.special_price"),
        ({"sku": "A1", "price_type": "gift"}, "ecommerce.exclusion.gift"),
    ):
        d = decide(3, attributes=attributes)
        assert d.decision == "repair_free" and d.rule_ids[0] == rule_id
    made = decide(3, attributes={"sku": "A1", "made_to_order": True}, facts={"reason": "no_reason"})
    assert made.decision == "reject" and made.rule_ids[0] == "ecommerce.exclusion.custom_made"
    assert decide(3, attributes={"price_type": "normal"}).decision == "return"
    explicit = decide(3, attributes={"price_type": "special"}, facts={"special_price": False})
    assert explicit.decision == "return"


# -- problems -----------------------------------------------------------------------------------------


def test_missing_purchase_date_is_a_claim_problem_on_that_field():
    """DOMAIN §10: the ladder runs from the purchase date."""
    with pytest.raises(ClaimProblem) as info:
        decide(3, purchase=None)
    assert info.value.field == "purchase_date" and isinstance(info.value, ValueError)


def test_claim_before_purchase_is_a_claim_problem():
    """DOMAIN §0: elapsed days cannot be negative."""
    with pytest.raises(ClaimProblem) as info:
        decide(-1)
    assert info.value.field == "purchase_date"


@pytest.mark.parametrize(("facts", "field"), [({"reason": "changed_mind"}, "facts.reason"),
                                              ({"gift": "yes please"}, "facts.gift")])
def test_bad_facts_are_claim_problems_naming_the_fact(facts, field):
    """API.md: ``reason`` is no_reason or quality; the others are booleans."""
    with pytest.raises(ClaimProblem) as info:
        decide(3, facts=facts)
    assert info.value.field == field


def test_negative_part_price_is_a_claim_problem():
    """DOMAIN §0: money is non-negative integer fen."""
    with pytest.raises(ClaimProblem) as info:
        decide(400, parts=(Part("x", "x", -5),))
    assert info.value.field == "parts"


@pytest.mark.parametrize(
    "kw",
    [{"facts": {"reason": "no_reason"}}, {"facts": {"reason": "no_reason", "gift": True}}, {},
     {"facts": {"gift": True}}, {"facts": {"customer_damage": True}}],
)
def test_every_decision_carries_rule_ids_and_two_language_reasons(kw):
    """DOMAIN §0: the decision and the rule ids that produced it, explained in zh_Hans and en."""
    for day in (3, 20, 200):
        d = decide(day, **kw)
        assert d.rule_ids == tuple(r.rule_id for r in d.reasons)
        for reason in d.reasons:
            assert reason.rule_id.startswith("ecommerce.")
            assert set(reason.text) == {"zh_Hans", "en"} and all(reason.text.values())
            assert "{" not in reason.text["zh_Hans"] + reason.text["en"]
