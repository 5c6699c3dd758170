"""The leave and holiday duty roster pages (DOMAIN §12; 003 篇1 请假制度, 003 篇3 八): leave asked
(every mistake beside its field) and decided by the department head on the page; the coming
holidays with their gaps, staffed by a manager; a technician on leave today not offered in the
ticket's pickers; another company sees nothing."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.web.helpers import counting, csrf_of, field_error, pages_of

SHANGHAI = ZoneInfo("Asia/Shanghai")


def picker_of(html: str) -> str:
    """The technician picker of a page (the dispatch select)."""
    match = re.search(r'<select[^>]*name="technician_id".*?</select>', html, re.DOTALL)
    assert match, "the page has no technician picker"
    return match.group(0)


async def test_leave_asked_and_approved_on_the_pages(client, make_tenant, page_login):
    tenant = await make_tenant()
    head = await tenant.add_user("manager", name="部门主任")
    await tenant.patch(f"/api/v1/users/{head.admin_id}", json={"position": "service_manager"})
    li = await tenant.add_user("technician", name="李师傅")
    await page_login(tenant.slug, li.admin_email)
    url = f"/t/{tenant.slug}/leave/"
    page = await client.get(url)
    assert page.status_code == 200 and "请假申请" in page.text and f'href="{url}"' in page.text
    token = csrf_of(page.text)
    day = (datetime.now(SHANGHAI) + timedelta(days=3)).date().isoformat()
    empty = await client.post(url, data={"_csrf_token": token, "first_day": day, "reason": ""})
    assert empty.status_code == 422 and field_error(empty.text, "reason")
    asked = await client.post(url, data={"_csrf_token": token, "first_day": day, "reason": "家中有事"})
    assert asked.status_code == 200 and "等待审批" in asked.text and "家中有事" in asked.text

    await page_login(tenant.slug, head.admin_email)
    decide = await client.get(url)
    assert "待我审批" in decide.text and "李师傅" in decide.text
    leave = (await tenant.get("/api/v1/leave-requests?view=all")).json()["items"][0]
    approved = await client.post(f"{url}{leave['id']}/approve", data={"_csrf_token": csrf_of(decide.text)})
    assert approved.status_code == 200 and "没有等待您审批的请假" in approved.text
    assert (await tenant.get(f"/api/v1/leave-requests/{leave['id']}")).json()["status"] == "approved"

    await page_login(tenant.slug, tenant.admin_email)  # the admin holds no position: not theirs to decide
    other = await client.get(url)
    assert "没有等待您审批的请假" in other.text


async def test_the_roster_page_shows_gaps_and_a_manager_staffs_them(client, make_tenant, page_login):
    tenant, other = await make_tenant(), await make_tenant()
    li = await tenant.add_user("technician", name="李师傅")
    holiday = (datetime.now(SHANGHAI) + timedelta(days=6)).date()
    await tenant.post("/api/v1/sla/calendar/days", json={"day": holiday.isoformat(), "kind": "holiday"})
    await page_login(tenant.slug, tenant.admin_email)
    home = (await client.get(f"/t/{tenant.slug}/")).text
    assert 'id="roster-gaps"' in home and "节假日无人值班" in home and "今日请假" in home
    url = f"/t/{tenant.slug}/duty-roster/"
    assert f'href="{url}"' in home
    page = await client.get(url)
    assert page.status_code == 200 and "节假日值班表" in page.text and "无人值班" in page.text
    assert "未安排值班的节假日" in page.text
    added = await client.post(url, data={"_csrf_token": csrf_of(page.text), "day": holiday.isoformat(),
                                         "shift": "day", "user_id": li.admin_id})
    assert added.status_code == 200 and "李师傅 · 白班" in added.text
    wrong = await client.post(url, data={"_csrf_token": csrf_of(page.text), "day": holiday.isoformat(),
                                         "shift": "day", "user_id": li.admin_id})
    assert wrong.status_code == 422

    await page_login(tenant.slug, li.admin_email)
    seen = await client.get(url)
    assert seen.status_code == 200 and "李师傅 · 白班" in seen.text and "安排值班" not in seen.text
    assert (await client.post(url, data={"_csrf_token": csrf_of(seen.text), "day": holiday.isoformat(),
                                         "shift": "night", "user_id": li.admin_id})).status_code == 403
    await page_login(other.slug, other.admin_email)
    assert "李师傅" not in (await client.get(f"/t/{other.slug}/duty-roster/")).text


async def test_a_technician_on_leave_today_is_not_offered_for_dispatch(client, make_tenant, page_login, monkeypatch):
    tenant = await make_tenant()
    centre = await tenant.add_user("manager", name="中心主任")
    await tenant.patch(f"/api/v1/users/{centre.admin_id}", json={"position": "department_manager"})
    li = await tenant.add_user("technician", name="李师傅")
    await tenant.add_user("technician", name="王师傅")
    today = datetime.now(SHANGHAI).date()
    monkeypatch.setattr("core.roster.service.utcnow", lambda: datetime.now(SHANGHAI) - timedelta(days=2))
    leave = (await li.post("/api/v1/leave-requests", json={
        "first_day": (today - timedelta(days=1)).isoformat(), "last_day": today.isoformat(), "reason": "探亲"})).json()
    assert (await centre.post(f"/api/v1/leave-requests/{leave['id']}/approve")).status_code == 200
    customer = await tenant.customer()
    ticket = (await tenant.post("/api/v1/tickets", json={"customer_id": customer["id"], "kind": "repair",
                                                          "channel": "phone", "subject": "空调不制冷"})).json()
    await page_login(tenant.slug, tenant.admin_email)
    for page in (f"/t/{tenant.slug}/tickets/new", f"/t/{tenant.slug}/tickets/{ticket['id']}"):
        picker = picker_of((await client.get(page)).text)
        assert "王师傅" in picker and "李师傅" not in picker, page
    refused = await tenant.post(f"/api/v1/tickets/{ticket['id']}/transitions",
                                json={"action": "assign", "technician_id": li.admin_id})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "technician_id"
    roster = (await client.get(f"/t/{tenant.slug}/duty-roster/")).text
    assert "今日请假" in roster


async def test_the_ticket_page_reads_the_holiday_calendar_once_per_node_and_sees_a_new_holiday_at_once(
        client, shouhou_app, make_tenant, page_login):
    """Who may be dispatched today depends on the business calendar (003 篇3 八): the ticket page
    reads it from the node's cache (a second view runs no calendar query), and a holiday entered
    for today with one technician on its roster is seen by the next view (only they are offered)."""
    tenant = await make_tenant()
    li, _wang = await tenant.add_user("technician", name="李师傅"), await tenant.add_user("technician", name="王师傅")
    customer = await tenant.customer()
    ticket = (await tenant.post("/api/v1/tickets", json={"customer_id": customer["id"], "kind": "repair",
                                                          "channel": "phone", "subject": "空调不制冷"})).json()
    await page_login(tenant.slug, tenant.admin_email)
    url = f"/t/{tenant.slug}/tickets/{ticket['id']}"
    assert "王师傅" in picker_of((await client.get(url)).text)
    with counting(shouhou_app) as sent:
        picker = picker_of((await client.get(url)).text)
    assert "王师傅" in picker and "李师傅" in picker
    assert not [s for s in sent if "business_calendar" in s], "the calendar comes from the node's cache"
    today = datetime.now(SHANGHAI).date()
    entered = await tenant.post("/api/v1/sla/calendar/days", json={"day": today.isoformat(), "kind": "holiday",
                                                                   "note": "公司假日"})
    assert entered.status_code in (200, 201), entered.text
    rostered = await tenant.post("/api/v1/duty-roster", json={"day": today.isoformat(), "shift": "day",
                                                              "user_id": li.admin_id})
    assert rostered.status_code == 201, rostered.text
    picker = picker_of((await client.get(url)).text)
    assert "李师傅" in picker and "王师傅" not in picker


async def test_console_and_api_answer_the_same_leave(client, make_tenant, page_login, monkeypatch):
    """Issue 18: the page reads the API's list (core.roster.service.leave_page): one's own leave
    (``view=mine``) and the leave waiting for one's decision (``view=to_approve``), newest first, the
    same in both; another company's in neither; a viewer is refused by both."""
    tenant, other = await make_tenant(), await make_tenant()
    head, their_head = await tenant.add_user("manager", name="部门主任"), await other.add_user("manager")
    for owner, who in ((tenant, head), (other, their_head)):
        await owner.patch(f"/api/v1/users/{who.admin_id}", json={"position": "service_manager"})
    li = await tenant.add_user("technician", name="李师傅")
    start = (datetime.now(SHANGHAI) + timedelta(days=3)).date()
    asked = []
    for n in range(4):
        response = await li.post("/api/v1/leave-requests", json={
            "first_day": (start + timedelta(days=2 * n)).isoformat(), "reason": f"事由 {n}"})
        assert response.status_code == 201, response.text
        asked.append(response.json()["id"])
    assert (await li.post(f"/api/v1/leave-requests/{asked[1]}/withdraw")).status_code == 200
    theirs = await other.add_user("technician")
    foreign = await theirs.post("/api/v1/leave-requests", json={"first_day": start.isoformat(), "reason": "别家"})
    assert foreign.status_code == 201, foreign.text
    url = f"/t/{tenant.slug}/leave/"

    mine = [r["id"] for r in (await li.get("/api/v1/leave-requests", params={"view": "mine"})).json()["items"]]
    await page_login(tenant.slug, li.admin_email)
    page = (await client.get(url)).text
    assert re.findall(r'id="mine-([0-9a-f-]{36})"', page) == mine == asked[::-1]

    waiting = (await head.get("/api/v1/leave-requests", params={"view": "to_approve"})).json()["items"]
    await page_login(tenant.slug, head.admin_email)
    page = (await client.get(url)).text
    assert re.findall(r'id="leave-([0-9a-f-]{36})"', page) == [r["id"] for r in waiting]
    assert [r["id"] for r in waiting] == [asked[3], asked[2], asked[0]]  # the withdrawn one waits for nobody
    assert foreign.json()["id"] not in page and "别家" not in page

    monkeypatch.setattr("core.web.roster.LEAVE_PAGE", 1)  # one a page: each list's "Next page" walks the API's order
    walked = await pages_of(client, url)
    assert [i for html in walked for i in re.findall(r'id="leave-([0-9a-f-]{36})"', html)] == [r["id"] for r in waiting]
    boss = await tenant.add_user("manager")  # decides the head's own leave
    await tenant.patch(f"/api/v1/users/{boss.admin_id}", json={"position": "department_manager"})
    for n in range(2):  # the head's own leave: paging one list keeps the other's page
        own = await head.post("/api/v1/leave-requests", json={
            "first_day": (start + timedelta(days=20 + n)).isoformat(), "reason": "家事"})
        assert own.status_code == 201, own.text
    second = (await client.get(url, params={"decide_cursor": re.search(r"decide_cursor=([^&\"#]+)", walked[0])[1]})).text
    following = re.search(r'href="\?decide_cursor=([^&"#]+)&amp;mine_cursor=([^&"#]+)#mine-title"', second)
    assert following, second
    kept = (await client.get(url, params={"decide_cursor": following[1], "mine_cursor": following[2]})).text
    assert re.findall(r'id="leave-([0-9a-f-]{36})"', kept) == [waiting[1]["id"]]
    await page_login(tenant.slug, li.admin_email)
    walked = await pages_of(client, url)
    assert [i for html in walked for i in re.findall(r'id="mine-([0-9a-f-]{36})"', html)] == mine

    viewer = await tenant.add_user("viewer")
    assert (await viewer.get("/api/v1/leave-requests")).status_code == 403
    await page_login(tenant.slug, viewer.admin_email)
    assert (await client.get(url)).status_code == 403


