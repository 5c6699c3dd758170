"""Return to factory through the HTTP API (DOMAIN §6 不良品返厂, source 001 §2 第三-十一条):
application, signature, approval, special approval, arrival in the region's week, the factory's
count and the per-line decisions within 3 days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

BASE = "/api/v1/p/lighting"
RETURNS = f"{BASE}/returns"
OFFICES = f"{BASE}/offices"
ITEMS = [
    {"product": "lighting.cfl", "quantity": 10, "reason": "不亮", "spray_code": "2405A"},
    {"product": "lighting.tube", "quantity": 4, "reason": "灯管发黑"},
]


def today() -> date:
    """The tenant's business day (tenants default to Asia/Shanghai, DOMAIN §0)."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


async def office(tenant, region="320000", city=None, name=None) -> dict:
    body = {"name": name or f"办事处 {region} {city or ''} {datetime.now().timestamp()}", "region": region}
    if city:
        body["city"] = city
    response = await tenant.post(OFFICES + "/", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def apply(tenant, office_id, applied_on="2024-05-01", items=ITEMS) -> dict:
    response = await tenant.post(RETURNS + "/", json={"office_id": office_id, "applied_on": applied_on, "items": items})
    assert response.status_code == 201, response.text
    return response.json()


async def approved(tenant, office_id, applied_on="2024-05-01", special=False, items=ITEMS) -> dict:
    """An application signed by the office manager and approved by customer service."""
    batch = await apply(tenant, office_id, applied_on, items)
    url = f"{RETURNS}/{batch['id']}"
    signed = await tenant.post(f"{url}/sign", json={"signed_by": "张经理", "role": "office_manager", "signed_on": applied_on})
    assert signed.status_code == 200, signed.text
    ok = await tenant.post(f"{url}/approve", json={"note": "同意返厂"})
    assert ok.status_code == 200, ok.text
    if special:
        sp = await tenant.post(f"{url}/special-approval", json={"reason": "批量质量问题"})
        assert sp.status_code == 200, sp.text
    return ok.json() if not special else sp.json()


async def receive(tenant, batch_id, arrived_on):
    return await tenant.post(f"{RETURNS}/{batch_id}/receive", json={"arrived_on": str(arrived_on)})


async def received(tenant, arrived_on: date, region="320000") -> dict:
    """A specially approved batch received on ``arrived_on`` (the week rule does not apply)."""
    o = await office(tenant, region)
    batch = await approved(tenant, o["id"], applied_on=str(arrived_on), special=True)
    response = await receive(tenant, batch["id"], arrived_on)
    assert response.status_code == 200, response.text
    return response.json()


async def count_all(tenant, batch, quantities, counted_on=None):
    body = {"lines": [{"line_id": line["id"], "quantity": q} for line, q in zip(batch["lines"], quantities, strict=True)]}
    if counted_on:
        body["counted_on"] = str(counted_on)
    return await tenant.post(f"{RETURNS}/{batch['id']}/count", json=body)


@pytest.fixture
async def lit(make_tenant):
    return await make_tenant(plugins=("lighting",))


# -- the whole way -----------------------------------------------------------------------------


async def test_every_step_of_a_return_batch(lit):
    """DOMAIN §6 不良品返厂: application (items, quantity, reason) → signature of the office
    manager → customer-service approval → arrival in the region's week → factory count → exchange
    or credit per line, refusal with its reason; handled within 3 days of arrival."""
    o = await office(lit, "江苏")
    assert (o["region_code"], o["return_week"]) == ("320000", 2)
    batch = await apply(lit, o["id"])
    assert batch["status"] == "applied" and batch["signature"] is None
    assert [(line["product"], line["office_quantity"], line["reason"]) for line in batch["lines"]] == [
        ("lighting.cfl", 10, "不亮"), ("lighting.tube", 4, "灯管发黑")]
    url = f"{RETURNS}/{batch['id']}"
    signed = (await lit.post(f"{url}/sign", json={"signed_by": "张经理", "role": "regional_manager",
                                                  "signed_on": "2024-05-02"})).json()
    assert signed["status"] == "signed"
    assert signed["signature"] == {"signed_by": "张经理", "role": "regional_manager", "signed_on": "2024-05-02"}
    ok = (await lit.post(f"{url}/approve", json={})).json()
    assert ok["status"] == "approved" and ok["approval"]["approved_by"] == lit.admin_id
    got = (await receive(lit, batch["id"], "2024-05-10")).json()
    assert got["status"] == "received"
    assert (got["return_week"], got["batch_month"]) == (2, "2024-05-01")
    assert (got["count_due_by"], got["handle_by"]) == ("2024-05-11", "2024-05-13")
    counted = (await count_all(lit, got, [8, 4], "2024-05-11")).json()
    assert counted["status"] == "counted" and counted["count_overdue"] is False
    cfl, tube = counted["lines"]
    decided = await lit.post(f"{url}/decide", json={"decided_on": "2024-05-12", "lines": [
        {"line_id": cfl["id"], "decision": "exchange", "refused_quantity": 2, "refusal_reason": "灯头老化"},
        {"line_id": tube["id"], "decision": "credit"},
    ]})
    assert decided.status_code == 200, decided.text
    done = decided.json()
    assert (done["status"], done["handled_on"], done["overdue"]) == ("handled", "2024-05-12", False)
    assert [(line["decision"], line["refused_quantity"], line["refusal_reason"]) for line in done["lines"]] == [
        ("exchange", 2, "灯头老化"), ("credit", 0, None)]
    assert (await lit.get(url)).json() == done


# -- no form, no signature, no approval: not accepted (第四-五条) --------------------------------


async def test_an_unsigned_application_is_not_accepted_at_the_factory(lit):
    """DOMAIN §6 / 001 第五条: without the office or regional manager's signature, not accepted."""
    o = await office(lit)
    batch = await apply(lit, o["id"])
    response = await receive(lit, batch["id"], "2024-05-03")
    assert response.status_code == 409
    assert "not signed" in response.json()["detail"]
    approve = await lit.post(f"{RETURNS}/{batch['id']}/approve", json={})
    assert approve.status_code == 409 and "not signed" in approve.json()["detail"]


async def test_an_unapproved_application_is_not_accepted_at_the_factory(lit):
    """DOMAIN §6 / 001 第五条: without customer-service approval, not accepted."""
    o = await office(lit)
    batch = await apply(lit, o["id"])
    await lit.post(f"{RETURNS}/{batch['id']}/sign", json={"signed_by": "李经理", "role": "office_manager"})
    response = await receive(lit, batch["id"], "2024-05-03")
    assert response.status_code == 409
    assert "not approved" in response.json()["detail"]
    assert (await lit.get(f"{RETURNS}/{batch['id']}")).json()["status"] == "signed"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"items": []}, "items"),
        ({"items": [{"product": "lighting.cfl", "quantity": 0, "reason": "x"}]}, "items[0].quantity"),
        ({"items": [{"product": "lighting.cfl", "quantity": 1, "reason": ""}]}, "items[0].reason"),
        ({"items": [{"product": "lighting.spaceship", "quantity": 1, "reason": "x"}]}, "items[0].product"),
        ({"items": [{"product": "lighting.cfl", "quantity": 1}]}, "items[0]"),
    ],
)
async def test_an_application_without_its_form_fields_is_refused(lit, body, field):
    """DOMAIN §6 / 001 第四条: the application lists items, quantities and reasons; without them
    (no form) nothing is accepted."""
    o = await office(lit)
    response = await lit.post(RETURNS + "/", json={"office_id": o["id"], **body})
    assert response.status_code in (400, 422), response.text
    assert response.json()["errors"][0]["field"].startswith(field.split("[")[0])
    assert (await lit.get(RETURNS + "/")).json()["items"] == []


