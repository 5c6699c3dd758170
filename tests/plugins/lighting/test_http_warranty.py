"""Lighting warranty rules through the HTTP API (DOMAIN §6, source 001 第一、二条; §0 dates and money).

Every claim goes through ``POST /api/v1/warranty/decisions``, about a bare ``product`` or a
registered asset (``asset_id``), and is read back from ``GET /api/v1/warranty/decisions/{id}``.
Dates are calendar months (DOMAIN §0): the last day of a period is still in it, the next day is not.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import msgspec
import pytest

from plugins.lighting import VERSION
from plugins.lighting.settings import Settings

DECISIONS = "/api/v1/warranty/decisions"
PLUGIN = "/api/v1/tenant/plugins/lighting"
EN = {"Accept-Language": "en"}
CJK = re.compile(r"[\u4e00-\u9fff]")
PARTS = [{"sku": "B-40", "name": "镇流器", "unit_price_fen": 333, "qty": 1}]  # 333 + 33 = 366 fen

PERIOD = "lighting.period.{}"
FREE = "lighting.repair.free"
PAID = "lighting.repair.paid"
NOT_QUALITY = "lighting.not_quality_fault"
DEALER = "lighting.dealer.window"
DEALER_EXCHANGE = "lighting.dealer.exchange"
CFL_EXCHANGE = "lighting.cfl.exchange"


async def claim(tenant, kind: str, claim_date: str, *, via: str = "product", claimant: str = "consumer",
                purchase: str | None = None, made: str | None = None, facts: dict | None = None,
                parts: list | None = None, headers: dict | None = None):
    """Post a claim about a ``product`` or about an asset created with the same dates."""
    dates = {k: v for k, v in (("purchase_date", purchase), ("manufacture_date", made)) if v}
    body = {"claim_date": claim_date, "claimant": claimant, "facts": facts or {},
            "parts": PARTS if parts is None else parts}
    if via == "asset":
        customer = await tenant.customer()
        body["asset_id"] = (await tenant.asset(customer["id"], f"lighting.{kind}", **dates))["id"]
    else:
        body["product"] = {"type": f"lighting.{kind}", **dates}
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


# -- 第一条: warranty periods from purchase, consumer ---------------------------------------------------

CONSUMER_EDGES = [
    # kind, purchase, last day in the period, covered remedy on that day
    pytest.param("ceiling_lamp", "2024-01-31", "2025-01-31", ("repair_free", FREE), id="ceiling-12m"),
    pytest.param("recessed_ballast", "2024-02-29", "2025-02-28", ("repair_free", FREE), id="ballast-12m"),
    pytest.param("tube", "2024-08-31", "2025-02-28", ("repair_free", FREE), id="tube-6m"),
    pytest.param("cfl", "2024-03-15", "2025-03-15", ("exchange", CFL_EXCHANGE), id="cfl-12m"),
]


def next_day(day: str) -> str:
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


@pytest.mark.parametrize("via", ["product", "asset"])
@pytest.mark.parametrize(("kind", "purchase", "last_day", "covered"), CONSUMER_EDGES)
async def test_consumer_period_last_day_covered_next_day_paid(make_tenant, via, kind, purchase, last_day, covered):
    """DOMAIN §6 第一条 (12 months for lamps and ballasts, 6 months for tubes, from purchase, calendar
    months per §0): the last day is repaired free (an energy-saving lamp is exchanged), the next
    day is a paid repair: parts + 10 %."""
    tenant = await make_tenant(plugins=("lighting",))
    inside = await decided(tenant, kind, last_day, via=via, purchase=purchase)
    assert outcome(inside) == (covered[0], True, None, [PERIOD.format(kind), covered[1]])
    assert_reasons(inside)
    after = await decided(tenant, kind, next_day(last_day), via=via, purchase=purchase, headers=EN)
    assert outcome(after) == ("repair_paid", False, (366, "CNY"), [PERIOD.format(kind), PAID])
    assert_reasons(after, "en")
    assert "after it" in after["reasons"][0] and "CNY 3.66" in after["reasons"][1]


@pytest.mark.parametrize(
    ("parts", "amount"),
    [
        pytest.param([(333, 1)], 366, id="33.3-down"),
        pytest.param([(334, 1)], 367, id="33.4-down"),
        pytest.param([(335, 1)], 369, id="33.5-half-up"),
        pytest.param([(5, 1)], 6, id="0.5-half-up"),
        pytest.param([(4, 1)], 4, id="0.4-down"),
        pytest.param([(333, 2), (100, 1)], 843, id="several-parts-766+77"),
        pytest.param([], 0, id="no-parts"),
    ],
)
async def test_paid_repair_charges_parts_plus_ten_percent_half_up(make_tenant, parts, amount):
    """DOMAIN §6 第一条 and §0: out of warranty the charge is the parts plus 10 % of them,
    rounded half up to the fen."""
    tenant = await make_tenant(plugins=("lighting",))
    body = [{"sku": f"P{i}", "name": "配件", "unit_price_fen": price, "qty": qty} for i, (price, qty) in enumerate(parts)]
    answer = await decided(tenant, "ceiling_lamp", "2025-06-01", purchase="2024-01-01", parts=body)
    assert outcome(answer) == ("repair_paid", False, (amount, "CNY"), [PERIOD.format("ceiling_lamp"), PAID])
    assert f"{amount // 100}.{amount % 100:02d}" in answer["reasons"][-1]


@pytest.mark.parametrize("via", ["product", "asset"])
async def test_plastic_parts_have_no_warranty(make_tenant, via):
    """DOMAIN §6 第一条 (塑件不保修): a plastic part is a paid repair the day after purchase; a dealer
    gets no exchange for it even inside the 15 months."""
    tenant = await make_tenant(plugins=("lighting",))
    consumer = await decided(tenant, "plastic_part", "2024-06-02", via=via, purchase="2024-06-01")
    assert outcome(consumer) == ("repair_paid", False, (366, "CNY"), [PERIOD.format("plastic_part"), PAID])
    assert_reasons(consumer)
    dealer = await decided(tenant, "plastic_part", "2024-06-02", via=via, claimant="dealer", made="2024-05-01")
    assert outcome(dealer) == ("reject", False, None, [DEALER, PERIOD.format("plastic_part")])


@pytest.mark.parametrize("kind", ["ceiling_lamp", "tube", "cfl"])
async def test_a_fault_that_is_not_a_quality_fault_is_paid_or_rejected(make_tenant, kind):
    """DOMAIN §6 第一条 (保修 covers quality faults) and §10 last paragraph: inside the period a
    fault that is not a quality fault is a paid repair for a consumer, a rejection for a dealer."""
    tenant = await make_tenant(plugins=("lighting",))
    facts = {"quality_fault": False}
    consumer = await decided(tenant, kind, "2024-02-01", purchase="2024-01-31", facts=facts)
    assert outcome(consumer) == ("repair_paid", False, (366, "CNY"), [PERIOD.format(kind), NOT_QUALITY, PAID])
    dealer = await decided(tenant, kind, "2024-02-01", claimant="dealer", made="2024-01-01", facts=facts)
    assert outcome(dealer) == ("reject", False, None, [DEALER, NOT_QUALITY])


# -- 第二条: the energy-saving lamp exchange order -----------------------------------------------------

CFL_ORDER = [
    pytest.param({"lights_up": True}, "reject", "lighting.cfl.lights_up", id="A-lights-up"),
    pytest.param({"lights_up": True, "tube_greyed": True, "cap_aged": True}, "reject", "lighting.cfl.lights_up",
                 id="A-before-C-and-B"),
    pytest.param({"tube_greyed": True}, "reject", "lighting.cfl.tube_greyed", id="C-tube-greyed"),
    pytest.param({"bridge_blackened": True}, "reject", "lighting.cfl.bridge_blackened", id="C-bridge-blackened"),
    pytest.param({"tube_greyed": True, "cap_aged": True}, "reject", "lighting.cfl.tube_greyed", id="C-before-B"),
    pytest.param({}, "exchange", CFL_EXCHANGE, id="B-no-light-cap-fine"),
    pytest.param({"lights_up": False, "cap_aged": False}, "exchange", CFL_EXCHANGE, id="B-explicit"),
    pytest.param({"cap_aged": True}, "reject", "lighting.cfl.cap_aged", id="B-cap-aged"),
]


@pytest.mark.parametrize("claimant", ["consumer", "dealer"])
@pytest.mark.parametrize(("facts", "decision", "rule_id"), CFL_ORDER)
async def test_energy_saving_lamp_exchange_order(make_tenant, claimant, facts, decision, rule_id):
    """DOMAIN §6 第二条, in order: lights up → no exchange; tube greyed or bridge blackened → no
    exchange; does not light with the cap not aged → one for one; cap aged → no exchange. A "no
    exchange" is a rejection, not a repair."""
    tenant = await make_tenant(plugins=("lighting",))
    answer = await decided(tenant, "cfl", "2024-09-01", claimant=claimant, purchase="2024-06-01",
                           made="2024-03-01", facts=facts)
    first = PERIOD.format("cfl") if claimant == "consumer" else DEALER
    assert outcome(answer) == (decision, decision == "exchange", None, [first, rule_id])
    assert_reasons(answer)
    english = await decided(tenant, "cfl", "2024-09-01", claimant=claimant, purchase="2024-06-01",
                            made="2024-03-01", facts=facts, headers=EN)
    assert_reasons(english, "en")
    assert "art. 2" in english["reasons"][-1]


