"""The GPS department's workflow through its API (DOMAIN §9, source 003 篇5): install work orders
and repair service forms approved by the manager, technicians or (in an emergency) contractors
assigned, terminal and SIM swaps recorded per vehicle, out of warranty only parts charged."""

from __future__ import annotations

import uuid

import pytest

from tests.plugins.gps_install.test_rules import ICCID19, ICCID20, wrong_check_digit

API = "/api/v1/p/gps_install"
PLATE = "苏F12345"


@pytest.fixture
async def gps(make_tenant):
    return await make_tenant(plugins=("gps_install",))


async def install_order(tenant, customer_id=None, **fields):
    customer_id = customer_id or (await tenant.customer())["id"]
    body = {"customer_id": customer_id, "install_request_no": "AZ-2026-001",
            "vehicles": [{"plate": "苏f·12345", "model": "解放 J6"}, {"plate": "苏F54321"}],
            "drivers": [{"name": "张师傅", "phone": "13900000000", "plate": PLATE}], **fields}
    return await tenant.post(f"{API}/install-orders", json=body)


async def repair_order(tenant, install_date="2024-03-10"):
    customer = await tenant.customer()
    terminal = await tenant.asset(customer["id"], "gps_install.terminal", install_date=install_date,
                                  attributes={"vehicle_plate": PLATE, "sim_iccid": ICCID19})
    response = await tenant.post(f"{API}/repair-orders", json={
        "customer_id": customer["id"], "asset_id": terminal["id"], "fault": "不定位", "address": "苏州工业园区",
        "contact_name": "王经理", "contact_phone": "13800000000", "model": "GT-06", "purchase_date": "2024-03-01"})
    assert response.status_code == 201, response.text
    return response.json()


async def approved_and_assigned(tenant, order):
    manager = await tenant.add_user("manager")
    technician = await tenant.add_user("technician")
    assert (await manager.post(f"{API}/work-orders/{order['id']}/approval", json={})).status_code == 200
    response = await manager.post(f"{API}/work-orders/{order['id']}/assignment",
                                  json={"technician_id": technician.admin_id})
    assert response.status_code == 200, response.text
    return technician


async def test_domain_9_install_order_approved_by_manager_then_technician_assigned(gps):
    """DOMAIN §9: customer service fills the install work order from the install request, vehicle
    list and drivers; the GPS department manager approves; a technician is assigned."""
    agent = await gps.add_user("agent")
    created = await install_order(agent)
    assert created.status_code == 201, created.text
    order = created.json()
    assert (order["kind"], order["status"]) == ("install", "submitted")
    assert [v["plate"] for v in order["vehicles"]] == [PLATE, "苏F54321"], "plates are stored normalised"
    assert order["drivers"][0]["name"] == "张师傅"

    manager = await gps.add_user("manager")
    approved = await manager.post(f"{API}/work-orders/{order['id']}/approval", json={"note": "同意"})
    assert approved.status_code == 200, approved.text
    assert (approved.json()["status"], approved.json()["approved_by"]) == ("approved", manager.admin_id)

    technician = await gps.add_user("technician")
    assigned = await manager.post(f"{API}/work-orders/{order['id']}/assignment",
                                  json={"technician_id": technician.admin_id})
    assert assigned.status_code == 200, assigned.text
    assert (assigned.json()["status"], assigned.json()["technician_id"]) == ("assigned", technician.admin_id)
    done = await technician.post(f"{API}/work-orders/{order['id']}/completion", json={})
    assert done.status_code == 200 and done.json()["status"] == "done"
    listed = (await gps.get(f"{API}/work-orders", params={"status": "done"})).json()["items"]
    assert [o["id"] for o in listed] == [order["id"]]


@pytest.mark.parametrize("role", ["agent", "technician", "viewer"])
async def test_domain_9_only_the_manager_approves_and_assigns(gps, role):
    """DOMAIN §9: approval is the GPS department manager's (manager or admin); others get 403."""
    order = (await install_order(gps)).json()
    someone = await gps.add_user(role)
    assert (await someone.post(f"{API}/work-orders/{order['id']}/approval", json={})).status_code == 403
    assert (await someone.post(f"{API}/work-orders/{order['id']}/assignment",
                               json={"technician_id": someone.admin_id})).status_code == 403
    assert (await gps.post(f"{API}/work-orders/{order['id']}/approval", json={})).status_code == 200, "admin may"


async def test_unapproved_or_refused_orders_cannot_be_assigned_409(gps):
    technician = await gps.add_user("technician")
    order = (await install_order(gps)).json()
    early = await gps.post(f"{API}/work-orders/{order['id']}/assignment", json={"technician_id": technician.admin_id})
    assert early.status_code == 409
    refused = await gps.post(f"{API}/work-orders/{order['id']}/approval", json={"approved": False, "note": "重复"})
    assert refused.json()["status"] == "refused"
    assert (await gps.post(f"{API}/work-orders/{order['id']}/approval", json={})).status_code == 409
    assert (await gps.post(f"{API}/work-orders/{order['id']}/completion", json={})).status_code == 409