async def test_signature_needs_a_manager_role_and_comes_once(lit):
    """DOMAIN §6 / 001 第四条: signed by the office manager or the regional manager."""
    o = await office(lit)
    batch = await apply(lit, o["id"])
    url = f"{RETURNS}/{batch['id']}/sign"
    clerk = await lit.post(url, json={"signed_by": "王", "role": "clerk"})
    assert clerk.status_code in (400, 422)
    future = await lit.post(url, json={"signed_by": "王", "role": "office_manager",
                                       "signed_on": str(today() + timedelta(days=1))})
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "signed_on"
    before = await lit.post(url, json={"signed_by": "王", "role": "office_manager", "signed_on": "2024-04-30"})
    assert before.status_code == 422, "signed before the application was filed"
    assert (await lit.post(url, json={"signed_by": "王", "role": "office_manager"})).status_code == 200
    assert (await lit.post(url, json={"signed_by": "王", "role": "office_manager"})).status_code == 409


# -- the region's week and one return a month (第六-七条, 第十一条) ---------------------------------


async def test_eleventh_article_last_day_of_the_week_is_accepted_this_month(lit):
    """DOMAIN §6 第十一条: 江苏 returns in week 2 (days 8–14); arriving on the 14th counts for this month."""
    o = await office(lit, "320000")
    batch = await approved(lit, o["id"])
    response = await receive(lit, batch["id"], "2024-05-14")
    assert response.status_code == 200, response.text
    assert response.json()["batch_month"] == "2024-05-01"


