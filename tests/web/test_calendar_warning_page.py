"""The console warns the admin ahead about business-calendar years still to import (DOMAIN §1
working-day SLAs): the same years the SLA API warns about, on the home page, for managers only."""

from __future__ import annotations


async def test_domain_1_home_page_warns_the_admin_about_uncovered_calendar_years(client, make_tenant, page_login):
    tenant = await make_tenant()
    warned = [w["year"] for w in (await tenant.get("/api/v1/sla/calendar")).json()["warnings"]]
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/")
    assert page.status_code == 200
    for year in warned:
        assert f'id="calendar-warning-{year}"' in page.text and "业务日历尚未包含" in page.text
    for year in warned:
        body = {"source": "国务院办公厅通知", "holidays": [f"{year}-01-01"]}
        assert (await tenant.put(f"/api/v1/sla/calendar/{year}", json=body)).status_code == 200
    assert "calendar-warning-" not in (await client.get(f"/t/{tenant.slug}/")).text


async def test_an_agent_sees_no_calendar_warning(client, make_tenant, page_login):
    tenant = await make_tenant()
    agent = await tenant.add_user("agent")
    await page_login(tenant.slug, agent.admin_email)
    page = await client.get(f"/t/{tenant.slug}/")
    assert page.status_code == 200 and "calendar-warning-" not in page.text
