"""The staff fines page (DOMAIN §12, 003 篇6): managers record breaches with every mistake beside
its field, see the fine each reached, and a removal is confirmed only by a manager it does not
concern; other roles and other companies see nothing."""

from __future__ import annotations

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