async def test_sixth_article_the_day_after_the_week_waits_for_next_month(lit):
    """DOMAIN §6 第六条: a batch after its region's week is not accepted this month; it waits for
    next month's week (本月不再受理，存放到下月返厂)."""
    o = await office(lit, "320000")
    batch = await approved(lit, o["id"])
    late = await receive(lit, batch["id"], "2024-05-15")
    assert late.status_code == 409
    body = late.json()
    assert body["errors"] == [{"field": "arrived_on", "message": "after the region's week: waits for 2024-06"}]
    assert "2024-06-08 to 2024-06-14" in body["detail"]
    assert (await lit.get(f"{RETURNS}/{batch['id']}")).json()["status"] == "approved"
    next_month = await receive(lit, batch["id"], "2024-06-14")
    assert next_month.status_code == 200 and next_month.json()["batch_month"] == "2024-06-01"


async def test_seventh_article_special_approval_takes_a_late_batch_this_month(lit):
    """DOMAIN §6 第七条: exceptions need special approval (特批), recorded with who and why."""
    manager = await lit.add_user("manager")
    o = await office(lit, "440000")
    batch = await approved(lit, o["id"])
    assert (await receive(lit, batch["id"], "2024-05-22")).status_code == 409, "广东: week 3 ends on the 21st"
    special = await manager.post(f"{RETURNS}/{batch['id']}/special-approval", json={"reason": "批量质量问题"})
    assert special.status_code == 200
    record = special.json()["special_approval"]
    assert record["reason"] == "批量质量问题" and record["approved_by"] == manager.admin_id
    got = await receive(lit, batch["id"], "2024-05-22")
    assert got.status_code == 200 and got.json()["batch_month"] == "2024-05-01"
    again = await manager.post(f"{RETURNS}/{batch['id']}/special-approval", json={"reason": "x"})
    assert again.status_code == 409


async def test_seventh_article_special_approval_needs_a_manager_and_a_reason(lit):
    """DOMAIN §6 第七条 and §11: 特批 is the customer-service department's exception, by a manager."""
    agent = await lit.add_user("agent")
    o = await office(lit)
    batch = await apply(lit, o["id"])
    url = f"{RETURNS}/{batch['id']}/special-approval"
    assert (await agent.post(url, json={"reason": "x"})).status_code == 403
    assert (await lit.post(url, json={"reason": ""})).status_code in (400, 422)
    assert (await lit.post(url, json={})).status_code in (400, 422)


