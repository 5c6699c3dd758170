"""Car warranty (三包) and first service (首保) through the API (POST /api/v1/warranty/decisions),
on the tenant's settings (DOMAIN §8; defaults 36 months or 60,000 km from delivery, whichever first)."""

from __future__ import annotations

DECISIONS = "/api/v1/warranty/decisions"
PARTS = [{"sku": "pad", "name": "brake pads", "unit_price_fen": 30000, "qty": 1}]


async def vehicle(tenant, purchase_date="2023-05-31", **attributes):
    customer = await tenant.customer()
    return await tenant.asset(customer["id"], "automotive.vehicle", purchase_date=purchase_date,
                              attributes={"plate": "苏A12345", **attributes})


async def decide(tenant, asset, claim_date, locale="zh-CN", claimant="consumer", **body):
    response = await tenant.post(DECISIONS, json={"asset_id": asset["id"], "claim_date": claim_date,
                                                  "claimant": claimant, **body},
                                 headers={"Accept-Language": locale})
    assert response.status_code == 200, response.text
    return response.json()


async def test_domain_8_last_day_of_36_months_is_free_next_day_is_paid(make_tenant):
    """DOMAIN §8 三包, DOMAIN §0 months: delivered 2023-05-31, covered through 2026-05-31."""
    tenant = await make_tenant(plugins=("automotive",))
    car = await vehicle(tenant)
    last = await decide(tenant, car, "2026-05-31", parts=PARTS, facts={"odometer_km": 10_000, "labour_fen": 5000})
    after = await decide(tenant, car, "2026-06-01", parts=PARTS, facts={"odometer_km": 10_000, "labour_fen": 5000})
    assert (last["decision"], last["covered"], last["charge"]) == ("repair_free", True, None)
    assert last["rule_ids"] == ["automotive.warranty.period"]
    assert (after["decision"], after["rule_ids"]) == ("repair_paid", ["automotive.out_of_warranty"])
    assert after["charge"] == {"amount_fen": 35000, "currency": "CNY"}, "parts plus labour"


async def test_domain_8_km_edge_whichever_comes_first(make_tenant):
    """DOMAIN §8: 60,000 km is still covered, 60,001 km is not, well inside the months."""
    tenant = await make_tenant(plugins=("automotive",))
    car = await vehicle(tenant)
    at_limit = await decide(tenant, car, "2024-01-10", facts={"odometer_km": 60_000})
    over = await decide(tenant, car, "2024-01-10", locale="en", facts={"odometer_km": 60_001})
    assert at_limit["decision"] == "repair_free"
    assert (over["decision"], over["rule_ids"]) == ("repair_paid", ["automotive.out_of_warranty"])
    assert "whichever comes first" in over["reasons"][0] and "60001 km" in over["reasons"][0]


async def test_odometer_falls_back_to_the_vehicles_mileage(make_tenant):
    """The asset's recorded mileage stands for the odometer when the claim gives none."""
    tenant = await make_tenant(plugins=("automotive",))
    car = await vehicle(tenant, mileage_km=70_000)
    answer = await decide(tenant, car, "2024-01-10")
    assert answer["rule_ids"] == ["automotive.out_of_warranty"]


async def test_domain_8_first_service_is_free_to_the_customer_maker_pays_80(make_tenant):
    """DOMAIN §8: first free service (首保) 80 CNY per car from the maker, settled the same day."""
    tenant = await make_tenant(plugins=("automotive",))
    car = await vehicle(tenant)
    zh = await decide(tenant, car, "2023-07-01", facts={"first_service": True})
    en = await decide(tenant, car, "2023-07-01", locale="en", facts={"first_service": True})
    assert (zh["decision"], zh["covered"], zh["charge"]) == ("repair_free", True, None)
    assert zh["rule_ids"] == ["automotive.first_service"]
    assert "首保费每台 80.00 元" in zh["reasons"][0] and "当日结算" in zh["reasons"][0]
    assert "CNY 80.00 per car" in en["reasons"][0]


async def test_customer_damage_is_paid_inside_the_warranty(make_tenant):
    tenant = await make_tenant(plugins=("automotive",))
    car = await vehicle(tenant)
    answer = await decide(tenant, car, "2024-01-10", parts=PARTS, facts={"customer_damage": True, "labour_fen": 2000})
    assert (answer["decision"], answer["rule_ids"]) == ("repair_paid", ["automotive.warranty.excluded"])
    assert answer["charge"]["amount_fen"] == 32000


async def test_dealer_stock_car_pays_70_percent(make_tenant):
    """合作方案: a dealer's stock car repaired while parked: 70 % of the market price (half up)."""
    tenant = await make_tenant(plugins=("automotive",))
    car = await vehicle(tenant)
    answer = await decide(tenant, car, "2024-01-10", claimant="dealer", parts=PARTS, facts={"labour_fen": 333})
    assert answer["rule_ids"] == ["automotive.dealer_stock.discount"]
    assert answer["charge"]["amount_fen"] == 21233  # 70 % of 30,333 = 21,233.1


async def test_decision_is_recorded_and_a_settings_change_moves_the_edges(make_tenant):
    """DOMAIN §8 configurable: 24 months / 100,000 km; recorded decisions keep their settings."""
    tenant = await make_tenant(plugins=("automotive",))
    car = await vehicle(tenant)
    before = await decide(tenant, car, "2025-06-01", facts={"odometer_km": 80_000})
    response = await tenant.put("/api/v1/tenant/plugins/automotive",
                                json={"enabled": True, "settings": {"warranty_months": 24, "warranty_km": 100_000}})
    assert response.status_code == 200, response.text
    km_now_inside = await decide(tenant, car, "2025-05-31", facts={"odometer_km": 80_000})
    months_now_outside = await decide(tenant, car, "2025-06-01", facts={"odometer_km": 80_000})
    assert before["decision"] == "repair_paid"
    assert km_now_inside["decision"] == "repair_free", "24 months from 2023-05-31 is 2025-05-31, 80,000 km < 100,000"
    assert months_now_outside["decision"] == "repair_paid"
    stored = (await tenant.get(f"{DECISIONS}/{before['id']}")).json()
    assert stored["plugin"] == "automotive" and stored["plugin_settings"]["automotive"]["warranty_months"] == 36
    assert stored["claim"]["facts"] == {"odometer_km": 80_000} and stored["decided_by"] == tenant.admin_id
    assert (await tenant.get(f"{DECISIONS}/{km_now_inside['id']}")).json()["plugin_settings"]["automotive"][
        "warranty_km"] == 100_000


async def test_missing_delivery_date_or_bad_fact_is_422(make_tenant):
    """A claim that cannot be decided is a 422 naming the field; nothing is recorded."""
    tenant = await make_tenant(plugins=("automotive",))
    no_date = await tenant.post(DECISIONS, json={"product": {"type": "automotive.vehicle"},
                                                 "claim_date": "2024-01-10", "facts": {}})
    assert no_date.status_code == 422 and no_date.json()["errors"][0]["field"].endswith("purchase_date")
    car = await vehicle(tenant)
    bad = await tenant.post(DECISIONS, json={"asset_id": car["id"], "claim_date": "2024-01-10",
                                             "facts": {"odometer_km": -5}})
    assert bad.status_code == 422 and "odometer_km" in bad.json()["errors"][0]["field"]
    assert (await tenant.get(DECISIONS)).json()["items"] == []