# -- 第二条 D: dealers 15 months from manufacture, consumers 12 months from purchase -------------------


@pytest.mark.parametrize("via", ["product", "asset"])
@pytest.mark.parametrize(("kind", "exchange_rule"), [("cfl", CFL_EXCHANGE), ("ceiling_lamp", DEALER_EXCHANGE),
                                                      ("tube", DEALER_EXCHANGE)])
async def test_dealer_fifteen_months_from_manufacture(make_tenant, via, kind, exchange_rule):
    """DOMAIN §6 (经销商, 喷码): a dealer's claim is exchanged up to 15 months after the manufacture
    date (2023-11-30 + 15 months = 2025-02-28) and rejected the day after, whatever the
    product's own period (a tube's 6 months do not apply to dealers)."""
    tenant = await make_tenant(plugins=("lighting",))
    last = await decided(tenant, kind, "2025-02-28", via=via, claimant="dealer", made="2023-11-30")
    assert outcome(last) == ("exchange", True, None, [DEALER, exchange_rule])
    assert_reasons(last)
    after = await decided(tenant, kind, "2025-03-01", via=via, claimant="dealer", made="2023-11-30", headers=EN)
    assert outcome(after) == ("reject", False, None, [DEALER])
    assert_reasons(after, "en")


async def test_dealer_window_versus_consumer_twelve_months_on_one_lamp(make_tenant):
    """DOMAIN §6: on the same energy-saving lamp the dealer counts 15 months from the manufacture
    date, the consumer 12 months from purchase; past them the dealer is rejected and the consumer
    gets a paid repair (parts + 10 %)."""
    tenant = await make_tenant(plugins=("lighting",))
    customer = await tenant.customer()
    lamp = await tenant.asset(customer["id"], "lighting.cfl", manufacture_date="2023-11-30",
                              purchase_date="2024-03-01")

    async def on(day: str, claimant: str) -> tuple:
        response = await tenant.post(DECISIONS, json={"asset_id": lamp["id"], "claim_date": day,
                                                      "claimant": claimant, "parts": PARTS})
        assert response.status_code == 200, response.text
        return outcome(response.json())[0::3]

    assert await on("2025-02-28", "dealer") == ("exchange", [DEALER, CFL_EXCHANGE])
    assert await on("2025-03-01", "dealer") == ("reject", [DEALER])
    assert await on("2025-03-01", "consumer") == ("exchange", [PERIOD.format("cfl"), CFL_EXCHANGE])
    assert await on("2025-03-02", "consumer") == ("repair_paid", [PERIOD.format("cfl"), PAID])


