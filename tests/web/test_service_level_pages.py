"""Service levels without the API (issue: console for a real service-desk day, item 6): a manager
sets the SLA policy, imports a year of the business calendar (DOMAIN §1 working days and 调休) and
the quiet hours of customer calls (DOMAIN §3) from the console; errors come back beside their
fields with nothing saved; other roles may not."""

from __future__ import annotations

from tests.web.helpers import csrf_of, field_error

PAGE = "/t/{slug}/admin/service-levels/"


async def test_a_manager_sets_policy_calendar_and_quiet_hours(client, make_tenant, page_login):
    tenant = await make_tenant()
    manager = await tenant.add_user("manager")
    await page_login(tenant.slug, manager.admin_email)
    url = PAGE.format(slug=tenant.slug)
    page = await client.get(url)
    assert page.status_code == 200 and "服务时限规则" in page.text and "业务日历" in page.text
    token = csrf_of(page.text)

    policy = {"_csrf_token": token, "respond_in_province_hours": "6", "respond_out_of_province_hours": "20",
              "escalate_open_question_minutes": "30", "simple_resolve_hours": "24", "complex_resolve_hours": "72",
              "hours_count": "calendar", "workday_start": "09:00", "workday_end": "08:00"}
    refused = await client.post(f"{url}policy", data=policy)
    assert refused.status_code == 422 and field_error(refused.text, "workday_end", "p-")
    assert (await tenant.get("/api/v1/sla/policy")).json()["respond_in_province_hours"] == 8, "nothing saved"
    saved = await client.post(f"{url}policy", data={**policy, "workday_end": "18:00"}, follow_redirects=False)
    assert saved.status_code == 303 and "saved=policy" in saved.headers["location"]
    now = (await tenant.get("/api/v1/sla/policy")).json()
    assert (now["respond_in_province_hours"], now["respond_out_of_province_hours"], now["source"]) == (6, 20, "tenant")
    assert len(now["escalation_ladder"]) >= 1, "the ladder in force is kept"

    calendar = {"_csrf_token": token, "year": "2027", "source": "国务院办公厅关于2027年部分节假日安排的通知",
                "holidays": "2027-01-01\n2027-02-06, 2027-02-07", "working_days": "2027-02-14"}
    bad = await client.post(f"{url}calendar", data={**calendar, "holidays": "2027-13-01"})
    assert bad.status_code == 422 and field_error(bad.text, "holidays", "c-")
    last_year = await client.post(f"{url}calendar", data={**calendar, "holidays": "2026-10-01"})
    assert last_year.status_code == 422 and field_error(last_year.text, "holidays", "c-")
    both = await client.post(f"{url}calendar", data={**calendar, "working_days": "2027-02-06"})
    assert both.status_code == 422 and field_error(both.text, "working_days", "c-")
    imported = await client.post(f"{url}calendar", data=calendar, follow_redirects=False)
    assert imported.status_code == 303
    read = (await tenant.get("/api/v1/sla/calendar")).json()
    assert 2027 in [y["year"] for y in read["years"]]
    days = {d["day"]: d["kind"] for d in read["days"]}
    assert days["2027-01-01"] == "holiday" and days["2027-02-14"] == "working_day"
    shown = (await client.get(url)).text
    assert "法定节假日：2027年1月1日、2027年2月6日、2027年2月7日" in shown and "调休上班日：2027年2月14日" in shown

    wrong = await client.post(f"{url}quiet-hours", data={"_csrf_token": token, "quiet_hours": "晚上十点以后"})
    assert wrong.status_code == 422 and field_error(wrong.text, "quiet_hours", "q-")
    quiet = await client.post(f"{url}quiet-hours", data={"_csrf_token": token, "quiet_hours": "21:30-08:00\n12:00-13:30"},
                              follow_redirects=False)
    assert quiet.status_code == 303
    assert (await tenant.get("/api/v1/revisits/settings")).json()["quiet_hours"] == [["21:30", "08:00"], ["12:00", "13:30"]]
    page = await client.get(url)
    assert "21:30-08:00" in page.text


async def test_agents_cannot_change_service_levels(client, make_tenant, page_login):
    tenant = await make_tenant()
    agent = await tenant.add_user("agent")
    await page_login(tenant.slug, agent.admin_email)
    assert (await client.get(PAGE.format(slug=tenant.slug))).status_code == 403
