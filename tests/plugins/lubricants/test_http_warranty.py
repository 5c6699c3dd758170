"""Lubrication equipment warranty and scope through the API (POST /api/v1/warranty/decisions), on the
tenant's settings (DOMAIN §7: out-of-scope problems are explained, not repaired; default warranty 12
months from installation)."""

from __future__ import annotations

import pytest

DECISIONS = "/api/v1/warranty/decisions"
PARTS = [{"sku": "pump", "name": "oil pump", "unit_price_fen": 120000, "qty": 1}]


async def equipment(tenant, install_date="2024-02-29"):
    customer = await tenant.customer()
    return await tenant.asset(customer["id"], "lubricants.equipment", install_date=install_date)


async def decide(tenant, asset, claim_date, locale="zh-CN", **body):
    response = await tenant.post(DECISIONS, json={"asset_id": asset["id"], "claim_date": claim_date,
                                                  "claimant": "consumer", **body},
                                 headers={"Accept-Language": locale})
    assert response.status_code == 200, response.text
    return response.json()


async def test_domain_7_period_edges_from_installation(make_tenant):
    """DOMAIN §7 / §0: installed 2024-02-29, 12 months → 2025-02-28 is the last free day."""
    tenant = await make_tenant(plugins=("lubricants",))
    unit = await equipment(tenant)
    last = await decide(tenant, unit, "2025-02-28", parts=PARTS)
    after = await decide(tenant, unit, "2025-03-01", parts=PARTS, facts={"labour_fen": 8000})
    assert (last["decision"], last["covered"], last["rule_ids"]) == ("repair_free", True, ["lubricants.warranty.period"])
    assert (after["decision"], after["rule_ids"]) == ("repair_paid", ["lubricants.out_of_warranty"])
    assert after["charge"] == {"amount_fen": 128000, "currency": "CNY"}
    assert "合计 1280.00 元" in after["reasons"][0]


@pytest.mark.parametrize(("fact", "rule_id"), [
    ("general_equipment", "lubricants.out_of_scope.general_equipment"),
    ("operating_system", "lubricants.out_of_scope.operating_system"),
    ("not_our_product", "lubricants.out_of_scope.not_our_product"),
])
async def test_domain_7_out_of_scope_is_rejected_and_explained(make_tenant, fact, rule_id):
    """DOMAIN §7: common out-of-scope problems (general equipment, operating system) are explained,
    not repaired: a rejection with the reason, even inside the warranty and without any date."""
    tenant = await make_tenant(plugins=("lubricants",))
    unit = await equipment(tenant)
    zh = await decide(tenant, unit, "2024-06-01", facts={fact: True})
    en = await decide(tenant, unit, "2024-06-01", locale="en", facts={fact: True})
    assert (zh["decision"], zh["covered"], zh["charge"], zh["rule_ids"]) == ("reject", False, None, [rule_id])
    assert "服务范围" in zh["reasons"][0] or "不属于本公司产品" in zh["reasons"][0]
    assert "explain" in en["reasons"][0]
    undated = await tenant.post(DECISIONS, json={"product": {"type": "lubricants.equipment"},
                                                 "claim_date": "2024-06-01", "facts": {fact: True}})
    assert undated.status_code == 200 and undated.json()["decision"] == "reject"


async def test_domain_7_tenant_setting_moves_the_edge_and_decisions_are_recorded(make_tenant):
    """DOMAIN §7 configurable: with 18 months the 13th month is free; the record keeps the settings."""
    tenant = await make_tenant(plugins=("lubricants",))
    unit = await equipment(tenant)
    before = await decide(tenant, unit, "2025-03-01")
    response = await tenant.put("/api/v1/tenant/plugins/lubricants",
                                json={"enabled": True, "settings": {"warranty_months": 18}})
    assert response.status_code == 200, response.text
    inside = await decide(tenant, unit, "2025-08-29")
    outside = await decide(tenant, unit, "2025-08-30")
    assert (before["decision"], inside["decision"], outside["decision"]) == ("repair_paid", "repair_free", "repair_paid")
    stored = (await tenant.get(f"{DECISIONS}/{inside['id']}")).json()
    assert stored["plugin"] == "lubricants" and stored["plugin_settings"]["lubricants"]["warranty_months"] == 18
    assert stored["claim"]["install_date"] == "2024-02-29"
    assert (await tenant.get(f"{DECISIONS}/{before['id']}")).json()["plugin_settings"]["lubricants"][
        "warranty_months"] == 12


async def test_customer_damage_is_paid_and_missing_dates_are_422(make_tenant):
    tenant = await make_tenant(plugins=("lubricants",))
    unit = await equipment(tenant)
    damaged = await decide(tenant, unit, "2024-06-01", parts=PARTS, facts={"customer_damage": True})
    assert (damaged["decision"], damaged["rule_ids"]) == ("repair_paid", ["lubricants.warranty.excluded"])
    no_date = await tenant.post(DECISIONS, json={"product": {"type": "lubricants.equipment"},
                                                 "claim_date": "2024-06-01", "facts": {}})
    assert no_date.status_code == 422 and no_date.json()["errors"][0]["field"].endswith("install_date")
    bad_fact = await tenant.post(DECISIONS, json={"asset_id": unit["id"], "claim_date": "2024-06-01",
                                                  "facts": {"labour_fen": "lots"}})
    assert bad_fact.status_code == 422


async def test_other_tenants_and_tenants_without_the_plugin(make_tenant):
    tenant = await make_tenant(plugins=("lubricants",))
    unit = await equipment(tenant)
    answer = await decide(tenant, unit, "2024-06-01")
    other = await make_tenant()
    assert (await other.get(f"{DECISIONS}/{answer['id']}")).status_code == 404
    assert (await other.post(DECISIONS, json={"product": {"type": "lubricants.equipment", "install_date": "2024-01-01"},
                                              "claim_date": "2024-06-01", "facts": {}})).status_code == 422
