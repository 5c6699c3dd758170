"""Intake from a phone call: the caller's number finds the customer (or opens the file inline),
the product is picked or registered inline, and the warranty answer given during the call is
attached to the ticket (its history and page), never one about another product."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from tests.web.helpers import csrf_of, field_error, pages_of

DECISION = re.compile(r'name="warranty_decision_id" value="([0-9a-f-]{36})"')


async def test_an_unknown_caller_gets_a_file_and_a_product_from_the_intake_page(client, make_tenant, page_login):
    tenant = await make_tenant(plugins=("lighting",))
    await page_login(tenant.slug, tenant.admin_email)
    base = f"/t/{tenant.slug}/tickets"
    token = csrf_of((await client.get(f"{base}/new")).text)

    found = await client.get(f"{base}/customers", params={"q": "138 0013 8009"})
    assert "新建客户档案" in found.text and 'value="138 0013 8009"' in found.text

    bad = await client.post(f"{base}/customers", data={"_csrf_token": token, "new.name": "", "new.phone": "12",
                                                         "new.address": "路" * 501})
    assert field_error(bad.text, "new.name", "new-") == "不能为空"
    assert field_error(bad.text, "new.phone", "new-") == "不是有效的电话号码"
    assert field_error(bad.text, "new.address", "new-") == "最多 500 个字符"  # all three at once
    assert (await tenant.get("/api/v1/customers")).json()["items"] == []

    made = await client.post(f"{base}/customers", data={"_csrf_token": token, "new.name": "王女士",
                                                          "new.phone": "138 0013 8009", "new.address": "广州市天河区体育西路1号"})
    customer = (await tenant.get("/api/v1/customers")).json()["items"][0]
    assert (customer["name"], customer["phone"]) == ("王女士", "+8613800138009")
    assert customer["address"] == "广州市天河区体育西路1号"  # where the technician goes, taken on the call
    assert f'value="{customer["id"]}" checked' in made.text
    assert f'/tickets/assets?customer_id={customer["id"]}" hx-trigger="load"' in made.text

    assets = await client.get(f"{base}/assets", params={"customer_id": customer["id"]})
    assert 'name="newasset.type"' in assets.text and "<details class=\"form-group\" open>" in assets.text
    future = (date.today() + timedelta(days=5)).isoformat()
    refused = await client.post(f"{base}/assets", data={
        "_csrf_token": token, "newasset.customer_id": customer["id"], "newasset.type": "lighting.cfl",
        "newasset.purchase_date": future})
    assert field_error(refused.text, "newasset.purchase_date", "new-") == "不能是将来的日期"
    registered = await client.post(f"{base}/assets", data={
        "_csrf_token": token, "newasset.customer_id": customer["id"], "newasset.type": "lighting.cfl",
        "newasset.model": "ML-CFL 18W", "newasset.purchase_date": (date.today() - timedelta(days=60)).isoformat()})
    lamp = (await tenant.get("/api/v1/assets", params={"customer_id": customer["id"]})).json()["items"][0]
    assert re.search(rf'<option value="{lamp["id"]}" selected>ML-CFL 18W</option>', registered.text)
    assert f'hx-post="/t/{tenant.slug}/tickets/warranty-check" hx-trigger="load"' in registered.text


async def test_the_warranty_answer_is_attached_to_the_ticket(client, make_tenant, page_login, monkeypatch):
    tenant = await make_tenant(plugins=("lighting",))
    customer = await tenant.customer(name="王女士")
    bought = (date.today() - timedelta(days=90)).isoformat()
    lamp = await tenant.asset(customer["id"], "lighting.cfl", model="ML-CFL 18W", purchase_date=bought)
    other = await tenant.asset(customer["id"], "lighting.tube", model="T8 灯管", purchase_date=bought)
    await page_login(tenant.slug, tenant.admin_email)
    base = f"/t/{tenant.slug}/tickets"
    token = csrf_of((await client.get(f"{base}/new")).text)
    checked = await client.post(f"{base}/warranty-check", data={
        "_csrf_token": token, "asset_id": lamp["id"], "claimant": "consumer", "claim_date": date.today().isoformat(),
        "fact.lighting.quality_fault": "on"})
    decision_id = DECISION.search(checked.text).group(1)
    common = {"_csrf_token": token, "kind": "repair", "channel": "phone", "customer_id": customer["id"],
              "subject": "节能灯不亮", "warranty_decision_id": decision_id}

    wrong = await client.post(f"{base}/", data={**common, "asset_id": other["id"]})
    assert wrong.status_code == 422
    assert field_error(wrong.text, "warranty_decision_id") == "该保修判定针对的是另一件产品，请重新判定"

    created = await client.post(f"{base}/", data={**common, "asset_id": lamp["id"]})
    assert created.status_code == 200, created.text
    ticket_id = str(created.url).rsplit("/", 1)[1]
    assert "保修判定" in created.text and "换货" in created.text
    events = (await tenant.get(f"/api/v1/tickets/{ticket_id}/events")).json()
    items = events["items"] if isinstance(events, dict) else events
    assert items[0]["action"] == "created" and items[0]["data"]["warranty_decision_id"] == decision_id

    # The history pages on ("Next page", oldest first as the API's); the decision stays on each page.
    for step in ("pause", "resume"):
        body = {"reason": "waiting_parts"} if step == "pause" else None
        assert (await tenant.post(f"/api/v1/tickets/{ticket_id}/sla/{step}", json=body)).status_code == 200
    api = (await tenant.get(f"/api/v1/tickets/{ticket_id}/events")).json()["items"]
    monkeypatch.setattr("core.web.tickets.HISTORY_SIZE", 1)
    walked = await pages_of(client, f"{base}/{ticket_id}")
    shown = [re.findall(r'<li><time datetime="([^"]+)"', html.split('id="timeline-title"')[1].split("</section>")[0])
             for html in walked]
    assert [len(times) for times in shown] == [1] * len(api) and len(api) == 3
    assert [datetime.fromisoformat(t) for [t] in shown] == [datetime.fromisoformat(e["created_at"]) for e in api]
    assert all("保修判定" in html and "换货" in html for html in walked)

    # Through the API too; a decision of another tenant is unknown.
    stranger = await make_tenant(plugins=("lighting",))
    theirs = await stranger.customer()
    their_lamp = await stranger.asset(theirs["id"], "lighting.cfl", purchase_date=bought)
    response = await stranger.post("/api/v1/tickets", json={
        "kind": "repair", "channel": "phone", "customer_id": theirs["id"], "asset_id": their_lamp["id"],
        "subject": "借用别家的判定", "warranty_decision_id": decision_id})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "warranty_decision_id", "message": "no such warranty decision"}]


async def test_a_new_callers_file_and_product_in_one_click_or_neither(client, make_tenant, page_login):
    tenant = await make_tenant(plugins=("lighting",))
    await page_login(tenant.slug, tenant.admin_email)
    base = f"/t/{tenant.slug}/tickets"
    token = csrf_of((await client.get(f"{base}/new")).text)
    found = await client.get(f"{base}/customers", params={"q": "0512-6666 8888"})
    assert 'name="new.asset_type"' in found.text  # the product fields come with the new file
    future = (date.today() + timedelta(days=30)).isoformat()
    refused = await client.post(f"{base}/customers", data={
        "_csrf_token": token, "new.name": "苏州顺达物流", "new.phone": "0512-6666 8888",
        "new.asset_type": "lighting.cfl", "new.purchase_date": future})
    assert field_error(refused.text, "new.purchase_date", "new-") == "不能是将来的日期"
    assert (await tenant.get("/api/v1/customers")).json()["items"] == []  # no file without its product
    made = await client.post(f"{base}/customers", data={
        "_csrf_token": token, "new.name": "苏州顺达物流", "new.phone": "0512-6666 8888",
        "new.asset_type": "lighting.cfl", "new.model": "ML-CFL 18W",
        "new.purchase_date": (date.today() - timedelta(days=60)).isoformat()})
    customer = (await tenant.get("/api/v1/customers")).json()["items"][0]
    lamp = (await tenant.get("/api/v1/assets", params={"customer_id": customer["id"]})).json()["items"][0]
    assert lamp["model"] == "ML-CFL 18W"
    assert f"/tickets/assets?customer_id={customer['id']}&amp;asset_id={lamp['id']}" in made.text
    assets = await client.get(f"{base}/assets", params={"customer_id": customer["id"], "asset_id": lamp["id"]})
    assert re.search(rf'<option value="{lamp["id"]}" selected>', assets.text)
    assert 'hx-trigger="load"' in assets.text  # its warranty answer comes with it
