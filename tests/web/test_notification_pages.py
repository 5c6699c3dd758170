"""The notification templates page (every kind, edit per locale with a preview, the template's
error beside its field) and the delivery status on the ticket page."""

from __future__ import annotations

import re

from tests.web.helpers import csrf_of, field_error


async def test_templates_are_listed_edited_previewed_and_refused_beside_the_field(client, make_tenant, page_login):
    tenant = await make_tenant()
    await page_login(tenant.slug, tenant.admin_email)
    base = f"/t/{tenant.slug}/admin/notifications"
    index = await client.get(f"{base}/")
    assert index.status_code == 200
    assert "预约提醒" in index.text and f'href="{base}/appointment.reminder/en"' in index.text
    assert f'href="/t/{tenant.slug}/admin/notifications"' in index.text, "in the navigation"

    page = await client.get(f"{base}/appointment.reminder/zh_Hans")
    assert page.status_code == 200 and "{{ start }}" in page.text and 'id="preview-body"' in page.text
    assert "预约开始时间" in page.text, "variables explained in the user's language"
    token = csrf_of(page.text)
    preview = await client.post(f"{base}/appointment.reminder/zh_Hans", data={
        "_csrf_token": token, "action": "preview", "subject": "", "body": "{{ customer_name }}，{{ start }}见"})
    assert preview.status_code == 200 and "张先生，2026-01-06 09:00见" in preview.text
    bad = await client.post(f"{base}/appointment.reminder/zh_Hans", data={
        "_csrf_token": token, "action": "save", "subject": "", "body": "{{ ''.__class__ }}"})
    assert bad.status_code == 422 and "not allowed" in field_error(bad.text, "body")
    assert "__class__" in bad.text, "what the user typed is kept"
    saved = await client.post(f"{base}/appointment.reminder/zh_Hans", data={
        "_csrf_token": token, "action": "save", "subject": "", "body": "{{ customer_name }}，明天见"},
        follow_redirects=False)
    assert saved.status_code == 303
    kinds = (await tenant.get("/api/v1/notifications/kinds")).json()
    reminder = next(k for k in kinds if k["key"] == "appointment.reminder")
    assert reminder["templates"][0]["customised"] and reminder["templates"][0]["body"] == "{{ customer_name }}，明天见"
    reset = await client.post(f"{base}/appointment.reminder/zh_Hans", data={"_csrf_token": token, "action": "reset"},
                              follow_redirects=False)
    assert reset.status_code == 303
    kinds = (await tenant.get("/api/v1/notifications/kinds")).json()
    assert not next(k for k in kinds if k["key"] == "appointment.reminder")["templates"][0]["customised"]
    assert (await client.get(f"{base}/nope/en")).status_code == 404


async def test_console_and_api_answer_the_same_kinds_and_wording(client, make_tenant, page_login):
    """Issue 18: the templates page reads the API's list (core.notifications.queries.all_kinds):
    the same kinds in the same order, the company's own wording marked in both, another
    company's wording not."""
    tenant, other = await make_tenant(), await make_tenant()
    own = {"subject": "", "body": "{{ customer_name }}，明天见"}
    assert (await tenant.put("/api/v1/notifications/templates/appointment.reminder/en", json=own)).status_code == 200
    assert (await other.put("/api/v1/notifications/templates/appointment.reminder/zh_Hans", json=own)).status_code == 200
    api = [(k["key"], t["locale"], t["customised"])
           for k in (await tenant.get("/api/v1/notifications/kinds")).json() for t in k["templates"]]
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/admin/notifications/")
    link = rf'<a href="/t/{tenant.slug}/admin/notifications/([^/"]+)/([^/"]+)">[^<]*</a>( <span class="badge">)?'
    listed = [(key, locale, bool(badge)) for key, locale, badge in re.findall(link, page.text)]
    assert api == listed
    assert [(k, loc) for k, loc, customised in listed if customised] == [("appointment.reminder", "en")]


async def test_only_admins_edit_templates(client, make_tenant, page_login):
    tenant = await make_tenant()
    agent = await tenant.add_user("agent")
    await page_login(tenant.slug, agent.admin_email)
    assert (await client.get(f"/t/{tenant.slug}/admin/notifications/")).status_code == 403


async def test_the_ticket_page_shows_delivery_status(client, make_tenant, page_login):
    tenant = await make_tenant()
    customer = await tenant.customer()
    ticket = (await tenant.post("/api/v1/tickets", json={
        "kind": "consultation", "channel": "phone", "customer_id": customer["id"], "subject": "怎么设置定时"})).json()
    lead = await tenant.add_user("manager")
    await tenant.patch(f"/api/v1/users/{lead.admin_id}", json={"position": "team_lead"})
    assert (await tenant.post(f"/api/v1/tickets/{ticket['id']}/transitions", json={"action": "escalate"})).status_code == 200
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/tickets/{ticket['id']}")
    assert page.status_code == 200
    assert 'id="notifications"' in page.text and lead.admin_email in page.text and "等待发送" in page.text


async def test_channels_are_configured_with_errors_beside_the_field_and_secrets_kept(client, make_tenant, page_login):
    tenant = await make_tenant()
    await page_login(tenant.slug, tenant.admin_email)
    url = f"/t/{tenant.slug}/admin/notifications/channels"
    page = await client.get(url)
    assert page.status_code == 200 and 'id="f-sms_url"' in page.text
    token = csrf_of(page.text)
    refused = await client.post(url, data={"_csrf_token": token, "sms_url": "http://10.0.0.7/send",
                                           "customer_channel": "sms", "staff_email": "on"})
    assert refused.status_code == 422 and "private" in field_error(refused.text, "sms_url")
    assert 'value="http://10.0.0.7/send"' in refused.text
    saved = await client.post(url, data={
        "_csrf_token": token, "sms_url": "https://1.2.3.4/send", "sms_token": "tok-1", "customer_channel": "sms",
        "dingtalk_url": "https://1.2.3.5/robot/send?access_token=x", "dingtalk_secret": "SECabc",
        "staff_email": "on", "staff_dingtalk": "on"}, follow_redirects=False)
    assert saved.status_code == 303
    again = await client.post(url, data={
        "_csrf_token": token, "sms_url": "https://1.2.3.4/send2", "customer_channel": "sms",
        "dingtalk_url": "https://1.2.3.5/robot/send?access_token=x", "staff_dingtalk": "on"}, follow_redirects=False)
    assert again.status_code == 303
    settings = (await tenant.get("/api/v1/notifications/settings")).json()
    by_name = {c["name"]: c for c in settings["channels"]}
    assert by_name["sms"]["config"] == {"url": "https://1.2.3.4/send2"} and by_name["sms"]["secrets_set"] == ["token"]
    assert by_name["dingtalk"]["secrets_set"] == ["secret"], "a blank secret keeps the saved one"
    assert settings["staff_channels"] == ["dingtalk"]
    shown = await client.get(url)
    assert "tok-1" not in shown.text and "SECabc" not in shown.text, "secrets are never shown"