# -- the record -------------------------------------------------------------------------------------


async def test_decision_is_recorded_with_plugin_version_and_settings(make_tenant):
    """API "Warranty decisions" and DOMAIN §0 (decision and rule ids): the decision is recorded
    with the lighting plugin's version and the tenant's settings at that moment."""
    tenant = await make_tenant(plugins=("lighting",))
    answer = await decided(tenant, "tube", "2025-03-01", via="asset", purchase="2024-08-31")
    stored = await tenant.get(f"{DECISIONS}/{answer['id']}")
    assert stored.status_code == 200, stored.text
    record = stored.json()
    assert (record["plugin"], record["plugin_version"]) == ("lighting", VERSION)
    assert record["plugin_settings"] == {"lighting": msgspec.to_builtins(Settings())}
    assert outcome(record) == outcome(answer) == ("repair_paid", False, (366, "CNY"), [PERIOD.format("tube"), PAID])
    assert record["asset_id"] == answer["asset_id"] and record["asset_id"] is not None
    assert record["claim"]["purchase_date"] == "2024-08-31" and record["claim"]["asset_type"] == "lighting.tube"
    assert record["reasons"] == answer["reasons"]
    assert_reasons(record)
    english = (await tenant.get(f"{DECISIONS}/{answer['id']}", headers=EN)).json()
    assert_reasons(english, "en")
    assert [r["rule_id"] for r in record["reasons_i18n"]] == record["rule_ids"]


