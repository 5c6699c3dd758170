"""GPS terminal warranty through the API (POST /api/v1/warranty/decisions), on the tenant's settings
(DOMAIN §9: 12 months from installation, configurable; out of warranty only the parts are charged)."""

from __future__ import annotations

DECISIONS = "/api/v1/warranty/decisions"
PARTS = [{"sku": "ant", "name": "GPS antenna", "unit_price_fen": 4550, "qty": 2},
         {"sku": "pwr", "name": "power cable", "unit_price_fen": 1999, "qty": 1}]


async def terminal(tenant, install_date="2024-03-10", **fields):
    customer = await tenant.customer()
    return await tenant.asset(customer["id"], "gps_install.terminal", install_date=install_date, **fields)


async def decide(tenant, asset, claim_date, locale="zh-CN", **body):
    response = await tenant.post(DECISIONS, json={"asset_id": asset["id"], "claim_date": claim_date,
                                                  "claimant": "consumer", "facts": {}, **body},
                                 headers={"Accept-Language": locale})
    assert response.status_code == 200, response.text
    return response.json()


async def test_domain_9_last_day_of_12_months_from_installation_is_free(make_tenant):
    """DOMAIN §9: 12 months from installation; DOMAIN §0: 2024-03-10 + 12 months = 2025-03-10 is inside."""
    tenant = await make_tenant(plugins=("gps_install",))
    asset = await terminal(tenant)
    answer = await decide(tenant, asset, "2025-03-10", parts=PARTS)
    assert (answer["decision"], answer["covered"], answer["charge"]) == ("repair_free", True, None)
    assert answer["rule_ids"] == ["gps_install.warranty.12m"]
    assert "保修12个月" in answer["reasons"][0] and "免费维修" in answer["reasons"][0]


async def test_domain_9_next_day_only_parts_are_charged_labour_free(make_tenant):
    """DOMAIN §9: the day after the warranty only the parts are charged (labour free), in fen."""
    tenant = await make_tenant(plugins=("gps_install",))
    asset = await terminal(tenant)
    answer = await decide(tenant, asset, "2025-03-11", locale="en", parts=PARTS, facts={"labour_fen": 5000})
    assert (answer["decision"], answer["covered"]) == ("repair_paid", False)
    assert answer["charge"] == {"amount_fen": 4550 * 2 + 1999, "currency": "CNY"}, "labour is never charged"
    assert answer["rule_ids"] == ["gps_install.out_of_warranty.parts_only"]
    assert "only the parts are charged" in answer["reasons"][0] and "110.99" in answer["reasons"][0]


async def test_reasons_come_in_the_callers_language_and_both_are_recorded(make_tenant):
    """DOMAIN §0: every decision says why, in Chinese by default and in English on request."""
    tenant = await make_tenant(plugins=("gps_install",))
    asset = await terminal(tenant)
    zh = await decide(tenant, asset, "2024-09-01", locale="zh-CN")
    en = await decide(tenant, asset, "2024-09-01", locale="en-US")
    assert "GPS 终端自安装日期" in zh["reasons"][0]
    assert en["reasons"][0].startswith("GPS terminal: 12-month warranty from the installation")
    assert {r["rule_id"] for r in en["reasons_i18n"]} == {"gps_install.warranty.12m"}
    assert set(en["reasons_i18n"][0]["text"]) == {"zh_Hans", "en"}


async def test_decision_is_recorded_with_plugin_version_and_settings(make_tenant):
    """The decision is recorded with the claim, the plugin and its version and the tenant's settings."""
    tenant = await make_tenant(plugins=("gps_install",))
    asset = await terminal(tenant, attributes={"vehicle_plate": "苏F12345"})
    answer = await decide(tenant, asset, "2025-03-11", parts=PARTS)
    stored = (await tenant.get(f"{DECISIONS}/{answer['id']}")).json()
    assert stored["plugin"] == "gps_install" and stored["plugin_version"] == "0.1.0"
    assert stored["plugin_settings"]["gps_install"]["warranty_months"] == 12
    assert stored["claim"]["install_date"] == "2024-03-10" and stored["claim"]["parts"][0]["sku"] == "ant"
    assert stored["asset_id"] == asset["id"] and stored["charge"]["amount_fen"] == 11099
    listed = (await tenant.get(DECISIONS, params={"asset_id": asset["id"]})).json()["items"]
    assert [d["id"] for d in listed] == [answer["id"]]