async def test_console_and_api_answer_the_same_duty_roster(client, make_tenant, page_login):
    """Issue 18: the page reads the API's roster (core.roster.service.roster): the same coming holiday
    days in order, with the same people on duty on each, for a viewer as for a manager; another
    company's duty is in neither."""
    tenant, other = await make_tenant(), await make_tenant()
    li, wang = await tenant.add_user("technician", name="李师傅"), await tenant.add_user("agent", name="王客服")
    today = datetime.now(SHANGHAI).date()
    holidays = [today + timedelta(days=n) for n in (5, 9, 13)]
    for owner in (tenant, other):
        for day in holidays:
            entered = await owner.post("/api/v1/sla/calendar/days", json={"day": day.isoformat(), "kind": "holiday"})
            assert entered.status_code in (200, 201), entered.text
    for day, who, shift in ((holidays[0], li, "day"), (holidays[0], wang, "night"), (holidays[2], wang, "day")):
        put = await tenant.post("/api/v1/duty-roster", json={"day": day.isoformat(), "user_id": who.admin_id,
                                                             "shift": shift})
        assert put.status_code == 201, put.text
    theirs = await other.add_user("technician", name="别家师傅")
    foreign = await other.post("/api/v1/duty-roster", json={"day": holidays[1].isoformat(), "user_id": theirs.admin_id})
    assert foreign.status_code == 201, foreign.text

    viewer = await tenant.add_user("viewer")
    for who in (tenant, viewer):
        roster = (await who.get("/api/v1/duty-roster")).json()
        await page_login(tenant.slug, who.admin_email)
        page = (await client.get(f"/t/{tenant.slug}/duty-roster/")).text
        days = [d["day"] for d in roster["days"]]
        assert re.findall(r'<tr id="day-(\d{4}-\d\d-\d\d)"', page) == days
        assert {h.isoformat() for h in holidays} <= set(days)
        on_duty = [e["id"] for d in roster["days"] for e in d["on_duty"]]
        assert re.findall(r'id="duty-([0-9a-f-]{36})"', page) == on_duty and len(on_duty) == 3
        assert foreign.json()["id"] not in page and "别家师傅" not in page