# -- tenant settings move the edges -----------------------------------------------------------------

SETTING_EDGES = [
    # setting, value, claim (kind, claim_date, claimant, dates, facts), before, after
    pytest.param("tube_months", 9, ("tube", "2025-03-01", "consumer", {"purchase": "2024-08-31"}),
                 "repair_paid", "repair_free", id="tube-6-to-9-months"),
    pytest.param("tube_months", 3, ("tube", "2025-02-28", "consumer", {"purchase": "2024-08-31"}),
                 "repair_free", "repair_paid", id="tube-6-to-3-months"),
    pytest.param("cfl_months", 24, ("cfl", "2025-03-16", "consumer", {"purchase": "2024-03-15"}),
                 "repair_paid", "exchange", id="cfl-12-to-24-months"),
    pytest.param("plastic_part_months", 3, ("plastic_part", "2024-06-02", "consumer", {"purchase": "2024-06-01"}),
                 "repair_paid", "repair_free", id="plastic-parts-warranted"),
    pytest.param("ceiling_lamp_months", None, ("ceiling_lamp", "2024-06-02", "consumer", {"purchase": "2024-06-01"}),
                 "repair_free", "repair_paid", id="ceiling-lamp-unwarranted"),
    pytest.param("dealer_months_from_manufacture", 18, ("cfl", "2025-03-01", "dealer", {"made": "2023-11-30"}),
                 "reject", "exchange", id="dealer-15-to-18-months"),
    pytest.param("dealer_months_from_manufacture", 12, ("cfl", "2024-12-01", "dealer", {"made": "2023-11-30"}),
                 "exchange", "reject", id="dealer-15-to-12-months"),
]


@pytest.mark.parametrize(("setting", "value", "subject", "before", "after"), SETTING_EDGES)
async def test_tenant_settings_move_the_edges(make_tenant, setting, value, subject, before, after):
    """DOMAIN §6 (periods and the dealer window are configurable): after ``PUT
    /api/v1/tenant/plugins/lighting`` the same claim is decided by the new period; each record
    keeps the settings it was decided with."""
    tenant = await make_tenant(plugins=("lighting",))
    kind, day, claimant, dates = subject
    first = await decided(tenant, kind, day, claimant=claimant, **dates)
    assert first["decision"] == before
    changed = await tenant.put(PLUGIN, json={"enabled": True, "settings": {setting: value}})
    assert changed.status_code == 200, changed.text
    second = await decided(tenant, kind, day, claimant=claimant, **dates)
    assert second["decision"] == after
    old = (await tenant.get(f"{DECISIONS}/{first['id']}")).json()["plugin_settings"]["lighting"]
    new = (await tenant.get(f"{DECISIONS}/{second['id']}")).json()["plugin_settings"]["lighting"]
    assert old == msgspec.to_builtins(Settings())
    assert new == msgspec.to_builtins(msgspec.structs.replace(Settings(), **{setting: value}))


