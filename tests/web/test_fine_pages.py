"""The staff fines page (DOMAIN §12, 003 篇6): managers record breaches with every mistake beside
its field, see the fine each reached, and a removal is confirmed only by a manager it does not
concern; other roles and other companies see nothing."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.web.helpers import csrf_of, field_error


def today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


async def test_record_breaches_up_to_a_removal_and_confirm_it(client, make_tenant, page_login):
    tenant, other = await make_tenant(), await make_tenant()
    agent = await tenant.add_user("agent", name="张客服")
    lead = await tenant.add_user("manager", name="李组长")
    await page_login(tenant.slug, tenant.admin_email)
    url = f"/t/{tenant.slug}/staff-fines/"
    page = await client.get(url)
    assert page.status_code == 200 and "暂无违规记录" in page.text
    token = csrf_of(page.text)
    bad = await client.post(url, data={"_csrf_token": token, "user_id": agent.admin_id, "rule": "",
                                       "occurred_on": (today() + timedelta(days=1)).isoformat(), "description": "x"})
    assert bad.status_code == 422 and field_error(bad.text, "rule")
    ahead = await client.post(url, data={"_csrf_token": token, "user_id": agent.admin_id, "rule": "上门未穿工装",
                                         "occurred_on": (today() + timedelta(days=1)).isoformat(), "description": "x"})
    assert ahead.status_code == 422 and field_error(ahead.text, "occurred_on")
    for _ in range(3):
        done = await client.post(url, data={"_csrf_token": token, "user_id": agent.admin_id, "rule": "上门未穿工装",
                                            "occurred_on": today().isoformat(), "description": "客户反映",
                                            "in_charge_id": lead.admin_id})
        assert done.status_code == 200 and "已保存" in done.text
    html = done.text
    assert "罚款 100 元" in html and "罚款 200 元（加倍）" in html and "辞退" in html and "李组长 · ¥200.00" in html
    assert "确认辞退" in html
    removal = (await tenant.get("/api/v1/staff-breaches")).json()["items"][0]

    await page_login(tenant.slug, lead.admin_email)  # the person in charge sees it, may not confirm it
    seen = await client.get(url)
    assert "由其他经理确认" in seen.text and "确认辞退" not in seen.text
    refused = await client.post(f"{url}{removal['id']}/confirm", data={"_csrf_token": csrf_of(seen.text)})
    assert refused.status_code == 403

    await page_login(tenant.slug, tenant.admin_email)
    confirmed = await client.post(f"{url}{removal['id']}/confirm", data={"_csrf_token": token})
    assert confirmed.status_code == 200 and "已确认" in confirmed.text
    assert (await tenant.get("/api/v1/staff-breaches")).json()["items"][0]["status"] == "confirmed"

    await page_login(tenant.slug, agent.admin_email)
    assert (await client.get(url)).status_code == 403
    await page_login(other.slug, other.admin_email)
    assert "上门未穿工装" not in (await client.get(f"/t/{other.slug}/staff-fines/")).text
    assert (await client.get(url)).status_code == 404


async def test_console_and_api_answer_the_same_breaches(client, make_tenant, page_login):
    """Issue 18: the page reads the API's list (core.fines.queries.breach_page): the same breaches,
    newest first, another company's not; a role that is not a manager is refused by both."""
    tenant, other = await make_tenant(), await make_tenant()
    agent, technician = await tenant.add_user("agent"), await tenant.add_user("technician")
    made = []
    for who, rule in ((agent, "上门未穿工装"), (technician, "未按时回访"), (agent, "服务用语不规范")):
        answer = await tenant.post("/api/v1/staff-breaches", json={
            "user_id": who.admin_id, "rule": rule, "occurred_on": today().isoformat(), "description": "客户反映"})
        assert answer.status_code == 201, answer.text
        made.append(answer.json()["id"])
    foreign = await other.post("/api/v1/staff-breaches", json={
        "user_id": (await other.add_user("agent")).admin_id, "rule": "上门未穿工装",
        "occurred_on": today().isoformat(), "description": "别家的"})
    assert foreign.status_code == 201, foreign.text

    await page_login(tenant.slug, tenant.admin_email)
    api = await tenant.get("/api/v1/staff-breaches")
    page = await client.get(f"/t/{tenant.slug}/staff-fines/")
    assert api.status_code == page.status_code == 200
    assert [b["id"] for b in api.json()["items"]] == re.findall(r'<tr id="breach-([0-9a-f-]{36})"', page.text) \
        == made[::-1]
    assert foreign.json()["id"] not in page.text

    await page_login(tenant.slug, agent.admin_email)
    assert (await agent.get("/api/v1/staff-breaches")).status_code == 403
    assert (await client.get(f"/t/{tenant.slug}/staff-fines/")).status_code == 403