async def test_sixth_article_one_return_per_office_per_month(lit):
    """DOMAIN §6 第六条: one return per office per month; a second needs 特批; next month is free."""
    o = await office(lit, "110000")
    first = await approved(lit, o["id"])
    assert (await receive(lit, first["id"], "2024-05-05")).status_code == 200
    second = await approved(lit, o["id"])
    refused = await receive(lit, second["id"], "2024-05-06")
    assert refused.status_code == 409 and "already returned" in refused.json()["detail"]
    other_office = await office(lit, "110000")
    other = await approved(lit, other_office["id"])
    assert (await receive(lit, other["id"], "2024-05-06")).status_code == 200, "per office"
    await lit.post(f"{RETURNS}/{second['id']}/special-approval", json={"reason": "例外"})
    assert (await receive(lit, second["id"], "2024-05-06")).status_code == 200
    third = await approved(lit, o["id"])
    assert (await receive(lit, third["id"], "2024-06-03")).status_code == 200


@pytest.mark.parametrize(("city", "week"), [("厦门", 2), ("350100", 2), ("泉州", 2), ("莆田", None), (None, None)])
async def test_eleventh_article_fujian_is_per_city(lit, city, week):
    """DOMAIN §6 第十一条: 福州, 厦门, 泉州 return in week 2; the source gives 福建's other cities no week."""
    body = {"name": f"福建办事处 {city} {datetime.now().timestamp()}", "region": "福建"}
    if city:
        body["city"] = city if city != "莆田" else "350300"
    response = await lit.post(OFFICES + "/", json=body)
    assert response.status_code == 201, response.text
    assert response.json()["return_week"] == week


async def test_eleventh_article_a_region_without_week_needs_special_approval(lit):
    """DOMAIN §6 第十一条: 吉林 has no week in the source: receiving needs 特批."""
    o = await office(lit, "220000")
    assert o["return_week"] is None
    batch = await approved(lit, o["id"])
    refused = await receive(lit, batch["id"], "2024-05-02")
    assert refused.status_code == 409 and "特批" in refused.json()["detail"]
    await lit.post(f"{RETURNS}/{batch['id']}/special-approval", json={"reason": "吉林办事处"})
    assert (await receive(lit, batch["id"], "2024-05-02")).status_code == 200


async def test_tenant_override_gives_a_region_its_week(make_tenant):
    """Settings.return_week_overrides: a tenant assigns 吉林 to week 1 (第十一条 leaves it out)."""
    tenant = await make_tenant(plugins=("lighting",))
    await tenant.enable("lighting", lighting={"return_week_overrides": {"220000": 1}})
    o = await office(tenant, "220000")
    assert o["return_week"] == 1
    batch = await approved(tenant, o["id"])
    assert (await receive(tenant, batch["id"], "2024-05-07")).status_code == 200
    late = await approved(tenant, (await office(tenant, "220000"))["id"])
    assert (await receive(tenant, late["id"], "2024-05-08")).status_code == 409


@pytest.mark.parametrize(("body", "field"), [({"region": "亚特兰蒂斯"}, "region"),
                                             ({"region": "江苏", "city": "350200"}, "city"),
                                             ({"region": "福建", "city": "巴黎"}, "city"),
                                             ({"region": "福建", "city": "350000"}, "city")])
async def test_an_office_region_must_be_a_real_province_and_city(lit, body, field):
    """API.md: regions are GB/T 2260 codes (or short names); a 福建 city must be of 福建."""
    response = await lit.post(OFFICES + "/", json={"name": "某办事处", **body})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == field