async def test_repair_fee_percent_is_a_tenant_setting(make_tenant):
    """DOMAIN §6 第一条 (10 % of the parts) and §0 (round half up): at 20 % parts of 333 fen cost
    333 + 67 = 400 fen; at 15 %, 333 + 50 (49.95) = 383 fen."""
    tenant = await make_tenant(plugins=("lighting",))
    charges = []
    for percent in (10, 20, 15):
        await tenant.enable("lighting", lighting={"repair_fee_percent": percent})
        answer = await decided(tenant, "plastic_part", "2024-06-02", purchase="2024-06-01")
        charges.append(answer["charge"]["amount_fen"])
    assert charges == [366, 400, 383]


# -- bad claims ---------------------------------------------------------------------------------------

LAMP = {"type": "lighting.cfl", "purchase_date": "2024-06-01", "manufacture_date": "2024-03-01"}
BAD_CLAIMS = [
    pytest.param({"facts": {"lights_up": "maybe"}}, "facts.lights_up", id="fact-not-a-boolean"),
    pytest.param({"facts": {"cap_aged": [1]}}, "facts.cap_aged", id="fact-a-list"),
    pytest.param({"facts": {"quality_fault": {"x": 1}}}, "facts.quality_fault", id="fact-an-object"),
    pytest.param({"product": {"type": "lighting.cfl"}}, "product.purchase_date", id="consumer-without-purchase"),
    pytest.param({"claimant": "dealer", "product": {"type": "lighting.cfl", "purchase_date": "2024-06-01"}},
                 "product.manufacture_date", id="dealer-without-manufacture-date"),
    pytest.param({"product": {**LAMP, "purchase_date": "2024-09-02"}}, "product.purchase_date",
                 id="purchase-after-claim"),
    pytest.param({"product": {"type": "lighting.chandelier"}}, "product.type", id="not-a-lighting-type"),
]
MALFORMED = [  # the body's shape, checked before any rule: 400 or 422 (API "General")
    pytest.param({"claimant": "retailer"}, "claimant", id="unknown-claimant"),
    pytest.param({"claim_date": "2024-13-01"}, "claim_date", id="not-a-date"),
    pytest.param({"parts": [{"sku": "B", "name": "b", "unit_price_fen": -1, "qty": 1}]},
                 "parts[0].unit_price_fen", id="negative-price"),
    pytest.param({"parts": [{"sku": "B", "name": "b", "unit_price_fen": 100, "qty": 0}]},
                 "parts[0].qty", id="zero-quantity"),
]
MALFORMED_FIELDS = {p.values[1] for p in MALFORMED}


@pytest.mark.parametrize(("change", "field"), [*BAD_CLAIMS, *MALFORMED])
async def test_bad_claims_are_refused_on_their_field(make_tenant, change, field):
    """API "Warranty decisions" (never a 500) and DOMAIN §6 (the dates the rules count from): a
    claim that cannot be decided is a 422 naming the field (a malformed body may be a 400), and
    nothing is recorded."""
    tenant = await make_tenant(plugins=("lighting",))
    body = {"product": LAMP, "claim_date": "2024-09-01", "claimant": "consumer", "facts": {}, **change}
    response = await tenant.post(DECISIONS, json=body)
    assert response.status_code in ((400, 422) if field in MALFORMED_FIELDS else (422,)), response.text
    assert field in [e["field"] for e in response.json()["errors"]], response.json()
    assert (await tenant.get(DECISIONS)).json()["items"] == []


@pytest.mark.parametrize(("claimant", "dates"), [("consumer", {"manufacture_date": "2024-03-01"}),
                                                  ("dealer", {"purchase_date": "2024-06-01"})])
async def test_an_asset_without_the_needed_date_is_422_on_asset_id(make_tenant, claimant, dates):
    """DOMAIN §6: a consumer's period counts from purchase, a dealer's from manufacture; an asset
    lacking that date cannot be decided (422 on ``asset_id``)."""
    tenant = await make_tenant(plugins=("lighting",))
    customer = await tenant.customer()
    lamp = await tenant.asset(customer["id"], "lighting.cfl", **dates)
    response = await tenant.post(DECISIONS, json={"asset_id": lamp["id"], "claim_date": "2024-09-01",
                                                  "claimant": claimant})
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "asset_id"
