"""Per-tenant plugin enablement for each built-in plugin (API "Plugins": a plugin that is not
enabled contributes nothing to the tenant; DESIGN: a tenant's enabled set gives a hook caller
that only reaches those plugins).

For each of the five plugins, a tenant that has every other plugin enabled gets none of its asset
types, asset creation, warranty tables or warranty decisions; after enabling it, it gets them; after
disabling it again, they are gone again. What a plugin declares is read from the plugin itself, so
the test follows the plugin as it grows.
"""

from __future__ import annotations

import pytest

PLUGINS = ("lighting", "lubricants", "automotive", "gps_install", "ecommerce")
TYPES = "/api/v1/assets/types"
TABLES = "/api/v1/warranty/tables"
DECISIONS = "/api/v1/warranty/decisions"

#: Attributes an asset of the plugin needs to be created.
ATTRIBUTES = {"ecommerce": {"sku": "SKU-1"}}
#: A claim the plugin decides (consumer, quality fault, within the period).
DECIDED = {
    "lighting": ("lighting.ceiling_lamp", {}, "repair_free"),
    "ecommerce": ("ecommerce.item", {"reason": "quality"}, "return"),
}


def declared(plugins, name: str, hook: str) -> list:
    """What plugin ``name`` declares through ``hook`` (nothing if it does not implement it)."""
    by_plugin = plugins.for_tenant([name]).collect_by_plugin(hook, settings={})
    return by_plugin.get(name, [])


def claim(asset_type: str, facts: dict | None = None) -> dict:
    return {"product": {"type": asset_type, "purchase_date": "2024-03-01", "manufacture_date": "2024-01-01"},
            "claim_date": "2024-03-05", "claimant": "consumer", "facts": facts or {}}


async def assert_absent(tenant, name: str, types: list[str], asset: dict | None) -> None:
    """Nothing of plugin ``name`` reaches the tenant."""
    listed = {t["name"] for t in (await tenant.get(TYPES)).json()}
    assert listed.isdisjoint(types), f"{name} is not enabled: its asset types are not offered"
    customer = await tenant.customer()
    for asset_type in types:
        created = await tenant.post("/api/v1/assets", json={"customer_id": customer["id"], "type": asset_type,
                                                            "attributes": ATTRIBUTES.get(name, {})})
        assert created.status_code == 422, created.text
        assert created.json()["errors"][0]["field"] == "type"
    tables = (await tenant.get(TABLES)).json()
    assert [t for t in tables if t["plugin"] == name] == []
    for asset_type in types:
        decided = await tenant.post(DECISIONS, json=claim(asset_type, DECIDED.get(name, ("", {}))[1]))
        assert decided.status_code == 422, decided.text
        assert decided.json()["errors"][0]["field"] == "product.type"
        assert "no enabled plugin owns" in decided.json()["errors"][0]["message"]
    if asset is not None:
        by_asset = await tenant.post(DECISIONS, json={"asset_id": asset["id"], "claim_date": "2024-03-05"})
        assert by_asset.status_code == 422, by_asset.text
        assert by_asset.json()["errors"][0]["field"] == "asset_id"


async def assert_present(tenant, plugins, name: str, types: list[str]) -> dict:
    """Everything plugin ``name`` declares reaches the tenant; returns an asset of its first type."""
    listed = {t["name"] for t in (await tenant.get(TYPES)).json()}
    assert set(types) <= listed
    customer = await tenant.customer()
    assets = []
    for asset_type in types:
        created = await tenant.post("/api/v1/assets", json={"customer_id": customer["id"], "type": asset_type,
                                                            "attributes": ATTRIBUTES.get(name, {})})
        assert created.status_code == 201, created.text
        assets.append(created.json())
    tables = (await tenant.get(TABLES)).json()
    assert sorted(t["id"] for t in tables if t["plugin"] == name) == sorted(
        t.id for t in declared(plugins, name, "shouhou_warranty_tables")
    )
    decides = hasattr(plugins.pm.get_plugin(name), "shouhou_warranty_decision")
    if name in DECIDED:
        asset_type, facts, decision = DECIDED[name]
        answer = await tenant.post(DECISIONS, json=claim(asset_type, facts))
        assert answer.status_code == 200, answer.text
        assert (answer.json()["plugin"], answer.json()["decision"]) == (name, decision)
    for asset_type in types:
        answer = await tenant.post(DECISIONS, json=claim(asset_type))
        if answer.status_code == 200:
            assert answer.json()["plugin"] == name
            continue
        assert answer.status_code == 422, answer.text
        message = answer.json()["errors"][0]["message"]
        assert "no enabled plugin owns" not in message, "the type is the tenant's now"
        if not decides:
            assert "no enabled plugin decides" in message
    return assets[0]


@pytest.mark.parametrize("name", PLUGINS)
async def test_a_plugin_contributes_only_once_enabled(make_tenant, shouhou_plugins, name):
    """API "Plugins" (a plugin that is not enabled contributes nothing: asset types, rules) and
    "Customers and assets" (a disabled type is 422): off, on, off again, with every other
    built-in plugin enabled throughout."""
    types = [t.name for t in declared(shouhou_plugins, name, "shouhou_asset_types")]
    assert types, f"{name} declares asset types"
    tenant = await make_tenant(plugins=tuple(p for p in PLUGINS if p != name))
    await assert_absent(tenant, name, types, None)

    await tenant.enable(name)
    asset = await assert_present(tenant, shouhou_plugins, name, types)

    disabled = await tenant.put(f"/api/v1/tenant/plugins/{name}", json={"enabled": False})
    assert disabled.status_code == 200, disabled.text
    await assert_absent(tenant, name, types, asset)


@pytest.mark.parametrize("name", PLUGINS)
async def test_enabling_a_plugin_for_one_tenant_leaves_another_without_it(make_tenant, shouhou_plugins, name):
    """DESIGN (a tenant's hook caller reaches only its enabled plugins): tenant A's enabling gives
tenant B nothing."""
    types = [t.name for t in declared(shouhou_plugins, name, "shouhou_asset_types")]
    enabled = await make_tenant(plugins=(name,))
    other = await make_tenant()
    await assert_present(enabled, shouhou_plugins, name, types)
    await assert_absent(other, name, types, None)