async def test_office_names_are_unique_per_tenant(lit, make_tenant):
    """An office is one 物流商/办事处: the same name twice in a tenant is a conflict, not in another."""
    await office(lit, name="南京办事处")
    assert (await lit.post(OFFICES + "/", json={"name": "南京办事处", "region": "江苏"})).status_code == 409
    other = await make_tenant(plugins=("lighting",))
    await office(other, name="南京办事处")


# -- at the factory: the count wins, the 3-day window (第八-十条) ----------------------------------


async def test_eighth_article_the_factory_count_wins(lit):
    """DOMAIN §6 / 001 第八条: both counts are kept per line; the factory's count is the quantity
    decided on."""
    got = await received(lit, date(2024, 5, 3))
    counted = (await count_all(lit, got, [7, 5])).json()
    assert [(line["office_quantity"], line["factory_quantity"], line["quantity"], line["discrepancy"])
            for line in counted["lines"]] == [(10, 7, 7, -3), (4, 5, 5, 1)]
    cfl = counted["lines"][0]
    over = await lit.post(f"{RETURNS}/{got['id']}/decide", json={"lines": [
        {"line_id": cfl["id"], "decision": "exchange", "refused_quantity": 8, "refusal_reason": "x"}]})
    assert over.status_code == 422 and "(7)" in over.json()["errors"][0]["message"]
    refuse = await lit.post(f"{RETURNS}/{got['id']}/decide", json={"lines": [
        {"line_id": cfl["id"], "decision": "refuse", "refusal_reason": "人为损坏"}]})
    line = refuse.json()["lines"][0]
    assert (line["decision"], line["refused_quantity"]) == ("refuse", 7), "refuses the factory's 7, not the 10"


async def test_eighth_article_count_within_the_next_day(lit):
    """DOMAIN §6 / 001 第八条: counted within the next day; the day after that is late."""
    on_time = await received(lit, date(2024, 5, 3))
    assert (await count_all(lit, on_time, [10, 4], "2024-05-04")).json()["count_overdue"] is False
    late = await received(lit, date(2024, 5, 3))
    assert (await count_all(lit, late, [10, 4], "2024-05-05")).json()["count_overdue"] is True


async def test_eighth_article_every_line_is_counted_once(lit):
    """DOMAIN §6 / 001 第八条: the count covers the batch's lines, each once; then it is closed."""
    got = await received(lit, date(2024, 5, 3))
    first, second = got["lines"]
    url = f"{RETURNS}/{got['id']}/count"
    missing = await lit.post(url, json={"lines": [{"line_id": first["id"], "quantity": 1}]})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "lines"
    twice = await lit.post(url, json={"lines": [{"line_id": first["id"], "quantity": 1},
                                                {"line_id": first["id"], "quantity": 1}]})
    assert twice.status_code == 422 and twice.json()["errors"][0]["field"] == "lines[1].line_id"
    other = await received(lit, date(2024, 5, 3))
    foreign = await lit.post(url, json={"lines": [{"line_id": other["lines"][0]["id"], "quantity": 1},
                                                  {"line_id": second["id"], "quantity": 1}]})
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "lines[0].line_id"
    negative = await lit.post(url, json={"lines": [{"line_id": first["id"], "quantity": -1},
                                                   {"line_id": second["id"], "quantity": 1}]})
    assert negative.status_code in (400, 422)
    before = await count_all(lit, got, [1, 1], "2024-05-02")
    assert before.status_code == 422 and before.json()["errors"][0]["field"] == "counted_on"
    assert (await count_all(lit, got, [1, 1])).status_code == 200
    assert (await count_all(lit, got, [1, 1])).status_code == 409


async def test_steps_out_of_order_are_conflicts(lit):
    """DOMAIN §6 / 001 第八-九条: count after arrival, decide after the count."""
    o = await office(lit)
    batch = await approved(lit, o["id"])
    assert (await count_all(lit, batch, [1, 1])).status_code == 409
    got = await received(lit, date(2024, 5, 3))
    early = await lit.post(f"{RETURNS}/{got['id']}/decide", json={"lines": [
        {"line_id": got["lines"][0]["id"], "decision": "credit"}]})
    assert early.status_code == 409 and "counted" in early.json()["detail"]
    assert (await receive(lit, got["id"], "2024-05-03")).status_code == 409, "received twice"


