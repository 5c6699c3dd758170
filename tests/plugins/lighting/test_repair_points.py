"""Authorised repair points through the HTTP API (DOMAIN 6.14, source 001 §3 第二-三条 特约维修部):
an office proposes a point with its first-batch stock and allowance, customer service approves or
rejects it, the point pays a deposit on the stock and is active once it is paid in full, swaps old
parts for new with the office, and is paid its monthly repair allowance with the rebate."""

from __future__ import annotations

import uuid

import pytest

POINTS = "/api/v1/p/lighting/repair-points"
OFFICES = "/api/v1/p/lighting/offices"
#: One part of 333 fen: 30 % of it is 99.9 fen, a deposit of 100.
STOCK_333 = [{"sku": "BAL-18W", "part_name": "18W 电子镇流器", "unit_price_fen": 111, "quantity": 3}]


@pytest.fixture
async def lit(make_tenant):
    return await make_tenant(plugins=("lighting",))


async def office(tenant, name=None) -> dict:
    name = name or f"广州办事处 {uuid.uuid4().hex[:6]}"
    response = await tenant.post(OFFICES + "/", json={"name": name, "region": "广东"})
    assert response.status_code == 201, response.text
    return response.json()


async def apply(tenant, office_id=None, stock=None, **fields) -> dict:
    if office_id is None:
        office_id = (await office(tenant))["id"]
    body = {"office_id": office_id, "name": "海珠灯饰城维修部", "region": "广东", "city": "440100",
            "address": "广州市海珠区灯饰城 A12", "contact": "李师傅", "allowance_proposed_fen": 60000,
            "stock": stock or STOCK_333, **fields}
    response = await tenant.post(POINTS + "/", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def approve(tenant, point, allowance_fen=50000, approved_on=None) -> dict:
    body = {"allowance_fen": allowance_fen, **({"approved_on": approved_on} if approved_on else {})}
    response = await tenant.post(f"{POINTS}/{point['id']}/approve", json=body)
    assert response.status_code == 200, response.text
    return response.json()


async def pay(tenant, point, amount_fen, paid_on=None):
    body = {"amount_fen": amount_fen, **({"paid_on": paid_on} if paid_on else {})}
    return await tenant.post(f"{POINTS}/{point['id']}/deposits", json=body)


async def active(tenant, office_id=None, applied_on=None, approved_on=None, paid_on=None, **fields) -> dict:
    """A point approved and with its deposit paid in full."""
    point = await apply(tenant, office_id, **({"applied_on": applied_on} if applied_on else {}), **fields)
    point = await approve(tenant, point, approved_on=approved_on)
    response = await pay(tenant, point, point["deposit_fen"], paid_on)
    assert response.status_code == 201, response.text
    return response.json()


# -- the deposit ------------------------------------------------------------------------------


@pytest.mark.parametrize(("stock", "deposit"), [
    (STOCK_333, 100),
    ([{"sku": "T8", "part_name": "T8 灯管", "unit_price_fen": 67, "quantity": 5}], 101),
    ([{"sku": "S", "part_name": "启辉器", "unit_price_fen": 5, "quantity": 1}], 2),
    ([{"sku": "A", "part_name": "镇流器", "unit_price_fen": 1000, "quantity": 2},
      {"sku": "B", "part_name": "灯座", "unit_price_fen": 250, "quantity": 4}], 900),
])
async def test_deposit_is_thirty_percent_of_the_first_stock_half_up(lit, stock, deposit):
    """DOMAIN 6.14 (001 第三条 B): the deposit is the tenant's percent (30 by default) of the
    first-batch stock's value, half up to the fen: 30 % of 333 = 99.9 → 100, of 335 = 100.5 → 101,
    of 5 = 1.5 → 2, of 3000 = 900."""
    point = await apply(lit, stock=stock)
    value = sum(line["unit_price_fen"] * line["quantity"] for line in stock)
    assert (point["status"], point["stock_value_fen"], point["deposit_percent"]) == ("applied", value, "30.00")
    assert (point["deposit_fen"], point["deposit_paid_fen"], point["deposit_outstanding_fen"]) == (deposit, 0, deposit)
    assert [(s["sku"], s["initial_quantity"], s["on_hand"], s["swapped_quantity"]) for s in point["stock"]] == sorted(
        (line["sku"], line["quantity"], line["quantity"], 0) for line in stock)


async def test_deposit_percent_is_a_tenant_setting_kept_on_each_point(lit):
    """DOMAIN 6.14 (001 第三条 B, 一定比例的押金): the tenant sets the proportion
    (``lighting.deposit_percent``); a point keeps the percent of its application."""
    before = await apply(lit)
    await lit.enable("lighting", lighting={"deposit_percent": 50})
    after = await apply(lit)
    assert (after["deposit_percent"], after["deposit_fen"]) == ("50.00", 167)  # 166.5 → 167
    assert (await lit.get(f"{POINTS}/{before['id']}")).json()["deposit_fen"] == 100
    bad = await lit.put("/api/v1/tenant/plugins/lighting", json={"enabled": True, "settings": {"deposit_percent": 101}})
    assert bad.status_code in (400, 422) and "deposit_percent" in bad.text


async def test_active_only_once_the_deposit_is_paid_in_full(lit):
    """DOMAIN 6.14 (001 第三条 B): an approved point stays ``approved`` (deposit pending) until the
    deposit is paid in full: one fen short it cannot swap; the last fen makes it ``active`` on the
    day it is paid; paying more than is owed is 409 naming ``amount_fen``."""
    point = await approve(lit, await apply(lit, applied_on="2024-05-02"), approved_on="2024-05-03")
    assert (point["status"], point["deposit_fen"], point["activated_on"]) == ("approved", 100, None)
    short = await pay(lit, point, 99, "2024-05-04")
    assert short.status_code == 201, short.text
    short = short.json()
    assert (short["status"], short["deposit_paid_fen"], short["deposit_outstanding_fen"]) == ("approved", 99, 1)
    swap = await lit.post(f"{POINTS}/{point['id']}/swaps", json={"sku": "BAL-18W", "quantity": 1})
    assert swap.status_code == 409
    too_much = await pay(lit, point, 2)
    assert too_much.status_code == 409 and too_much.json()["errors"][0]["field"] == "amount_fen"
    before_approval = await pay(lit, point, 1, "2024-05-02")
    assert before_approval.status_code == 422 and before_approval.json()["errors"][0]["field"] == "paid_on"
    full = (await pay(lit, point, 1, "2024-05-06")).json()
    assert (full["status"], full["deposit_paid_fen"], full["deposit_outstanding_fen"], full["activated_on"]) == (
        "active", 100, 0, "2024-05-06")
    assert [(d["amount_fen"], d["paid_on"]) for d in full["deposits"]] == [(99, "2024-05-04"), (1, "2024-05-06")]
    again = await pay(lit, point, 1)
    assert again.status_code == 409


async def test_a_point_without_deposit_is_active_on_approval(lit):
    """DOMAIN 6.14 (001 第三条 B): a tenant asking no deposit (0 %) has the point active once approved."""
    await lit.enable("lighting", lighting={"deposit_percent": 0})
    point = await approve(lit, await apply(lit), approved_on=None)
    assert (point["deposit_fen"], point["status"], point["activated_on"]) == (0, "active", point["approved_on"])


# -- approval and rejection -------------------------------------------------------------------


async def test_customer_service_approves_once_and_decides_the_allowance(lit):
    """DOMAIN 6.14 (001 第二条, 第三条 A): the office proposes the allowance, customer service
    decides it on approval; an approved point is not approved or rejected again."""
    point = await apply(lit, allowance_proposed_fen=60000, applied_on="2024-05-02")
    early = await lit.post(f"{POINTS}/{point['id']}/approve", json={"allowance_fen": 1, "approved_on": "2024-05-01"})
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "approved_on"
    approved = await approve(lit, point, allowance_fen=45000, approved_on="2024-05-03")
    assert (approved["allowance_proposed_fen"], approved["allowance_fen"], approved["status"]) == (
        60000, 45000, "approved")
    assert approved["approved_by"] == lit.admin_id and approved["approved_on"] == "2024-05-03"
    assert (await lit.post(f"{POINTS}/{point['id']}/approve", json={"allowance_fen": 1})).status_code == 409
    assert (await lit.post(f"{POINTS}/{point['id']}/reject", json={"reason": "x"})).status_code == 409


async def test_a_rejected_application_keeps_its_reason_and_goes_no_further(lit):
    """DOMAIN 6.14 (001 第二条): customer service may reject the application, saying why; a
    rejected point is not approved, takes no deposit and swaps nothing."""
    point = await apply(lit)
    no_reason = await lit.post(f"{POINTS}/{point['id']}/reject", json={"reason": ""})
    assert no_reason.status_code == 400 and no_reason.json()["errors"][0]["field"] == "reason"
    rejected = await lit.post(f"{POINTS}/{point['id']}/reject", json={"reason": "该区域已有维修部"})
    assert rejected.status_code == 200, rejected.text
    body = rejected.json()
    assert (body["status"], body["rejection_reason"], body["rejected_by"]) == ("rejected", "该区域已有维修部", lit.admin_id)
    assert (await lit.post(f"{POINTS}/{point['id']}/approve", json={"allowance_fen": 1})).status_code == 409
    assert (await pay(lit, point, 100)).status_code == 409
    assert (await lit.post(f"{POINTS}/{point['id']}/swaps", json={"sku": "BAL-18W", "quantity": 1})).status_code == 409
    assert (await pay(lit, await apply(lit), 100)).status_code == 409, "an applied point takes no deposit yet"


async def test_roles(lit):
    """DOMAIN 6.14 (001 第二条): the office (desk staff) proposes; only customer service (managers,
    admins) approves, rejects and closes; technicians record swaps; viewers only read."""
    agent, technician, viewer = (await lit.add_user("agent"), await lit.add_user("technician"),
                                 await lit.add_user("viewer"))
    o = await office(lit)
    point = await apply(agent, o["id"])
    assert point["proposed_by"] == agent.admin_id
    assert (await technician.post(POINTS + "/", json={})).status_code == 403
    assert (await agent.post(f"{POINTS}/{point['id']}/approve", json={"allowance_fen": 1})).status_code == 403
    assert (await agent.post(f"{POINTS}/{point['id']}/reject", json={"reason": "x"})).status_code == 403
    manager = await lit.add_user("manager")
    approved = await approve(manager, point)
    assert (await pay(technician, approved, 100)).status_code == 403
    assert (await pay(agent, approved, 100)).status_code == 201
    assert (await technician.post(f"{POINTS}/{point['id']}/swaps", json={"sku": "BAL-18W", "quantity": 1})).status_code == 201
    assert (await viewer.post(f"{POINTS}/{point['id']}/swaps", json={"sku": "BAL-18W", "quantity": 1})).status_code == 403
    assert (await agent.post(f"{POINTS}/{point['id']}/close", json={"reason": "x"})).status_code == 403
    assert (await viewer.get(f"{POINTS}/{point['id']}")).status_code == 200
    assert (await lit.client.get(f"{POINTS}/{point['id']}")).status_code == 401


@pytest.mark.parametrize(("change", "field"), [
    ({"stock": []}, "stock"),
    ({"stock": STOCK_333 * 2}, "stock[1].sku"),
    ({"stock": [{**STOCK_333[0], "unit_price_fen": -1}]}, "stock[0].unit_price_fen"),
    ({"stock": [{**STOCK_333[0], "quantity": 0}]}, "stock[0].quantity"),
    ({"region": "火星"}, "region"),
    ({"city": "110100"}, "city"),
    ({"allowance_proposed_fen": -5}, "allowance_proposed_fen"),
    ({"office_id": "0190f0f0-0000-7000-8000-000000000000"}, "office_id"),
    ({"applied_on": "2999-01-01"}, "applied_on"),
    ({"name": None}, "name"),
])
async def test_a_bad_application_names_its_field(lit, change, field):
    """DOMAIN 6.14 (001 第二条): the application (特约维修部的申请表) needs the office, where the point
    is, who runs it, its first-batch stock and the proposed allowance; a bad field is a 4xx naming it."""
    o = await office(lit)
    body = {"office_id": o["id"], "name": "维修部", "region": "广东", "address": "广州", "contact": "李",
            "allowance_proposed_fen": 100, "stock": STOCK_333, **change}
    response = await lit.post(POINTS + "/", json=body)
    assert response.status_code in (400, 422), response.text
    assert response.json()["errors"][0]["field"] == field
    assert (await lit.get(POINTS + "/")).json()["items"] == []


# -- old for new ------------------------------------------------------------------------------


async def test_swaps_keep_the_stock_on_hand_and_count_per_part(lit):
    """DOMAIN 6.14 (001 第三条 B, 以旧换新): the office takes a faulty part back and gives a new one,
    so the stock on hand stays; the file counts the swaps per part; a swap may exceed what is on
    hand, and may name the ticket the faulty part came from."""
    stock = [*STOCK_333, {"sku": "T8", "part_name": "T8 灯管", "unit_price_fen": 500, "quantity": 2}]
    point = await active(lit, stock=stock, applied_on="2024-05-02", approved_on="2024-05-03", paid_on="2024-05-04")
    customer = await lit.customer(name="陈女士")
    ticket = (await lit.post("/api/v1/tickets", json={
        "kind": "repair", "channel": "visit", "customer_id": customer["id"], "subject": "吸顶灯不亮"})).json()
    first = await lit.post(f"{POINTS}/{point['id']}/swaps", json={
        "sku": "T8", "quantity": 5, "swapped_on": "2024-05-10", "ticket_id": ticket["id"], "note": "月度换货"})
    assert first.status_code == 201, first.text
    assert (first.json()["part_name"], first.json()["ticket_id"], first.json()["quantity"]) == ("T8 灯管", ticket["id"], 5)
    assert (await lit.post(f"{POINTS}/{point['id']}/swaps", json={"sku": "T8", "quantity": 1})).status_code == 201
    early = await lit.post(f"{POINTS}/{point['id']}/swaps", json={"sku": "T8", "quantity": 1, "swapped_on": "2024-05-03"})
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "swapped_on"
    file = (await lit.get(f"{POINTS}/{point['id']}")).json()
    assert [(s["sku"], s["initial_quantity"], s["on_hand"], s["swapped_quantity"]) for s in file["stock"]] == [
        ("BAL-18W", 3, 3, 0), ("T8", 2, 2, 6)]
    assert [s["quantity"] for s in file["swaps"]] == [1, 5]


async def test_a_swap_of_a_part_not_in_stock_is_422(lit):
    """DOMAIN 6.14 (001 第三条 B): only parts of the point's first-batch stock are swapped; an
    unknown sku is 422 naming ``sku``, an unknown ticket 422 naming ``ticket_id``."""
    point = await active(lit)
    unknown = await lit.post(f"{POINTS}/{point['id']}/swaps", json={"sku": "NOPE", "quantity": 1})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "sku"
    no_ticket = await lit.post(f"{POINTS}/{point['id']}/swaps", json={
        "sku": "BAL-18W", "quantity": 1, "ticket_id": "0190f0f0-0000-7000-8000-000000000000"})
    assert no_ticket.status_code == 422 and no_ticket.json()["errors"][0]["field"] == "ticket_id"
    zero = await lit.post(f"{POINTS}/{point['id']}/swaps", json={"sku": "BAL-18W", "quantity": 0})
    assert zero.status_code == 400 and zero.json()["errors"][0]["field"] == "quantity"
    assert (await lit.get(f"{POINTS}/{point['id']}")).json()["swaps"] == []


async def test_an_inactive_point_swaps_nothing(lit):
    """DOMAIN 6.14 (001 第三条 B): an applied, approved-but-unpaid, rejected or closed point swaps
    nothing (409)."""
    applied = await apply(lit)
    unpaid = await approve(lit, await apply(lit))
    closed = await active(lit)
    response = await lit.post(f"{POINTS}/{closed['id']}/close", json={"reason": "店铺歇业"})
    assert response.status_code == 200 and response.json()["status"] == "closed"
    for point in (applied, unpaid, closed):
        swap = await lit.post(f"{POINTS}/{point['id']}/swaps", json={"sku": "BAL-18W", "quantity": 1})
        assert swap.status_code == 409, (point["status"], swap.text)
    assert (await lit.post(f"{POINTS}/{closed['id']}/close", json={"reason": "x"})).status_code == 409
    assert (await lit.post(f"{POINTS}/{applied['id']}/close", json={"reason": "x"})).status_code == 409


# -- the repair allowance ---------------------------------------------------------------------


async def test_allowances_of_a_month_are_the_points_active_in_it(lit):
    """DOMAIN 6.14 (001 第三条 A): the month's repair allowance is the decided allowance of each
    point active on some day of the month, in full (no pro rata: a point activated on the month's
    last day or closed on its first gets the whole month), paid with the customer's rebate."""
    o = (await office(lit))["id"]
    dates = {"applied_on": "2024-03-01", "approved_on": "2024-03-02"}
    may_31 = await active(lit, o, **dates, paid_on="2024-05-31", name="五月底开业")
    june_1 = await active(lit, o, **dates, paid_on="2024-06-01", name="六月开业")
    april = await active(lit, o, **dates, paid_on="2024-04-10", name="四月开业")
    closed_apr_30 = await active(lit, o, **dates, paid_on="2024-03-05", name="四月底关闭")
    closed_may_1 = await active(lit, o, **dates, paid_on="2024-03-05", name="五月一日关闭")
    for point, day in ((closed_apr_30, "2024-04-30"), (closed_may_1, "2024-05-01")):
        response = await lit.post(f"{POINTS}/{point['id']}/close", json={"reason": "撤点", "closed_on": day})
        assert response.status_code == 200, response.text
    await approve(lit, await apply(lit, o, **{"applied_on": "2024-03-01"}, name="未交押金"), approved_on="2024-03-02")
    await apply(lit, o, name="待审批")
    may = await lit.get(POINTS + "/allowances", params={"month": "2024-05"})
    assert may.status_code == 200, may.text
    body = may.json()
    assert (body["month"], body["currency"], body["paid_with"]) == ("2024-05", "CNY", "rebate")
    assert "返利" in body["note"]
    assert sorted(line["repair_point_id"] for line in body["lines"]) == sorted(
        p["id"] for p in (may_31, april, closed_may_1))
    assert {line["allowance_fen"] for line in body["lines"]} == {50000} and body["total_fen"] == 150000
    june = (await lit.get(POINTS + "/allowances", params={"month": "2024-06"})).json()
    assert june_1["id"] in {line["repair_point_id"] for line in june["lines"]} and len(june["lines"]) == 3
    bad = await lit.get(POINTS + "/allowances", params={"month": "2024-13"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "month"
    assert (await lit.get(POINTS + "/allowances")).status_code == 400


# -- lists and tenancy ------------------------------------------------------------------------


async def test_list_filters_by_status_and_office(lit):
    """DOMAIN 6.14 (001 第三条 E): the points, newest first, filtered by status or office."""
    o1, o2 = (await office(lit, "广州办事处"))["id"], (await office(lit, "深圳办事处"))["id"]
    applied = await apply(lit, o1)
    running = await active(lit, o2)
    everything = (await lit.get(POINTS + "/")).json()["items"]
    assert [p["id"] for p in everything] == [running["id"], applied["id"]]
    assert "stock" not in everything[0]
    assert [p["id"] for p in (await lit.get(POINTS + "/", params={"status": "active"})).json()["items"]] == [
        running["id"]]
    assert [p["id"] for p in (await lit.get(POINTS + "/", params={"office_id": o1})).json()["items"]] == [
        applied["id"]]
    bad = await lit.get(POINTS + "/", params={"status": "open"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "status"


async def test_another_tenants_repair_points_are_404_and_absent_from_lists(make_tenant):
    """DESIGN Tenancy: tenant B cannot read, change, pay for, swap at or list tenant A's repair
    points, nor propose one for A's office; A's allowances are not in B's month."""
    a = await make_tenant(plugins=("lighting",))
    b = await make_tenant(plugins=("lighting",))
    point = await active(a, applied_on="2024-05-01", approved_on="2024-05-02", paid_on="2024-05-03")
    pending = await apply(a)
    url = f"{POINTS}/{point['id']}"
    assert (await b.get(url)).status_code == 404
    for step, body in (("approve", {"allowance_fen": 1}), ("reject", {"reason": "x"}), ("deposits", {"amount_fen": 1}),
                       ("swaps", {"sku": "BAL-18W", "quantity": 1}), ("close", {"reason": "x"})):
        assert (await b.post(f"{POINTS}/{pending['id']}/{step}", json=body)).status_code == 404, step
        assert (await b.post(f"{url}/{step}", json=body)).status_code == 404, step
    assert (await b.get(POINTS + "/")).json()["items"] == []
    assert (await b.get(POINTS + "/allowances", params={"month": "2024-05"})).json()["lines"] == []
    foreign_office = await b.post(POINTS + "/", json={
        "office_id": point["office_id"], "name": "x", "region": "广东", "address": "x", "contact": "x",
        "allowance_proposed_fen": 1, "stock": STOCK_333})
    assert foreign_office.status_code == 422 and foreign_office.json()["errors"][0]["field"] == "office_id"
    ticket_of_b = (await b.post("/api/v1/tickets", json={
        "kind": "repair", "channel": "visit", "customer_id": (await b.customer())["id"], "subject": "x"})).json()
    foreign_ticket = await a.post(f"{url}/swaps", json={"sku": "BAL-18W", "quantity": 1, "ticket_id": ticket_of_b["id"]})
    assert foreign_ticket.status_code == 422 and foreign_ticket.json()["errors"][0]["field"] == "ticket_id"
    assert (await a.get(url)).json()["status"] == "active"


async def test_a_tenant_without_lighting_gets_404_on_every_endpoint(make_tenant):
    """API.md Plugins: a tenant that has not enabled the lighting plugin gets 404 on every
    repair-point endpoint, before any validation or role check."""
    lit = await make_tenant(plugins=("lighting",))
    point = await apply(lit)
    plain = await make_tenant()
    calls = [("get", POINTS + "/"), ("post", POINTS + "/"), ("get", f"{POINTS}/{point['id']}"),
             ("get", POINTS + "/allowances?month=2024-05")]
    calls += [("post", f"{POINTS}/{point['id']}/{step}") for step in ("approve", "reject", "deposits", "swaps", "close")]
    viewer = await plain.add_user("viewer")
    for method, url in calls:
        for who in (plain, viewer):
            response = await getattr(who, method)(url, **({"json": {"x": 1}} if method == "post" else {}))
            assert response.status_code == 404, (method, url, response.text)


async def test_idempotent_deposit_payment(lit):
    """API.md: a deposit payment retried with the same Idempotency-Key is recorded once."""
    point = await approve(lit, await apply(lit))
    headers = {"Idempotency-Key": "deposit-1"}
    first = await lit.post(f"{POINTS}/{point['id']}/deposits", json={"amount_fen": 40}, headers=headers)
    second = await lit.post(f"{POINTS}/{point['id']}/deposits", json={"amount_fen": 40}, headers=headers)
    assert first.status_code == second.status_code == 201
    assert (await lit.get(f"{POINTS}/{point['id']}")).json()["deposit_paid_fen"] == 40
