"""Online shop return, exchange and repair rules through the HTTP API (DOMAIN §10, source 004
第六-十五条; §0 dates).

Every claim goes through ``POST /api/v1/warranty/decisions``, about a bare ``product`` or a
registered shop item (``asset_id``), and is read back from ``GET /api/v1/warranty/decisions/{id}``.
The purchase day is day 0; "within N days" is ``elapsed <= N``; months are calendar months.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import msgspec
import pytest

from plugins.ecommerce import VERSION
from plugins.ecommerce.settings import Settings

DECISIONS = "/api/v1/warranty/decisions"
PLUGIN = "/api/v1/tenant/plugins/ecommerce"
EN = {"Accept-Language": "en"}
CJK = re.compile(r"[\u4e00-\u9fff]")
BOUGHT = date(2024, 1, 31)  # + 3 calendar months = 2024-04-30
PARTS = [{"sku": "M1", "name": "电机", "unit_price_fen": 333, "qty": 2},
         {"sku": "S1", "name": "开关", "unit_price_fen": 100, "qty": 1}]  # 766 fen, no fee

NO_REASON = "ecommerce.ladder.no_reason_7d"
REJECTED = "ecommerce.no_reason.rejected"
NOT_RESALABLE = "ecommerce.no_reason.not_resalable"
RETURN = "ecommerce.ladder.return_15d"
EXCHANGE = "ecommerce.ladder.exchange_30d"
FREE = "ecommerce.ladder.repair_free_3m"
PAID = "ecommerce.ladder.repair_paid"
CHARGE = "ecommerce.charge.parts"
EXCLUSION = "ecommerce.exclusion.{}"


def day(n: int | str) -> str:
    """Day ``n`` after the purchase (or a date as it is)."""
    return n if isinstance(n, str) else (BOUGHT + timedelta(days=n)).isoformat()


async def claim(tenant, on: int | str, *, via: str = "product", facts: dict | None = None,
                attributes: dict | None = None, purchase: str | None = BOUGHT.isoformat(),
                parts: list | None = None, headers: dict | None = None):
    """Post a claim about a shop item, as a ``product`` or as an asset with the same data."""
    dates = {"purchase_date": purchase} if purchase else {}
    body = {"claim_date": day(on), "claimant": "consumer", "facts": facts or {},
            "parts": PARTS if parts is None else parts}
    if via == "asset":
        customer = await tenant.customer()
        item = await tenant.asset(customer["id"], "ecommerce.item", **dates,
                                  attributes={"sku": "SKU-1", **(attributes or {})})
        body["asset_id"] = item["id"]
    else:
        body["product"] = {"type": "ecommerce.item", **dates, "attributes": attributes or {}}
    return await tenant.post(DECISIONS, json=body, headers=headers or {})


async def decided(tenant, *args, **kwargs) -> dict:
    response = await claim(tenant, *args, **kwargs)
    assert response.status_code == 200, response.text
    return response.json()


def outcome(answer: dict) -> tuple:
    charge = answer["charge"]
    return (answer["decision"], answer["covered"], charge and (charge["amount_fen"], charge["currency"]),
            answer["rule_ids"])


def assert_reasons(answer: dict, locale: str = "zh_Hans") -> None:
    """One reason per rule, in Chinese by default and in English with ``Accept-Language: en``."""
    assert len(answer["reasons"]) == len(answer["rule_ids"]) and all(answer["reasons"])
    chinese = [bool(CJK.search(text)) for text in answer["reasons"]]
    assert all(chinese) if locale == "zh_Hans" else not any(chinese), answer["reasons"]


# -- 第六条: no-reason return within 7 days -----------------------------------------------------------


@pytest.mark.parametrize("via", ["product", "asset"])
async def test_no_reason_return_day_seven_returns_day_eight_rejected(make_tenant, via):
    """DOMAIN §10 第六条 and §0: a resalable item is returned without a reason up to day 7
    (elapsed <= 7, the purchase day is day 0); on day 8 it is refused, and the refusal is stated
    (第二十五条)."""
    tenant = await make_tenant(plugins=("ecommerce",))
    facts = {"reason": "no_reason"}
    for on in (0, 7):
        answer = await decided(tenant, on, via=via, facts=facts)
        assert outcome(answer) == ("return", True, None, [NO_REASON])
        assert_reasons(answer)
    late = await decided(tenant, 8, via=via, facts=facts, headers=EN)
    assert outcome(late) == ("reject", False, None, [NO_REASON, REJECTED])
    assert_reasons(late, "en")
    assert "day 8" in late["reasons"][0]


async def test_no_reason_return_of_an_item_that_cannot_be_resold_is_rejected(make_tenant):
    """DOMAIN §10 第六条 (不影响再次销售): not resalable → rejected even on day 1."""
    tenant = await make_tenant(plugins=("ecommerce",))
    answer = await decided(tenant, 1, facts={"reason": "no_reason", "resalable": False})
    assert outcome(answer) == ("reject", False, None, [NOT_RESALABLE, REJECTED])
    assert_reasons(answer)


# -- 第七-十条: the quality ladder ----------------------------------------------------------------------

LADDER = [
    pytest.param(0, "return", [RETURN], id="day-0-return"),
    pytest.param(15, "return", [RETURN], id="day-15-return"),
    pytest.param(16, "exchange", [EXCHANGE], id="day-16-exchange"),
    pytest.param(30, "exchange", [EXCHANGE], id="day-30-exchange"),
    pytest.param(31, "repair_free", [FREE], id="day-31-free-repair"),
    pytest.param("2024-04-30", "repair_free", [FREE], id="3-months-free-repair"),
    pytest.param("2024-05-01", "repair_paid", [PAID, CHARGE], id="3-months-and-a-day-paid"),
    pytest.param("2026-01-31", "repair_paid", [PAID, CHARGE], id="years-later-paid"),
]


@pytest.mark.parametrize("via", ["product", "asset"])
@pytest.mark.parametrize(("on", "decision", "rule_ids"), LADDER)
async def test_quality_ladder_edges(make_tenant, via, on, decision, rule_ids):
    """DOMAIN §10 第七-十条, top-down, first rung wins: a quality problem is returned within 15
    days, exchanged within 30, repaired free within 3 calendar months (2024-01-31 → 2024-04-30),
    and repaired for the price of the parts after that."""
    tenant = await make_tenant(plugins=("ecommerce",))
    answer = await decided(tenant, on, via=via, facts={"reason": "quality"})
    paid = decision == "repair_paid"
    assert outcome(answer) == (decision, not paid, (766, "CNY") if paid else None, rule_ids)
    assert_reasons(answer)
    english = await decided(tenant, on, via=via, headers=EN)  # "quality" is the default reason
    assert outcome(english) == outcome(answer)
    assert_reasons(english, "en")


@pytest.mark.parametrize(
    ("parts", "amount"),
    [([], 0), ([{"sku": "A", "name": "a", "unit_price_fen": 335, "qty": 1}], 335), (PARTS, 766)],
)
async def test_paid_repair_charges_the_sum_of_the_parts(make_tenant, parts, amount):
    """DOMAIN §10 第十条 (按维修范围收取费用) and 第三十一条: a paid repair costs the parts replaced,
    with no fee on top."""
    tenant = await make_tenant(plugins=("ecommerce",))
    answer = await decided(tenant, "2024-05-01", parts=parts)
    assert answer["charge"] == {"amount_fen": amount, "currency": "CNY"}
    assert f"{amount // 100}.{amount % 100:02d}" in answer["reasons"][-1]


# -- 第十一-十五条: the exclusions one by one ------------------------------------------------------------

EXCLUSIONS = [
    # fact, value that fires, rule, does it forbid return and exchange of a quality claim
    pytest.param("signs_of_use", True, "signs_of_use", False, id="11-signs-of-use"),
    pytest.param("custom_made", True, "custom_made", False, id="12-made-to-order"),
    pytest.param("packaging_intact", False, "packaging", True, id="13-packaging"),
    pytest.param("accessories_complete", False, "accessories", True, id="13-accessories"),
    pytest.param("has_warranty_card", False, "warranty_card", True, id="13-warranty-card"),
    pytest.param("customer_damage", True, "customer_damage", True, id="14-customer-damage"),
    pytest.param("special_price", True, "special_price", True, id="15-special-price"),
    pytest.param("gift", True, "gift", True, id="15-gift"),
]


@pytest.mark.parametrize(("fact", "value", "rule", "blocks"), EXCLUSIONS)
async def test_each_exclusion_rejects_a_no_reason_return(make_tenant, fact, value, rule, blocks):
    """DOMAIN §10 第十一-十五条 with 第六条: a no-reason return within 7 days needs none of the
    exclusions; each one alone rejects it, and says which."""
    tenant = await make_tenant(plugins=("ecommerce",))
    answer = await decided(tenant, 3, facts={"reason": "no_reason", fact: value})
    assert outcome(answer) == ("reject", False, None, [EXCLUSION.format(rule), REJECTED])
    assert_reasons(answer)
    unfired = await decided(tenant, 3, facts={"reason": "no_reason", fact: not value})
    assert outcome(unfired) == ("return", True, None, [NO_REASON])


@pytest.mark.parametrize(("fact", "value", "rule", "blocks"), EXCLUSIONS)
async def test_each_exclusion_on_a_quality_claim(make_tenant, fact, value, rule, blocks):
    """DOMAIN §10 "how the two combine": an exclusion forbidding return and exchange moves a
    quality claim down to repair (free within 3 months, paid after); signs of use and made-to-order do not stand
    against a quality problem (没有质量问题 only); customer damage is not a quality problem: paid
    repair from day 0."""
    tenant = await make_tenant(plugins=("ecommerce",))
    facts = {"reason": "quality", fact: value}
    early = await decided(tenant, 3, facts=facts)
    late = await decided(tenant, "2024-05-01", facts=facts, headers=EN)
    excluded = EXCLUSION.format(rule)
    if rule == "customer_damage":
        assert outcome(early) == ("repair_paid", False, (766, "CNY"), [excluded, CHARGE])
        assert outcome(late) == ("repair_paid", False, (766, "CNY"), [excluded, CHARGE])
    elif blocks:
        assert outcome(early) == ("repair_free", True, None, [excluded, FREE])
        assert outcome(late) == ("repair_paid", False, (766, "CNY"), [excluded, PAID, CHARGE])
    else:
        assert outcome(early) == ("return", True, None, [RETURN])
        assert outcome(late) == ("repair_paid", False, (766, "CNY"), [PAID, CHARGE])
    assert_reasons(early)
    assert_reasons(late, "en")


ITEM_ATTRIBUTES = [
    pytest.param({"price_type": "special"}, "special_price", id="special-price-item"),
    pytest.param({"price_type": "gift"}, "gift", id="gift-item"),
    pytest.param({"made_to_order": True}, "custom_made", id="made-to-order-item"),
]


@pytest.mark.parametrize(("attributes", "rule"), ITEM_ATTRIBUTES)
async def test_item_attributes_fire_their_exclusion(make_tenant, attributes, rule):
    """DOMAIN §10 第十二、十五条: a special-price, gift or made-to-order item registered as such is
    excluded without the agent stating the fact; stating the fact false overrides it."""
    tenant = await make_tenant(plugins=("ecommerce",))
    no_reason = await decided(tenant, 2, via="asset", attributes=attributes, facts={"reason": "no_reason"})
    assert outcome(no_reason) == ("reject", False, None, [EXCLUSION.format(rule), REJECTED])
    quality = await decided(tenant, 2, via="asset", attributes=attributes)
    if rule == "custom_made":  # 第十二条 excludes made-to-order items only without a quality problem
        assert outcome(quality) == ("return", True, None, [RETURN])
    else:
        assert outcome(quality) == ("repair_free", True, None, [EXCLUSION.format(rule), FREE])
    overridden = await decided(tenant, 2, via="asset", attributes=attributes, facts={rule: False})
    assert outcome(overridden) == ("return", True, None, [RETURN])


COMBINATIONS = [
    pytest.param(3, {"reason": "quality", "packaging_intact": False, "gift": True},
                 "repair_free", None, [EXCLUSION.format("packaging"), EXCLUSION.format("gift"), FREE],
                 id="two-blocking-exclusions-free-repair"),
    pytest.param(20, {"reason": "quality", "signs_of_use": True, "has_warranty_card": False},
                 "repair_free", None, [EXCLUSION.format("warranty_card"), FREE],
                 id="signs-of-use-ignored-card-blocks"),
    pytest.param(3, {"reason": "quality", "customer_damage": True, "gift": True},
                 "repair_paid", 766, [EXCLUSION.format("customer_damage"), CHARGE],
                 id="customer-damage-wins-over-gift"),
    pytest.param(3, {"reason": "no_reason", "resalable": False, "gift": True, "signs_of_use": True},
                 "reject", None,
                 [NOT_RESALABLE, EXCLUSION.format("signs_of_use"), EXCLUSION.format("gift"), REJECTED],
                 id="no-reason-every-problem-stated"),
    pytest.param(8, {"reason": "no_reason", "special_price": True},
                 "reject", None, [NO_REASON, EXCLUSION.format("special_price"), REJECTED],
                 id="no-reason-late-and-special-price"),
    pytest.param(8, {"reason": "no_reason", "resalable": True, "signs_of_use": False},
                 "reject", None, [NO_REASON, REJECTED], id="no-reason-day-8-even-resalable"),
    pytest.param(8, {"reason": "quality", "signs_of_use": True},
                 "return", None, [RETURN], id="quality-after-no-reason-window"),
]


@pytest.mark.parametrize(("on", "facts", "decision", "charge", "rule_ids"), COMBINATIONS)
async def test_how_ladder_and_exclusions_combine(make_tenant, on, facts, decision, charge, rule_ids):
    """DOMAIN §10 "How the two combine": exclusions are listed in the source's order, customer
    damage makes a paid repair, a no-reason refusal states every problem (第二十五条), and a
    quality problem is still claimed on the quality ladder after the no-reason window."""
    tenant = await make_tenant(plugins=("ecommerce",))
    answer = await decided(tenant, on, facts=facts)
    assert outcome(answer) == (decision, decision in ("return", "exchange", "repair_free"),
                               charge and (charge, "CNY"), rule_ids)
    assert_reasons(answer)


# -- the record -------------------------------------------------------------------------------------


async def test_decision_is_recorded_with_plugin_version_and_settings(make_tenant):
    """API "Warranty decisions" and DOMAIN §0 (decision and rule ids): the decision is recorded
    with the ecommerce plugin's version and the tenant's settings at that moment."""
    tenant = await make_tenant(plugins=("ecommerce",))
    answer = await decided(tenant, 16, via="asset", attributes={"price_type": "normal"})
    record = (await tenant.get(f"{DECISIONS}/{answer['id']}")).json()
    assert (record["plugin"], record["plugin_version"]) == ("ecommerce", VERSION)
    assert record["plugin_settings"] == {"ecommerce": msgspec.to_builtins(Settings())}
    assert outcome(record) == outcome(answer) == ("exchange", True, None, [EXCHANGE])
    assert record["asset_id"] == answer["asset_id"] and record["asset_id"] is not None
    assert record["claim"]["purchase_date"] == BOUGHT.isoformat()
    assert record["claim"]["attributes"] == {"sku": "SKU-1", "price_type": "normal"}
    assert_reasons(record)
    assert_reasons((await tenant.get(f"{DECISIONS}/{answer['id']}", headers=EN)).json(), "en")


# -- tenant settings move the edges -----------------------------------------------------------------

SETTING_EDGES = [
    pytest.param("no_reason_return_days", 10, 8, "no_reason", "reject", "return", id="no-reason-7-to-10-days"),
    pytest.param("no_reason_return_days", 3, 4, "no_reason", "return", "reject", id="no-reason-7-to-3-days"),
    pytest.param("quality_return_days", 20, 16, "quality", "exchange", "return", id="return-15-to-20-days"),
    pytest.param("quality_exchange_days", 45, 31, "quality", "repair_free", "exchange", id="exchange-30-to-45-days"),
    pytest.param("free_repair_months", 6, "2024-05-01", "quality", "repair_paid", "repair_free",
                 id="free-repair-3-to-6-months"),
    pytest.param("free_repair_months", 1, "2024-03-01", "quality", "exchange", "exchange",
                 id="ladder-order-kept-exchange-before-repair"),
]


@pytest.mark.parametrize(("setting", "value", "on", "reason", "before", "after"), SETTING_EDGES)
async def test_tenant_settings_move_the_edges(make_tenant, setting, value, on, reason, before, after):
    """DOMAIN §10 (the windows are configurable): after ``PUT /api/v1/tenant/plugins/ecommerce`` the
    same claim is decided by the new window; each record keeps the settings it was decided with."""
    tenant = await make_tenant(plugins=("ecommerce",))
    first = await decided(tenant, on, facts={"reason": reason})
    assert first["decision"] == before
    changed = await tenant.put(PLUGIN, json={"enabled": True, "settings": {setting: value}})
    assert changed.status_code == 200, changed.text
    second = await decided(tenant, on, facts={"reason": reason})
    assert second["decision"] == after
    old = (await tenant.get(f"{DECISIONS}/{first['id']}")).json()["plugin_settings"]["ecommerce"]
    new = (await tenant.get(f"{DECISIONS}/{second['id']}")).json()["plugin_settings"]["ecommerce"]
    assert old == msgspec.to_builtins(Settings())
    assert new == msgspec.to_builtins(msgspec.structs.replace(Settings(), **{setting: value}))


async def test_settings_that_fail_the_schema_are_422(make_tenant):
    """API "Plugins": settings that fail the plugin's schema are a 422 naming the setting."""
    tenant = await make_tenant(plugins=("ecommerce",))
    response = await tenant.put(PLUGIN, json={"enabled": True, "settings": {"no_reason_return_days": -1}})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "settings.no_reason_return_days"


