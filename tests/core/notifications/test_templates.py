"""Per-tenant templates in zh_Hans and en with shipped defaults: rendered in the bounded sandbox,
refused at save with 422 naming the field, previewed, reset; one tenant's wording is its own."""

from __future__ import annotations

import pytest

KEY = "appointment.reminder"


async def test_every_kind_ships_both_locales_and_lists_its_variables(tenant_a):
    kinds = (await tenant_a.get("/api/v1/notifications/kinds")).json()
    assert {k["key"] for k in kinds} >= {"ticket.escalated", "sla.escalate_missed", "sla.breached", "sla.escalated",
                                         "sla.due_soon", KEY, "repair_ready.notice", "repair_ready.mail_back",
                                         "revisit.sms", "auth.password_reset"}
    for kind in kinds:
        assert [t["locale"] for t in kind["templates"]] == ["zh_Hans", "en"]
        assert all(not t["customised"] and t["preview"]["body"] and "____" not in t["preview"]["body"]
                   for t in kind["templates"]), kind["key"]
        assert kind["variables"] and kind["rule"]


async def test_a_tenant_template_is_saved_previewed_used_and_reset(desk, tenant_b):
    tenant = desk.tenant
    body = "【{{ tenant_name }}】{{ customer_name }}，师傅将于{{ start }}上门。"
    preview = await tenant.post(f"/api/v1/notifications/templates/{KEY}/zh_Hans/preview", json={"body": body})
    assert preview.status_code == 200 and preview.json()["body"] == "【示例公司】张先生，师傅将于2026-01-06 09:00上门。"
    saved = await tenant.put(f"/api/v1/notifications/templates/{KEY}/zh_Hans", json={"body": body})
    assert saved.status_code == 200, saved.text
    zh = saved.json()["templates"][0]
    assert zh["customised"] and zh["body"] == body

    await tenant.put("/api/v1/notifications/settings", json={
        "channels": {"sms": {"url": "https://1.2.3.4/sms"}}, "customer_channel": "sms"})
    ticket = await desk.open()
    await desk.drive(ticket["id"], ["assign", "schedule"])
    [reminder] = (await tenant.get(f"/api/v1/tickets/{ticket['id']}/notifications")).json()
    assert reminder["body"].startswith(f"【{(await tenant.get('/api/v1/tenant')).json()['name']}】")
    assert "师傅将于" in reminder["body"]

    other = (await tenant_b.get("/api/v1/notifications/kinds")).json()
    assert not next(k for k in other if k["key"] == KEY)["templates"][0]["customised"], "per tenant"
    reset = await tenant.client.delete(f"/api/v1/notifications/templates/{KEY}/zh_Hans", headers=tenant.headers)
    assert reset.status_code == 200 and not reset.json()["templates"][0]["customised"]


@pytest.mark.parametrize(("payload", "field", "words"), [
    ({"body": "{{ customer_name "}, "body", "TemplateSyntaxError"),
    ({"body": "{{ ''.__class__.__mro__ }}"}, "body", "not allowed"),
    ({"body": "{% for i in range(5000) %}x{% endfor %}"}, "body", "range"),
    ({"body": "{{ 'x' * 100000 }}"}, "body", "repetition"),
    ({"body": "   "}, "body", "empty"),
    ({"body": "ok", "subject": "{% if %}"}, "subject", "TemplateSyntaxError"),
    ({"body": "x" * 4001}, "body", "at most"),
])
async def test_bad_templates_are_refused_naming_the_field(tenant_a, payload, field, words):
    for send, url in ((tenant_a.put, f"/api/v1/notifications/templates/{KEY}/en"),
                      (tenant_a.post, f"/api/v1/notifications/templates/{KEY}/en/preview")):
        response = await send(url, json=payload)
        assert response.status_code == 422, response.text
        [error] = response.json()["errors"]
        assert error["field"] == field and words in error["message"], error
    kinds = (await tenant_a.get("/api/v1/notifications/kinds")).json()
    assert not next(k for k in kinds if k["key"] == KEY)["templates"][1]["customised"], "nothing half-written"


async def test_unknown_kinds_and_locales_and_roles(tenant_a):
    assert (await tenant_a.put("/api/v1/notifications/templates/nope/en", json={"body": "x"})).status_code == 404
    bad_locale = await tenant_a.put(f"/api/v1/notifications/templates/{KEY}/fr", json={"body": "x"})
    assert bad_locale.status_code == 422 and bad_locale.json()["errors"][0]["field"] == "locale"
    agent = await tenant_a.add_user("agent")
    assert (await agent.put(f"/api/v1/notifications/templates/{KEY}/en", json={"body": "x"})).status_code == 403
    assert (await agent.get("/api/v1/notifications/settings")).status_code == 403
