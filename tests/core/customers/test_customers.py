"""Customers and assets (API.md "Customers and assets")."""

import pytest


async def test_customer_province_name_or_code_stored_as_code(tenant_a):
    by_name = await tenant_a.customer(name="广东客户", province="广东")
    by_code = await tenant_a.customer(name="江苏客户", province="320000")
    assert by_name["province"] == "440000"
    assert by_code["province"] == "320000"


@pytest.mark.parametrize(
    ("raw", "e164"),
    [("13800138000", "+8613800138000"), ("0512-66668888", "+8651266668888"), ("+86 138 0013 8000", "+8613800138000")],
)
async def test_phone_numbers_are_stored_in_e164(tenant_a, raw, e164):
    assert (await tenant_a.customer(phone=raw))["phone"] == e164


async def test_customer_with_contacts_and_get(tenant_a):
    created = await tenant_a.customer(
        name="常州精工机械厂", is_member=True,
        contacts=[{"name": "设备科 刘工", "phone": "13900001111", "role": "设备科"}],
    )
    fetched = (await tenant_a.get(f"/api/v1/customers/{created['id']}")).json()
    assert fetched["is_member"] is True
    assert fetched["contacts"][0]["name"] == "设备科 刘工"
    assert fetched["contacts"][0]["phone"] == "+8613900001111"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x", "province": "亚特兰蒂斯"}, "province"),
        ({"name": "x", "phone": "12"}, "phone"),
        ({"name": "x", "contacts": [{"name": "y", "phone": "abc"}]}, "contacts[0].phone"),
        ({"name": "x", "is_member": "yes"}, "is_member"),
    ],
)
async def test_bad_customer_input_names_the_field(tenant_a, body, field):
    response = await tenant_a.post("/api/v1/customers", json=body)
    assert response.status_code in (400, 422)
    assert response.json()["errors"][0]["field"] == field
    assert (await tenant_a.get("/api/v1/customers")).json()["items"] == [], "nothing half-written"


async def test_asset_type_must_belong_to_an_enabled_plugin(tenant_a):
    customer = await tenant_a.customer()
    body = {"customer_id": customer["id"], "type": "lighting.cfl", "purchase_date": "2026-03-01"}
    disabled = await tenant_a.post("/api/v1/assets", json=body)
    assert disabled.status_code == 422 and disabled.json()["errors"][0]["field"] == "type"
    await tenant_a.enable("lighting")
    created = await tenant_a.post("/api/v1/assets", json=body)
    assert created.status_code == 201
    assert created.json()["purchase_date"] == "2026-03-01"
    unknown = await tenant_a.post("/api/v1/assets", json={**body, "type": "lighting.spaceship"})
    assert unknown.status_code == 422
    await tenant_a.put("/api/v1/tenant/plugins/lighting", json={"enabled": False})
    again = await tenant_a.post("/api/v1/assets", json=body)
    assert again.status_code == 422, "a disabled plugin contributes no asset types"


async def test_asset_types_listed_only_for_enabled_plugins(tenant_a):
    assert (await tenant_a.get("/api/v1/assets/types")).json() == []
    await tenant_a.enable("automotive")
    names = [t["name"] for t in (await tenant_a.get("/api/v1/assets/types")).json()]
    assert names == ["automotive.vehicle"]


async def test_asset_dates_cannot_be_in_the_future_and_must_be_dates(tenant_a):
    await tenant_a.enable("lighting")
    customer = await tenant_a.customer()
    future = await tenant_a.post(
        "/api/v1/assets", json={"customer_id": customer["id"], "type": "lighting.tube", "purchase_date": "2999-01-01"}
    )
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "purchase_date"
    garbage = await tenant_a.post(
        "/api/v1/assets", json={"customer_id": customer["id"], "type": "lighting.tube", "purchase_date": "yesterday"}
    )
    assert garbage.status_code == 400 and garbage.json()["errors"][0]["field"] == "purchase_date"
    missing = await tenant_a.post(
        "/api/v1/assets", json={"customer_id": "0190c0de-0000-7000-8000-000000000000", "type": "lighting.tube"}
    )
    assert missing.status_code == 404


async def test_assets_filtered_by_customer(tenant_a):
    await tenant_a.enable("gps_install")
    first, second = await tenant_a.customer(name="一"), await tenant_a.customer(name="二")
    await tenant_a.asset(first["id"], "gps_install.terminal")
    await tenant_a.asset(second["id"], "gps_install.terminal")
    listed = (await tenant_a.get(f"/api/v1/assets?customer_id={first['id']}")).json()["items"]
    assert [a["customer_id"] for a in listed] == [first["id"]]


async def test_customer_search(tenant_a):
    await tenant_a.customer(name="南昌恒光灯饰经销部", phone="0791-86551234")
    await tenant_a.customer(name="王女士", phone="13800138001")
    assert [c["name"] for c in (await tenant_a.get("/api/v1/customers?q=恒光")).json()["items"]] == ["南昌恒光灯饰经销部"]
    assert [c["name"] for c in (await tenant_a.get("/api/v1/customers?q=138001")).json()["items"]] == ["王女士"]


async def test_an_overlong_address_is_refused_naming_it_on_both_databases(tenant_a):
    """A customer file's address fits its column: a longer one is a 422 naming the field, never
    a database error or a 500, and nothing is written."""
    answer = await tenant_a.post("/api/v1/customers", json={"name": "王女士", "address": "路" * 501})
    assert answer.status_code == 422, answer.text
    assert {e["field"] for e in answer.json()["errors"]} == {"address"}
    fits = await tenant_a.post("/api/v1/customers", json={"name": "王女士", "address": "路" * 500})
    assert fits.status_code == 201, fits.text
    assert len((await tenant_a.get("/api/v1/customers")).json()["items"]) == 1