async def test_ninth_article_refusals_need_their_reason(lit):
    """DOMAIN §6 / 001 第九条: customer service records the reason and quantity of what it refuses."""
    got = await received(lit, date(2024, 5, 3))
    counted = (await count_all(lit, got, [10, 4])).json()
    url = f"{RETURNS}/{got['id']}/decide"
    cfl, tube = counted["lines"]
    no_reason = await lit.post(url, json={"lines": [{"line_id": cfl["id"], "decision": "refuse"}]})
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "lines[0].refusal_reason"
    partial = await lit.post(url, json={"lines": [{"line_id": cfl["id"], "decision": "credit", "refused_quantity": 3}]})
    assert partial.status_code == 422
    blank = await lit.post(url, json={"lines": [
        {"line_id": cfl["id"], "decision": "refuse", "refusal_reason": "   "}]})
    assert blank.status_code == 422
    bad = await lit.post(url, json={"lines": [{"line_id": cfl["id"], "decision": "throw_away"}]})
    assert bad.status_code in (400, 422)
    one = await lit.post(url, json={"lines": [{"line_id": cfl["id"], "decision": "exchange"}]})
    assert one.status_code == 200 and one.json()["status"] == "counted", "one line left"
    again = await lit.post(url, json={"lines": [{"line_id": cfl["id"], "decision": "credit"}]})
    assert again.status_code == 409
    last = await lit.post(url, json={"lines": [{"line_id": tube["id"], "decision": "credit"}]})
    assert last.json()["status"] == "handled"


async def test_tenth_article_handled_on_the_third_day_is_on_time_the_fourth_is_late(lit):
    """DOMAIN §6 / 001 第十条: everything handled within 3 days of arrival (DOMAIN §0: elapsed <= 3)."""
    for handled_on, overdue in (("2024-05-06", False), ("2024-05-07", True)):
        got = await received(lit, date(2024, 5, 3))
        assert got["handle_by"] == "2024-05-06"
        counted = (await count_all(lit, got, [10, 4], "2024-05-04")).json()
        done = await lit.post(f"{RETURNS}/{got['id']}/decide", json={"decided_on": handled_on, "lines": [
            {"line_id": line["id"], "decision": "credit"} for line in counted["lines"]]})
        assert done.json()["handled_on"] == handled_on
        assert done.json()["overdue"] is overdue


async def test_tenth_article_unhandled_batches_become_overdue_after_three_days(make_tenant):
    """DOMAIN §6 / 001 第十条: the list flags a batch not handled by ``handle_by``; ``?overdue=``
    filters the worklist."""
    tenant = await make_tenant(plugins=("lighting",))
    on_time = await received(tenant, today() - timedelta(days=3))
    late = await received(tenant, today() - timedelta(days=4))
    not_arrived = await approved(tenant, (await office(tenant))["id"])
    listed = {b["id"]: b["overdue"] for b in (await tenant.get(RETURNS + "/")).json()["items"]}
    assert listed == {on_time["id"]: False, late["id"]: True, not_arrived["id"]: False}
    overdue = (await tenant.get(RETURNS + "/", params={"overdue": "true"})).json()["items"]
    assert [b["id"] for b in overdue] == [late["id"]]
    fine = (await tenant.get(RETURNS + "/", params={"overdue": "false"})).json()["items"]
    assert {b["id"] for b in fine} == {on_time["id"], not_arrived["id"]}


