"""Ticket pages: queue with filters and SLA badges, intake with customer search, the ticket page
offering only the actions valid in its state, hand-over, charges and the signed acceptance."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from tests.web.helpers import csrf_of, field_error

SIGNATURE = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


def actions_offered(html: str) -> list[str]:
    return re.findall(r'name="action" value="(\w+)"', html)


async def test_intake_dispatch_visit_and_signed_acceptance(client, make_tenant, page_login):
    tenant = await make_tenant(plugins=("lighting",))
    technician = await tenant.add_user("technician", name="李师傅")
    customer = await tenant.customer(name="王女士", phone="13800138001")
    lamp = await tenant.asset(customer["id"], "lighting.cfl", model="ML-CFL 18W", purchase_date="2026-06-01")
    await page_login(tenant.slug, tenant.admin_email)
    base = f"/t/{tenant.slug}/tickets"

    found = await client.get(f"{base}/customers", params={"q": "王"})
    assert "王女士" in found.text and customer["id"] in found.text
    assets = await client.get(f"{base}/assets", params={"customer_id": customer["id"]})
    assert "ML-CFL 18W" in assets.text

    page = await client.get(f"{base}/new")
    token = csrf_of(page.text)
    bad = await client.post(f"{base}/", data={"_csrf_token": token, "kind": "repair", "channel": "phone",
                                              "subject": "节能灯不亮", "q": "王"})
    assert bad.status_code == 422 and 'id="customer_id-error"' in bad.text
    assert 'value="节能灯不亮"' in bad.text
    created = await client.post(f"{base}/", data={
        "_csrf_token": token, "kind": "repair", "channel": "phone", "priority": "urgent",
        "customer_id": customer["id"], "asset_id": lamp["id"], "subject": "节能灯不亮", "description": "买了三个月",
    })
    assert created.status_code == 200
    ticket_url = str(created.url)
    assert actions_offered(created.text) == ["assign", "escalate", "resolve", "cancel", "classify"]

    queue = await client.get(f"{base}/")
    assert "节能灯不亮" in queue.text and "紧急" in queue.text
    filtered = await client.get(f"{base}/", params={"status": "closed"})
    assert "节能灯不亮" not in filtered.text

    async def act(action: str, **fields):
        response = await client.post(f"{ticket_url}/actions", data={"_csrf_token": token, "action": action, **fields})
        assert response.status_code == 200, response.text
        return response

    missing = await client.post(f"{ticket_url}/actions", data={"_csrf_token": token, "action": "assign"})
    assert missing.status_code == 422
    page = await act("assign", technician_id=technician.admin_id)
    assert "李师傅" in page.text
    page = await act("schedule", start="2030-01-02T09:00", end="2030-01-02T11:00")
    assert "call_ahead" in actions_offered(page.text)
    page = await act("call_ahead", note="约九点到")
    assert "出发前致电" in page.text
    await act("confirm")
    page = await act("arrive")
    assert actions_offered(page.text) == ["depart", "resolve", "take_back", "quote", "consent", "classify"]
    page = await act("classify", complexity="simple")
    assert "简单故障" in page.text
    fraction = await client.post(f"{ticket_url}/actions", data={"_csrf_token": token, "action": "quote",
                                                                "plan": "更换节能灯", "estimate": "0.125"})
    assert fraction.status_code == 422 and field_error(fraction.text, "estimate") == "金额以元为单位，最多两位小数"
    page = await act("quote", plan="更换节能灯", estimate="35.5")
    assert "¥35.50" in page.text and "待客户同意" in page.text
    page = await act("consent", consented_by="王女士")
    assert "王女士 已同意" in page.text
    await act("resolve", resolution="更换节能灯一只")
    page = await act("accept", signed_by="王女士", signature_image=SIGNATURE)
    assert 'alt="王女士 的签名"' in page.text or "王女士" in page.text
    assert SIGNATURE in page.text
    assert actions_offered(page.text) == ["depart", "close", "reopen"]
    blank = await client.post(f"{ticket_url}/service-record", data={"_csrf_token": token, "content": ""})
    assert blank.status_code == 422 and field_error(blank.text, "content")
    page = await client.post(f"{ticket_url}/service-record", data={
        "_csrf_token": token, "content": "更换节能灯一只，试灯正常", "warranty_card_written": "on"})
    assert page.status_code == 200 and "当日上交" in page.text and "已填写保修卡" in page.text
    for word in ("派工给", "预约上门时间", "到达现场", "处理完毕", "验收并签字"):
        assert word in page.text, word

    api = (await tenant.get(f"/api/v1/tickets/{ticket_url.rsplit('/', 1)[1]}")).json()
    assert api["status"] == "accepted" and api["work"]["signed_by"] == "王女士"


async def test_handover_and_charges(client, make_tenant, page_login):
    tenant = await make_tenant()
    agent = await tenant.add_user("agent", name="张客服")
    customer = await tenant.customer()
    ticket = (await tenant.post("/api/v1/tickets", json={
        "kind": "consultation", "channel": "phone", "customer_id": customer["id"], "subject": "咨询保修",
    })).json()
    await page_login(tenant.slug, tenant.admin_email)
    url = f"/t/{tenant.slug}/tickets/{ticket['id']}"
    page = await client.get(url)
    token = csrf_of(page.text)
    no_reason = await client.post(f"{url}/handover", data={"_csrf_token": token, "to_user_id": agent.admin_id})
    assert no_reason.status_code == 422 and 'id="reason-error"' in no_reason.text
    done = await client.post(f"{url}/handover", data={"_csrf_token": token, "to_user_id": agent.admin_id,
                                                      "reason": "下班交接"})
    assert done.status_code == 200 and "下班交接" in done.text
    assert (await tenant.get(f"/api/v1/tickets/{ticket['id']}")).json()["owner_id"] == agent.admin_id
    charged = await client.post(f"{url}/charges", data={"_csrf_token": token, "kind": "parts",
                                                        "description": "镇流器", "amount": "35.5"})
    assert charged.status_code == 200 and "¥35.50" in charged.text
    fraction = await client.post(f"{url}/charges", data={"_csrf_token": token, "kind": "parts",
                                                         "description": "灯管", "amount": "0.125"})
    assert fraction.status_code == 422 and field_error(fraction.text, "amount") == "金额以元为单位，最多两位小数"


async def test_another_tenants_ticket_is_404(client, make_tenant, page_login):
    tenant_a, tenant_b = await make_tenant(), await make_tenant()
    customer = await tenant_b.customer()
    ticket = (await tenant_b.post("/api/v1/tickets", json={
        "kind": "consultation", "channel": "phone", "customer_id": customer["id"], "subject": "乙的单",
    })).json()
    await page_login(tenant_a.slug, tenant_a.admin_email)
    assert (await client.get(f"/t/{tenant_a.slug}/tickets/{ticket['id']}")).status_code == 404
    assert (await client.get(f"/t/{tenant_b.slug}/tickets/{ticket['id']}")).status_code == 404
    search = await client.get(f"/t/{tenant_a.slug}/tickets/customers", params={"q": "测试"})
    assert customer["id"] not in search.text


async def test_the_technician_says_how_they_leave_the_site(client, make_tenant, page_login):
    """000 第三条(二)8: the depart form asks whether the customer agreed (or the lead coordinated);
    the history keeps the answer."""
    tenant = await make_tenant()
    technician = await tenant.add_user("technician")
    customer = await tenant.customer()
    ticket = (await tenant.post("/api/v1/tickets", json={
        "customer_id": customer["id"], "kind": "repair", "channel": "phone", "subject": "灯不亮"})).json()
    start = datetime.now(UTC) + timedelta(hours=2)
    for body in ({"action": "assign", "technician_id": technician.admin_id},
                 {"action": "schedule", "start": start.isoformat(), "end": (start + timedelta(hours=1)).isoformat()},
                 {"action": "confirm"}, {"action": "arrive"}):
        assert (await tenant.post(f"/api/v1/tickets/{ticket['id']}/transitions", json=body)).status_code == 200
    await page_login(tenant.slug, tenant.admin_email)
    url = f"/t/{tenant.slug}/tickets/{ticket['id']}"
    page = await client.get(url)
    assert 'name="left_with"' in page.text and "客户已同意" in page.text
    await client.post(f"{url}/actions", data={"_csrf_token": csrf_of(page.text), "action": "depart",
                                              "left_with": "customer_consent"})
    events = (await tenant.get(f"/api/v1/tickets/{ticket['id']}/events")).json()["items"]
    assert [e["data"]["left_with"] for e in events if e["action"] == "depart"] == ["customer_consent"]
