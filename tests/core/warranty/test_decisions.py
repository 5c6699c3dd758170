"""Warranty decisions (API "Warranty decisions"): decided by the enabled plugin, recorded with
their inputs, the answering plugin and version and the tenant's settings."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from core.customers.types import AssetType
from core.db.tenancy import bind_tenant
from core.hookspecs import hookimpl
from core.warranty.models import WarrantyDecision

DECISIONS = "/api/v1/warranty/decisions"


async def kettle_asset(tenant, **dates):
    customer = await tenant.customer()
    return await tenant.asset(customer["id"], "kettles.kettle", **dates)


async def recorded(sessions, tenant) -> int:
    async with sessions() as session:
        bind_tenant(session, uuid.UUID(tenant.id))
        return await session.scalar(select(func.count()).select_from(WarrantyDecision))


async def test_decision_is_recorded_with_its_inputs_plugin_version_and_settings(kettles, make_tenant):
    tenant = await make_tenant()
    await tenant.enable("kettles", kettles={"period_months": 6})
    asset = await kettle_asset(tenant, purchase_date="2026-01-10", attributes={"colour": "red"})
    body = {"asset_id": asset["id"], "claim_date": "2026-07-10", "claimant": "consumer", "facts": {"dropped": False}}
    response = await tenant.post(DECISIONS, json=body)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["decision"], answer["covered"], answer["charge"]) == ("exchange", True, None)
    assert answer["rule_ids"] == ["kettles.in_period"]

    stored = (await tenant.get(f"{DECISIONS}/{answer['id']}")).json()
    assert stored["plugin"] == "kettles" and stored["plugin_version"] == "1.2.3"
    assert stored["plugin_settings"] == {"kettles": {"period_months": 6}}
    assert stored["asset_id"] == asset["id"] and stored["decided_by"] == tenant.admin_id
    assert stored["claim"] == {
        "asset_type": "kettles.kettle", "claim_date": "2026-07-10", "claimant": "consumer",
        "purchase_date": "2026-01-10", "manufacture_date": None, "install_date": None,
        "facts": {"dropped": False}, "parts": [], "attributes": {"colour": "red"},
    }
    assert stored["decision"] == "exchange" and stored["rule_ids"] == ["kettles.in_period"]


async def test_settings_change_later_decisions_not_recorded_ones(kettles, make_tenant):
    tenant = await make_tenant(plugins=("kettles",))
    body = {"product": {"type": "kettles.kettle", "purchase_date": "2026-01-10"}, "claim_date": "2026-09-10",
            "claimant": "consumer", "facts": {"dropped": False}}
    first = (await tenant.post(DECISIONS, json=body)).json()
    await tenant.enable("kettles", kettles={"period_months": 6})
    second = (await tenant.post(DECISIONS, json=body)).json()
    assert (first["decision"], second["decision"]) == ("exchange", "repair_paid")
    again = (await tenant.get(f"{DECISIONS}/{first['id']}")).json()
    assert again["plugin_settings"] == {"kettles": {"period_months": 12}}, "the settings the decision was made with"


async def test_a_product_claim_needs_no_asset(kettles, make_tenant):
    tenant = await make_tenant(plugins=("kettles",))
    body = {"product": {"type": "kettles.kettle", "purchase_date": "2025-11-10"}, "claim_date": "2026-11-10",
            "claimant": "dealer", "facts": {"dropped": False}}  # a claim is never dated ahead of today
    response = await tenant.post(DECISIONS, json=body)
    assert response.status_code == 200, response.text
    assert response.json()["decision"] == "exchange", "12 months: the last day is still in the period"
    assert response.json()["asset_id"] is None and response.json()["claim"]["claimant"] == "dealer"


async def test_neither_asset_nor_product_is_422(kettles, make_tenant):
    tenant = await make_tenant(plugins=("kettles",))
    response = await tenant.post(DECISIONS, json={"claim_date": "2026-07-10", "claimant": "consumer", "facts": {}})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"asset_id", "product"}


async def test_type_of_a_disabled_plugin_is_422(kettles, make_tenant, shouhou_sessions):
    tenant = await make_tenant(plugins=("kettles",))
    asset = await kettle_asset(tenant, purchase_date="2026-01-10")
    await tenant.put("/api/v1/tenant/plugins/kettles", json={"enabled": False})
    by_asset = await tenant.post(DECISIONS, json={"asset_id": asset["id"], "claim_date": "2026-02-01", "facts": {}})
    assert by_asset.status_code == 422 and by_asset.json()["errors"][0]["field"] == "asset_id"
    product = {"type": "kettles.kettle", "purchase_date": "2026-01-10"}
    by_product = await tenant.post(DECISIONS, json={"product": product, "claim_date": "2026-02-01", "facts": {}})
    assert by_product.status_code == 422 and by_product.json()["errors"][0]["field"] == "product.type"
    unknown = await tenant.post(DECISIONS, json={"product": {"type": "nobody.owns"}, "claim_date": "2026-02-01"})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "product.type"
    assert await recorded(shouhou_sessions, tenant) == 0


class Mugs:
    """Owns an asset type and decides nothing."""

    @hookimpl
    def shouhou_asset_types(self):
        """One asset type."""
        return [AssetType(name="mugs.mug", label={"zh_Hans": "杯子", "en": "Mug"})]


async def test_an_enabled_type_no_plugin_decides_is_422(register_plugin, make_tenant):
    assert register_plugin(Mugs(), "mugs")
    tenant = await make_tenant(plugins=("mugs",))
    body = {"product": {"type": "mugs.mug", "purchase_date": "2026-01-10"}, "claim_date": "2026-02-01"}
    response = await tenant.post(DECISIONS, json=body)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "product.type"
    assert "no enabled plugin decides" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("claim", "field"),
    [
        ({"product": {"type": "kettles.kettle"}, "facts": {"dropped": False}}, "product.purchase_date"),
        ({"product": {"type": "kettles.kettle", "purchase_date": "2026-01-10"}, "facts": {}}, "facts.dropped"),
        ({"product": {"type": "kettles.kettle", "purchase_date": "2026-08-01"}, "facts": {}}, "product.purchase_date"),
    ],
    ids=["missing-date", "missing-fact", "purchased-after-the-claim"],
)
async def test_a_claim_the_plugin_cannot_decide_is_422_and_not_recorded(kettles, make_tenant, shouhou_sessions, claim, field):
    tenant = await make_tenant(plugins=("kettles",))
    response = await tenant.post(DECISIONS, json={"claim_date": "2026-07-10", "claimant": "consumer", **claim})
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == field
    assert await recorded(shouhou_sessions, tenant) == 0


async def test_an_asset_without_the_date_points_at_the_asset(kettles, make_tenant):
    tenant = await make_tenant(plugins=("kettles",))
    asset = await kettle_asset(tenant)
    body = {"asset_id": asset["id"], "claim_date": "2026-07-10", "facts": {"dropped": False}}
    response = await tenant.post(DECISIONS, json=body)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "asset_id"
    body["product"] = {"type": "kettles.kettle", "purchase_date": "2026-05-01"}
    filled = await tenant.post(DECISIONS, json=body)
    assert filled.status_code == 200, "the product completes the asset's missing dates"
    assert filled.json()["claim"]["purchase_date"] == "2026-05-01"


async def test_decisions_of_another_tenant_are_404(kettles, make_tenant):
    tenant_a = await make_tenant(plugins=("kettles",))
    tenant_b = await make_tenant(plugins=("kettles",))
    asset = await kettle_asset(tenant_a, purchase_date="2026-01-10")
    decided = await tenant_a.post(DECISIONS, json={"asset_id": asset["id"], "claim_date": "2026-02-01", "facts": {"dropped": False}})
    assert decided.status_code == 200
    assert (await tenant_b.get(f"{DECISIONS}/{decided.json()['id']}")).status_code == 404
    assert (await tenant_b.get(DECISIONS)).json()["items"] == []
    foreign = await tenant_b.post(DECISIONS, json={"asset_id": asset["id"], "claim_date": "2026-02-01", "facts": {"dropped": False}})
    assert foreign.status_code == 404
    assert [d["id"] for d in (await tenant_a.get(DECISIONS, params={"asset_id": asset["id"]})).json()["items"]] == [
        decided.json()["id"]
    ]


async def test_reasons_come_in_the_callers_language(kettles, make_tenant):
    tenant = await make_tenant(plugins=("kettles",))
    body = {"product": {"type": "kettles.kettle", "purchase_date": "2026-01-10"}, "claim_date": "2026-02-01",
            "facts": {"dropped": False}}
    chinese = (await tenant.post(DECISIONS, json=body)).json()
    assert chinese["reasons"] == ["保修期内换货"], "zh_Hans by default"
    english = (await tenant.post(DECISIONS, json=body, headers={"Accept-Language": "en-GB,en;q=0.9"})).json()
    assert english["reasons"] == ["exchanged within the warranty period"]
    assert english["reasons_i18n"] == [
        {"rule_id": "kettles.in_period", "text": {"zh_Hans": "保修期内换货", "en": "exchanged within the warranty period"}}
    ]
    stored = (await tenant.get(f"{DECISIONS}/{english['id']}", headers={"Accept-Language": "en"})).json()
    assert stored["reasons"] == english["reasons"]


PARTS = [{"sku": "LID", "name": "壶盖", "unit_price_fen": 1505, "qty": 2}, {"sku": "SW", "name": "开关", "unit_price_fen": 2000}]


async def test_a_paid_repair_nobody_prices_costs_the_parts(kettles, make_tenant):
    tenant = await make_tenant(plugins=("kettles",))
    body = {"product": {"type": "kettles.kettle", "purchase_date": "2026-01-10"}, "claim_date": "2026-02-01",
            "facts": {"dropped": True}, "parts": PARTS}
    answer = (await tenant.post(DECISIONS, json=body)).json()
    assert answer["decision"] == "repair_paid" and answer["covered"] is False
    assert answer["charge"] == {"amount_fen": 5010, "currency": "CNY"}
    assert answer["rule_ids"] == ["kettles.dropped", "core.service_charge"]
    assert answer["charged_by"] == "core" and answer["reasons"][-1] == "收费维修：50.10 元"


async def test_a_paid_repair_priced_by_the_plugin(pricing_kettles, make_tenant):
    tenant = await make_tenant(plugins=("kettles",))
    body = {"product": {"type": "kettles.kettle", "purchase_date": "2026-01-10"}, "claim_date": "2026-02-01",
            "facts": {"dropped": True}, "parts": PARTS}
    answer = (await tenant.post(DECISIONS, json=body)).json()
    assert answer["charge"] == {"amount_fen": 5511, "currency": "CNY"}, "5010 + 10 % rounded half up (501)"
    assert answer["charged_by"] == "kettles" and answer["rule_ids"][-1] == "kettles.service_charge"


async def test_viewers_read_but_do_not_decide(kettles, make_tenant):
    tenant = await make_tenant(plugins=("kettles",))
    viewer = await tenant.add_user("viewer")
    body = {"product": {"type": "kettles.kettle", "purchase_date": "2026-01-10"}, "claim_date": "2026-02-01",
            "facts": {"dropped": False}}
    assert (await viewer.post(DECISIONS, json=body)).status_code == 403
    decided = (await tenant.post(DECISIONS, json=body)).json()
    assert (await viewer.get(f"{DECISIONS}/{decided['id']}")).status_code == 200
    assert (await tenant.client.post(DECISIONS, json=body)).status_code == 401


async def test_bad_input_is_4xx_not_500(kettles, make_tenant):
    tenant = await make_tenant(plugins=("kettles",))
    product = {"type": "kettles.kettle", "purchase_date": "2026-01-10"}
    for body in (
        {"product": product, "claim_date": "not a date"},
        {"product": product, "claim_date": "2026-02-01", "claimant": "thief"},
        {"product": product, "claim_date": "2026-02-01", "parts": [{"sku": "X", "name": "x", "unit_price_fen": -1}]},
        {"product": product, "claim_date": "2026-02-01", "facts": []},
        {"asset_id": "not-a-uuid", "claim_date": "2026-02-01"},
    ):
        response = await tenant.post(DECISIONS, json=body)
        assert response.status_code in (400, 422), (body, response.text)


async def test_tables_of_enabled_plugins_only(kettles, make_tenant):
    tenant = await make_tenant(plugins=("kettles",))
    other = await make_tenant()
    tables = (await tenant.get("/api/v1/warranty/tables")).json()
    kettle_tables = [t for t in tables if t["plugin"] == "kettles"]
    assert [t["id"] for t in kettle_tables] == ["kettles.warranty"]
    assert kettle_tables[0]["rows"][0]["rule_id"] == "kettles.in_period"
    assert all(t["plugin"] != "kettles" for t in (await other.get("/api/v1/warranty/tables")).json())


@pytest.mark.parametrize(
    ("claim", "field"),
    [
        ({"product": {"type": "lighting.cfl"}, "claimant": "consumer", "facts": {"lights_up": False}}, "product.purchase_date"),
        ({"product": {"type": "lighting.cfl"}, "claimant": "dealer", "facts": {"lights_up": False}}, "product.manufacture_date"),
        ({"product": {"type": "lighting.cfl", "purchase_date": "2026-01-10"}, "facts": {"lights_up": "maybe"}}, "facts.lights_up"),
    ],
    ids=["consumer-without-purchase-date", "dealer-without-manufacture-date", "fact-of-the-wrong-type"],
)
async def test_a_built_in_plugins_claim_problem_is_422_on_its_field(make_tenant, claim, field):
    tenant = await make_tenant(plugins=("lighting",))
    response = await tenant.post(DECISIONS, json={"claim_date": "2026-07-10", **claim})
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == field
    assert "is required" in response.json()["errors"][0]["message"] or field.startswith("facts.")