async def test_arrival_cannot_be_in_the_future_or_before_the_application(lit):
    """DOMAIN §0: business dates are facts; an arrival tomorrow or before the application is refused."""
    o = await office(lit)
    batch = await approved(lit, o["id"], applied_on="2024-05-02", special=True)
    tomorrow = await receive(lit, batch["id"], today() + timedelta(days=1))
    assert tomorrow.status_code == 422 and tomorrow.json()["errors"][0]["field"] == "arrived_on"
    assert (await receive(lit, batch["id"], "2024-05-01")).status_code == 422
    assert (await receive(lit, batch["id"], "2024-05-32")).status_code in (400, 422)


# -- lists, roles, idempotency ---------------------------------------------------------------------


async def test_list_filters_and_cursor_pagination(lit):
    """API.md: lists take ``?limit=`` and ``?cursor=`` and answer ``{"items", "next_cursor"}``."""
    o = await office(lit)
    ids = [(await apply(lit, o["id"]))["id"] for _ in range(3)]
    other = await apply(lit, (await office(lit))["id"])
    page1 = (await lit.get(RETURNS + "/", params={"limit": 2, "office_id": o["id"]})).json()
    page2 = (await lit.get(RETURNS + "/", params={"limit": 2, "office_id": o["id"],
                                                  "cursor": page1["next_cursor"]})).json()
    assert [b["id"] for b in page1["items"] + page2["items"]] == ids[::-1]
    assert page2["next_cursor"] is None
    statuses = (await lit.get(RETURNS + "/", params={"status": "applied"})).json()["items"]
    assert other["id"] in {b["id"] for b in statuses}
    assert (await lit.get(RETURNS + "/", params={"status": "handled"})).json()["items"] == []
    assert (await lit.get(RETURNS + "/", params={"limit": 0})).status_code == 422
    assert (await lit.get(RETURNS + "/", params={"cursor": "!!"})).status_code == 422
    offices = (await lit.get(OFFICES + "/", params={"limit": 1})).json()
    assert len(offices["items"]) == 1 and offices["next_cursor"]


async def test_roles(lit):
    """API.md: a valid token without the role for the action is 403. Customer service (desk)
    approves and decides; staff sign, receive and count; viewers only read."""
    viewer, technician = await lit.add_user("viewer"), await lit.add_user("technician")
    o = await office(lit)
    assert (await viewer.post(RETURNS + "/", json={"office_id": o["id"], "items": ITEMS})).status_code == 403
    assert (await technician.post(OFFICES + "/", json={"name": "x", "region": "江苏"})).status_code == 403
    batch = await apply(technician, o["id"])
    url = f"{RETURNS}/{batch['id']}"
    assert (await technician.post(f"{url}/sign", json={"signed_by": "王", "role": "office_manager"})).status_code == 200
    assert (await technician.post(f"{url}/approve", json={})).status_code == 403
    assert (await viewer.get(url)).status_code == 200
    assert (await lit.client.get(url)).status_code == 401


async def test_idempotent_application(lit):
    """API.md: the same Idempotency-Key and body returns the first answer and creates nothing new."""
    o = await office(lit)
    body = {"office_id": o["id"], "items": ITEMS}
    headers = {"Idempotency-Key": "return-2024-05"}
    first = await lit.post(RETURNS + "/", json=body, headers=headers)
    second = await lit.post(RETURNS + "/", json=body, headers=headers)
    assert second.json()["id"] == first.json()["id"]
    assert len((await lit.get(RETURNS + "/")).json()["items"]) == 1


# -- tenancy --------------------------------------------------------------------------------------