# -- bad claims ---------------------------------------------------------------------------------------

ITEM = {"type": "ecommerce.item", "purchase_date": BOUGHT.isoformat()}
BAD_CLAIMS = [
    pytest.param({"facts": {"reason": "changed_my_mind"}}, "facts.reason", id="unknown-reason"),
    pytest.param({"facts": {"resalable": "perhaps"}}, "facts.resalable", id="resalable-not-a-boolean"),
    pytest.param({"facts": {"gift": [True]}}, "facts.gift", id="gift-a-list"),
    pytest.param({"facts": {"packaging_intact": {"box": False}}}, "facts.packaging_intact", id="packaging-an-object"),
    pytest.param({"product": {"type": "ecommerce.item"}}, "product.purchase_date", id="no-purchase-date"),
    pytest.param({"product": {**ITEM, "purchase_date": day(11)}}, "product.purchase_date", id="purchase-after-claim"),
    pytest.param({"product": {"type": "ecommerce.gadget"}}, "product.type", id="not-a-shop-type"),
]


@pytest.mark.parametrize(("change", "field"), BAD_CLAIMS)
async def test_bad_claims_are_422_on_their_field(make_tenant, change, field):
    """API "Warranty decisions" (never a 500) and DOMAIN §10 (the ladder counts from purchase): a
    claim that cannot be decided is a 422 naming the field, and nothing is recorded."""
    tenant = await make_tenant(plugins=("ecommerce",))
    body = {"product": ITEM, "claim_date": day(10), "claimant": "consumer", "facts": {}, **change}
    response = await tenant.post(DECISIONS, json=body)
    assert response.status_code == 422, response.text
    assert field in [e["field"] for e in response.json()["errors"]], response.json()
    assert (await tenant.get(DECISIONS)).json()["items"] == []


async def test_an_item_without_purchase_date_is_422_on_asset_id(make_tenant):
    """DOMAIN §10: the ladder counts from the purchase date; an item registered without one
    cannot be decided (422 on ``asset_id``)."""
    tenant = await make_tenant(plugins=("ecommerce",))
    response = await claim(tenant, "2024-03-01", via="asset", purchase=None)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "asset_id"