async def test_domain_9_tenant_setting_moves_the_edge(make_tenant):
    """DOMAIN §9 configurable: with 24 months the 13th month is free; the 24-month edge holds."""
    tenant = await make_tenant(plugins=("gps_install",))
    asset = await terminal(tenant)
    before = await decide(tenant, asset, "2025-03-11")
    response = await tenant.put("/api/v1/tenant/plugins/gps_install",
                                json={"enabled": True, "settings": {"warranty_months": 24}})
    assert response.status_code == 200, response.text
    inside = await decide(tenant, asset, "2025-03-11")
    last = await decide(tenant, asset, "2026-03-10")
    after = await decide(tenant, asset, "2026-03-11")
    assert before["decision"] == "repair_paid"
    assert (inside["decision"], last["decision"], after["decision"]) == ("repair_free", "repair_free", "repair_paid")
    assert inside["rule_ids"] == ["gps_install.warranty.24m"]
    assert (await tenant.get(f"{DECISIONS}/{before['id']}")).json()["plugin_settings"]["gps_install"][
        "warranty_months"] == 12, "a recorded decision keeps the settings it was made with"


async def test_bad_settings_are_422(make_tenant):
    tenant = await make_tenant(plugins=("gps_install",))
    response = await tenant.put("/api/v1/tenant/plugins/gps_install",
                                json={"enabled": True, "settings": {"warranty_months": -1}})
    assert response.status_code == 422


async def test_purchase_date_counts_when_no_installation_is_recorded(make_tenant):
    """Without an installation date the warranty counts from the purchase (the reason says so)."""
    tenant = await make_tenant(plugins=("gps_install",))
    response = await tenant.post(DECISIONS, json={
        "product": {"type": "gps_install.terminal", "purchase_date": "2024-01-31"},
        "claim_date": "2025-01-31", "claimant": "consumer", "facts": {}}, headers={"Accept-Language": "en"})
    assert response.status_code == 200, response.text
    assert response.json()["decision"] == "repair_free" and "purchase" in response.json()["reasons"][0]


async def test_no_date_or_a_future_installation_is_422_not_500(make_tenant):
    """A claim that cannot be decided is a 422 naming the field, never a 500; nothing is recorded."""
    tenant = await make_tenant(plugins=("gps_install",))
    no_date = await tenant.post(DECISIONS, json={"product": {"type": "gps_install.terminal"},
                                                 "claim_date": "2025-01-31", "facts": {}})
    assert no_date.status_code == 422 and no_date.json()["errors"][0]["field"] == "product.install_date"
    future = await tenant.post(DECISIONS, json={"product": {"type": "gps_install.terminal", "install_date": "2025-02-01"},
                                                "claim_date": "2025-01-31", "facts": {}})
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "product.install_date"
    bad_date = await tenant.post(DECISIONS, json={"product": {"type": "gps_install.terminal"},
                                                  "claim_date": "2025-02-30", "facts": {}})
    assert bad_date.status_code in (400, 422)
    assert (await tenant.get(DECISIONS)).json()["items"] == []


async def test_a_tenant_without_the_plugin_cannot_claim_on_a_terminal(make_tenant):
    """A plugin that is not enabled contributes no rules: the type is unknown (422)."""
    tenant = await make_tenant()
    response = await tenant.post(DECISIONS, json={"product": {"type": "gps_install.terminal", "install_date": "2024-03-10"},
                                                  "claim_date": "2024-09-01", "facts": {}})
    assert response.status_code == 422


async def test_another_tenants_decision_and_asset_are_404(make_tenant):
    tenant = await make_tenant(plugins=("gps_install",))
    other = await make_tenant(plugins=("gps_install",))
    asset = await terminal(tenant)
    answer = await decide(tenant, asset, "2024-09-01")
    assert (await other.get(f"{DECISIONS}/{answer['id']}")).status_code == 404
    claim = await other.post(DECISIONS, json={"asset_id": asset["id"], "claim_date": "2024-09-01", "facts": {}})
    assert claim.status_code == 404
