"""The New Year campaign (DOMAIN §12, 003 篇3 三: 客服部每年12月负责向新老客户寄送新年礼物，并了解客户
次年的需求计划): generated in December only — 30 November refused, 1 December taken, in the
tenant's time zone — once a year; each customer's gift and stated needs recorded; the needs are
personal text, erased with the customer (PIPL)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from core.visits.calendar import new_year_open

#: 2026-12-01 00:00 in Shanghai, and the second before it (still 30 November there).
DEC_1 = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)


def test_domain_12_003_3_3_only_in_december_of_the_year():
    assert not new_year_open(date(2026, 11, 30), 2026)
    assert new_year_open(date(2026, 12, 1), 2026) and new_year_open(date(2026, 12, 31), 2026)
    assert not new_year_open(date(2027, 1, 1), 2026) and not new_year_open(date(2026, 12, 1), 2027)


async def test_domain_12_003_3_3_30_november_refused_1_december_taken_in_the_tenants_zone_once(tenant_a, clock):
    await tenant_a.customer(name="老客户")
    await tenant_a.customer(name="新客户")
    clock(DEC_1 - timedelta(seconds=1))  # 23:59:59 on 30 November in Shanghai
    early = await tenant_a.post("/api/v1/new-year-campaigns", json={})
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "year"
    clock(DEC_1)
    made = await tenant_a.post("/api/v1/new-year-campaigns", json={})
    assert made.status_code == 201, made.text
    assert made.json()["year"] == 2026 and made.json()["progress"]["contacts"] == 2
    again = await tenant_a.post("/api/v1/new-year-campaigns", json={"year": 2026})
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "year"
    later = await tenant_a.post("/api/v1/new-year-campaigns", json={"year": 2027})
    assert later.status_code == 422 and later.json()["errors"][0]["field"] == "year"


async def test_domain_12_003_3_3_the_gift_and_next_years_needs_are_recorded_and_erased_with_the_customer(
    tenant_a, clock
):
    customer = await tenant_a.customer(name="张先生")
    clock(DEC_1 + timedelta(days=5))
    campaign = (await tenant_a.post("/api/v1/new-year-campaigns", json={})).json()
    [contact] = (await tenant_a.get(f"/api/v1/new-year-campaigns/{campaign['id']}/contacts")).json()
    url = f"/api/v1/new-year-campaigns/contacts/{contact['id']}"
    ahead = await tenant_a.post(url, json={"gift_sent_on": "2026-12-07"})
    assert ahead.status_code == 422 and ahead.json()["errors"][0]["field"] == "gift_sent_on"
    november = await tenant_a.post(url, json={"gift_sent_on": "2026-11-30"})
    assert november.status_code == 422 and november.json()["errors"][0]["field"] == "gift_sent_on"
    assert (await tenant_a.post(url, json={})).status_code == 422
    sent = await tenant_a.post(url, json={"gift_sent_on": "2026-12-06"})
    assert sent.status_code == 200 and sent.json()["gift_sent_on"] == "2026-12-06"
    needs = await tenant_a.post(url, json={"needs": "明年新建两个门店，需要安装20套设备"})
    assert (
        needs.json()["needs"] == "明年新建两个门店，需要安装20套设备" and needs.json()["gift_sent_on"] == "2026-12-06"
    )
    progress = (await tenant_a.get("/api/v1/new-year-campaigns")).json()["items"][0]["progress"]
    assert progress == {"contacts": 1, "new_customers": progress["new_customers"], "gifts_sent": 1, "needs_recorded": 1}

    request = await tenant_a.post("/api/v1/privacy/requests", json={"customer_id": customer["id"], "kind": "access"})
    report = (await tenant_a.get(f"/api/v1/privacy/requests/{request.json()['id']}/report")).json()
    assert report["service_visits"]["new_year_contacts"][0]["needs"].startswith("明年新建")
    erasure = (
        await tenant_a.post("/api/v1/privacy/requests", json={"customer_id": customer["id"], "kind": "erasure"})
    ).json()
    assert (await tenant_a.post(f"/api/v1/privacy/requests/{erasure['id']}/erase", json={})).status_code == 200
    [after] = (await tenant_a.get(f"/api/v1/new-year-campaigns/{campaign['id']}/contacts")).json()
    assert (after["needs"], after["gift_sent_on"]) == ("[已删除]", "2026-12-06")


async def test_another_tenants_campaign_and_contacts_are_not_reached(tenant_a, tenant_b, clock):
    await tenant_a.customer()
    clock(DEC_1)
    campaign = (await tenant_a.post("/api/v1/new-year-campaigns", json={})).json()
    [contact] = (await tenant_a.get(f"/api/v1/new-year-campaigns/{campaign['id']}/contacts")).json()
    assert (await tenant_b.get(f"/api/v1/new-year-campaigns/{campaign['id']}/contacts")).status_code == 404
    assert (
        await tenant_b.post(f"/api/v1/new-year-campaigns/contacts/{contact['id']}", json={"needs": "x"})
    ).status_code == 404
    assert (await tenant_b.get("/api/v1/new-year-campaigns")).json()["items"] == []
    theirs = await tenant_b.post("/api/v1/new-year-campaigns", json={})
    assert theirs.status_code == 201 and theirs.json()["progress"]["contacts"] == 0  # their own year
    technician = await tenant_a.add_user("technician")
    assert (
        await technician.post(f"/api/v1/new-year-campaigns/contacts/{contact['id']}", json={"needs": "x"})
    ).status_code == 403