async def test_only_a_technician_of_the_tenant_can_be_assigned_422(gps, make_tenant):
    order = (await install_order(gps)).json()
    await gps.post(f"{API}/work-orders/{order['id']}/approval", json={})
    agent = await gps.add_user("agent")
    other_tech = await (await make_tenant(plugins=("gps_install",))).add_user("technician")
    for user_id in (agent.admin_id, other_tech.admin_id, str(uuid.uuid4())):
        response = await gps.post(f"{API}/work-orders/{order['id']}/assignment", json={"technician_id": user_id})
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "technician_id"


async def test_domain_9_contractor_only_in_an_emergency_with_no_technician_free(gps):
    """DOMAIN §9: with no technician free the manager may send an outside contractor (recorded);
    while a technician is free that is a 409, and without an emergency reason a 422."""
    busy = (await install_order(gps)).json()
    second = (await install_order(gps)).json()
    await gps.post(f"{API}/work-orders/{second['id']}/approval", json={})
    contractor = {"name": "李工", "phone": "13700000000", "company": "速达安装"}
    technician = await approved_and_assigned(gps, busy)  # the only technician, now busy

    no_reason = await gps.post(f"{API}/work-orders/{second['id']}/assignment", json={"contractor": contractor})
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "emergency_reason"
    sent = await gps.post(f"{API}/work-orders/{second['id']}/assignment",
                          json={"contractor": contractor, "emergency_reason": "客户车辆明早出车"})
    assert sent.status_code == 200, sent.text
    assert sent.json()["contractor"] == contractor and sent.json()["emergency_reason"] == "客户车辆明早出车"
    assert sent.json()["technician_id"] is None

    await technician.post(f"{API}/work-orders/{busy['id']}/completion", json={})  # free again
    third = (await install_order(gps)).json()
    await gps.post(f"{API}/work-orders/{third['id']}/approval", json={})
    refused = await gps.post(f"{API}/work-orders/{third['id']}/assignment",
                             json={"contractor": contractor, "emergency_reason": "急"})
    assert refused.status_code == 409
    both = await gps.post(f"{API}/work-orders/{third['id']}/assignment",
                          json={"contractor": contractor, "technician_id": technician.admin_id})
    assert both.status_code == 422


async def test_domain_9_repair_form_swaps_make_the_vehicle_history(gps):
    """DOMAIN §9: the repair form records the old and new terminal numbers (plate and fault on the
    label) and the old and new SIM ICCIDs; GET …/vehicles/{plate}/swaps is the history."""
    order = await repair_order(gps)
    assert (order["kind"], order["fault"], order["purchase_date"]) == ("repair", "不定位", "2024-03-01")
    technician = await approved_and_assigned(gps, order)
    terminal = await technician.post(f"{API}/work-orders/{order['id']}/swaps", json={
        "plate": PLATE, "fault": "不定位", "old_terminal_no": "gt06a001", "new_terminal_no": "GT06A002"})
    assert terminal.status_code == 201, terminal.text
    assert terminal.json()["old_terminal_no"] == "GT06A001"
    sim = await technician.post(f"{API}/work-orders/{order['id']}/swaps", json={
        "plate": "苏F 12345", "old_iccid": ICCID19, "new_iccid": ICCID20})
    assert sim.status_code == 201, sim.text
    history = (await gps.get(f"{API}/vehicles/{PLATE}/swaps")).json()
    assert [s["id"] for s in history["items"]] == [sim.json()["id"], terminal.json()["id"]], "newest first"
    assert history["items"][0]["new_iccid"] == ICCID20 and history["next_cursor"] is None
    assert (await gps.get(f"{API}/vehicles/苏F54321/swaps")).json()["items"] == []


@pytest.mark.parametrize(("body", "field"), [
    ({"old_iccid": ICCID19, "new_iccid": wrong_check_digit(ICCID20)}, "new_iccid"),
    ({"old_iccid": "8986001234", "new_iccid": ICCID20}, "old_iccid"),
    ({"old_iccid": ICCID19}, "new_iccid"),
    ({"old_iccid": ICCID19, "new_iccid": ICCID19}, "new_iccid"),
    ({"old_terminal_no": "GT06A001", "new_terminal_no": "GT06A002"}, "fault"),
    ({"fault": "坏", "old_terminal_no": "GT06A001", "new_terminal_no": "GT06A002", "plate": "ABC"}, "plate"),
    ({"old_iccid": ICCID19, "new_iccid": ICCID20, "plate": None}, "plate"),
    ({"plate": PLATE}, "swap"),
])
async def test_domain_9_invalid_swaps_are_422_with_the_field(gps, body, field):
    """DOMAIN §9 SIM swap: ICCIDs are 19–20 digits with a Luhn check digit; both sides recorded."""
    order = await repair_order(gps)
    technician = await approved_and_assigned(gps, order)
    response = await technician.post(f"{API}/work-orders/{order['id']}/swaps", json={"plate": PLATE, **body})
    assert response.status_code == 422, response.text
    assert field in [e["field"] for e in response.json()["errors"]]
    assert (await gps.get(f"{API}/vehicles/{PLATE}/swaps")).json()["items"] == []