async def test_a_tenant_without_lighting_gets_404_on_every_endpoint(make_tenant):
    """API.md Plugins: a plugin that is not enabled contributes nothing to the tenant; its API is 404
    (even for bodies that would be invalid, and before any role check)."""
    lit = await make_tenant(plugins=("lighting",))
    o = await office(lit)
    batch = await apply(lit, o["id"])
    plain = await make_tenant()
    some = "0190f0f0-0000-7000-8000-000000000000"
    calls = [("get", OFFICES + "/"), ("post", OFFICES + "/"), ("get", f"{OFFICES}/{o['id']}"),
             ("get", RETURNS + "/"), ("post", RETURNS + "/"), ("get", f"{RETURNS}/{batch['id']}")]
    calls += [("post", f"{RETURNS}/{some}/{step}")
              for step in ("sign", "approve", "special-approval", "receive", "count", "decide")]
    for method, url in calls:
        response = await getattr(plain, method)(url, **({"json": {"x": 1}} if method == "post" else {}))
        assert response.status_code == 404, (method, url, response.text)
        assert "errors" in response.json()
    viewer = await plain.add_user("viewer")
    assert (await viewer.post(RETURNS + "/", json={})).status_code == 404
    await lit.put("/api/v1/tenant/plugins/lighting", json={"enabled": False})
    assert (await lit.get(f"{RETURNS}/{batch['id']}")).status_code == 404, "disabled again: 404"
    await lit.enable("lighting")
    assert (await lit.get(f"{RETURNS}/{batch['id']}")).status_code == 200, "the data is kept"


async def test_another_tenants_batches_and_offices_are_404(make_tenant):
    """DESIGN Tenancy: an object of another tenant is 404, lists show nothing of it, and a batch
    cannot name another tenant's office."""
    a = await make_tenant(plugins=("lighting",))
    b = await make_tenant(plugins=("lighting",))
    o = await office(a)
    got = await received(a, date(2024, 5, 3))
    assert (await b.get(f"{OFFICES}/{o['id']}")).status_code == 404
    assert (await b.get(f"{RETURNS}/{got['id']}")).status_code == 404
    assert (await b.post(RETURNS + "/", json={"office_id": o["id"], "items": ITEMS})).status_code == 404
    assert (await count_all(b, got, [1, 1])).status_code == 404
    for step, body in (("sign", {"signed_by": "x", "role": "office_manager"}), ("approve", {}),
                       ("special-approval", {"reason": "x"}), ("receive", {})):
        assert (await b.post(f"{RETURNS}/{got['id']}/{step}", json=body)).status_code == 404
    assert (await b.get(RETURNS + "/")).json()["items"] == []
    assert (await b.get(OFFICES + "/")).json()["items"] == []
    own = await office(b)
    foreign_lines = await b.post(RETURNS + "/", json={"office_id": own["id"], "items": ITEMS})
    assert foreign_lines.status_code == 201


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("post", RETURNS + "/", "not json"),
        ("post", RETURNS + "/", {"office_id": "nope", "items": ITEMS}),
        ("post", RETURNS + "/", {"office_id": "0190f0f0-0000-7000-8000-000000000000", "items": ITEMS}),
        ("post", RETURNS + "/", {"office_id": None, "items": "many"}),
        ("post", RETURNS + "/", {"tenant_id": "x", "items": ITEMS}),
        ("post", OFFICES + "/", {"name": "x" * 300, "region": "江苏"}),
        ("post", OFFICES + "/", [1, 2]),
        ("get", RETURNS + "/not-a-uuid", None),
        ("get", RETURNS + "/?overdue=maybe", None),
        ("get", RETURNS + "/?office_id=zzz", None),
        ("post", RETURNS + "/0190f0f0-0000-7000-8000-000000000000/receive", {"arrived_on": "yesterday"}),
        ("post", RETURNS + "/0190f0f0-0000-7000-8000-000000000000/decide", {"lines": [{"line_id": 5}]}),
    ],
)
async def test_bad_input_is_4xx_never_500(lit, method, url, body):
    """API.md: invalid input is 400/404/422 with the error body, never a 500."""
    kwargs = {} if body is None else ({"content": body} if isinstance(body, str) else {"json": body})
    response = await getattr(lit.client, method)(url, headers=lit.headers, **kwargs)
    assert 400 <= response.status_code < 500, response.text