async def test_swaps_need_a_repair_under_way_409(gps):
    order = await repair_order(gps)
    early = await gps.post(f"{API}/work-orders/{order['id']}/swaps",
                           json={"plate": PLATE, "old_iccid": ICCID19, "new_iccid": ICCID20})
    assert early.status_code == 409
    install = (await install_order(gps)).json()
    await approved_and_assigned(gps, install)
    assert (await gps.post(f"{API}/work-orders/{install['id']}/swaps",
                           json={"plate": PLATE, "old_iccid": ICCID19, "new_iccid": ICCID20})).status_code == 409


@pytest.mark.parametrize(("claim_date", "charge", "rule_id"), [
    ("2025-03-10", 0, "gps_install.warranty.12m"),
    ("2025-03-11", 9100, "gps_install.out_of_warranty.parts_only"),
])
async def test_domain_9_completed_repair_out_of_warranty_charges_only_parts(gps, claim_date, charge, rule_id):
    """DOMAIN §9: out of warranty only parts are charged (labour free); the decision is recorded."""
    order = await repair_order(gps, install_date="2024-03-10")
    technician = await approved_and_assigned(gps, order)
    done = await technician.post(f"{API}/work-orders/{order['id']}/completion", json={
        "claim_date": claim_date, "parts": [{"sku": "ant", "name": "天线", "unit_price_fen": 4550, "qty": 2}]})
    assert done.status_code == 200, done.text
    assert done.json()["charge_fen"] == charge
    decision = (await gps.get(f"/api/v1/warranty/decisions/{done.json()['warranty_decision_id']}")).json()
    assert decision["rule_ids"] == [rule_id] and decision["plugin"] == "gps_install"


@pytest.mark.parametrize(("body", "field"), [
    ({"vehicles": []}, "vehicles"),
    ({"vehicles": [{"plate": "not a plate"}]}, "vehicles[0].plate"),
    ({"vehicles": [{"plate": PLATE}, {"plate": "苏f12345"}]}, "vehicles"),
    ({"drivers": [{"name": "赵", "plate": "苏E99999"}]}, "drivers[0].plate"),
    ({"customer_id": str(uuid.uuid4())}, "customer_id"),
    ({"install_request_no": ""}, "install_request_no"),
    ({"surprise": 1}, "surprise"),
])
async def test_bad_install_orders_are_4xx_never_500(gps, body, field):
    response = await install_order(gps, **body)
    assert response.status_code in (400, 422), response.text
    assert any(field in e["field"] or field in e["message"] for e in response.json()["errors"]), response.json()


async def test_bad_input_is_never_500(gps):
    order = (await install_order(gps)).json()
    for url, body in [
        (f"{API}/work-orders/{order['id']}/approval", {"approved": "maybe"}),
        (f"{API}/work-orders/{order['id']}/assignment", {"technician_id": "nope"}),
        (f"{API}/work-orders/{order['id']}/completion", {"claim_date": "2025-02-30"}),
        (f"{API}/repair-orders", {"customer_id": order["customer_id"]}),
        (f"{API}/repair-orders", {"customer_id": order["customer_id"], "fault": "x", "asset_id": str(uuid.uuid4())}),
    ]:
        response = await gps.post(url, json=body)
        assert 400 <= response.status_code < 500, (url, response.text)
    assert (await gps.get(f"{API}/work-orders/not-a-uuid")).status_code in (400, 404)
    assert (await gps.get(f"{API}/work-orders", params={"limit": 0})).status_code in (400, 422)


async def test_a_tenant_without_the_plugin_gets_404(make_tenant):
    tenant = await make_tenant()
    assert (await tenant.get(f"{API}/work-orders")).status_code == 404
    assert (await install_order(tenant)).status_code == 404
    assert (await tenant.get(f"{API}/vehicles/{PLATE}/swaps")).status_code == 404


async def test_another_tenants_orders_and_swaps_are_404_or_invisible(gps, make_tenant):
    order = await repair_order(gps)
    technician = await approved_and_assigned(gps, order)
    await technician.post(f"{API}/work-orders/{order['id']}/swaps",
                          json={"plate": PLATE, "old_iccid": ICCID19, "new_iccid": ICCID20})
    other = await make_tenant(plugins=("gps_install",))
    assert (await other.get(f"{API}/work-orders/{order['id']}")).status_code == 404
    assert (await other.post(f"{API}/work-orders/{order['id']}/approval", json={})).status_code == 404
    assert (await other.post(f"{API}/work-orders/{order['id']}/swaps",
                             json={"plate": PLATE, "old_iccid": ICCID19, "new_iccid": ICCID20})).status_code == 404
    assert (await other.get(f"{API}/work-orders")).json()["items"] == []
    assert (await other.get(f"{API}/vehicles/{PLATE}/swaps")).json()["items"] == []
    foreign = await other.post(f"{API}/repair-orders", json={"customer_id": order["customer_id"], "fault": "x"})
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "customer_id"
