"""The revisit worklist page: due and overdue calls in order with their scripts, one-click
outcomes with the survey card, the follow-up ticket of an unsatisfied customer."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.web.helpers import counting, csrf_of, pages_of

HTMX = {"HX-Request": "true"}


def today() -> date:
    """Today where the test tenants are (DOMAIN §0: days in the tenant's zone)."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


async def closed_repair(tenant, customer_id: str) -> dict:
    """A lighting repair driven to ``closed`` through the API (the trigger of the next-day call)."""
    technician = await tenant.add_user("technician", name="李师傅")
    ticket = (await tenant.post("/api/v1/tickets", json={
        "kind": "repair", "channel": "phone", "customer_id": customer_id, "subject": "节能灯不亮"})).json()
    start = today().isoformat()
    for body in ({"action": "assign", "technician_id": technician.admin_id},
                 {"action": "schedule", "start": f"{start}T09:00:00", "end": f"{start}T11:00:00"},
                 {"action": "confirm"}, {"action": "arrive"}, {"action": "resolve", "resolution": "更换节能灯"},
                 {"action": "close"}):
        response = await tenant.post(f"/api/v1/tickets/{ticket['id']}/transitions", json=body)
        assert response.status_code == 200, response.text
    return ticket


async def test_next_day_call_with_its_script_and_an_unsatisfied_outcome(client, make_tenant, page_login):
    """DOMAIN §3 / lighting 001 §四.3.6: the day after a closed repair, a satisfaction call."""
    tenant = await make_tenant(plugins=("lighting",))
    customer = await tenant.customer(name="王女士")
    ticket = await closed_repair(tenant, customer["id"])
    other = await tenant.customer(name="陈先生", phone="13900139000")
    overdue = (await tenant.post("/api/v1/revisits", json={
        "customer_id": other["id"], "due_from": (today() - timedelta(days=3)).isoformat(),
        "due_by": (today() - timedelta(days=1)).isoformat(), "reason": "节前问候"})).json()
    await page_login(tenant.slug, tenant.admin_email)
    url = f"/t/{tenant.slug}/revisits/"

    due_now = await client.get(url)
    assert due_now.status_code == 200
    assert "节前问候" in due_now.text and "已逾期" in due_now.text and ticket["number"] not in due_now.text

    tomorrow = await client.get(url, params={"day": (today() + timedelta(days=1)).isoformat()})
    html = tomorrow.text
    assert html.index("节前问候") < html.index("服务次日电话了解顾客满意度")  # earliest deadline first
    assert f"服务单 {ticket['number']}" in html  # the script rendered with the revisit's ticket
    assert "服务人员的态度、技术能力" in html
    for label in ("服务态度", "技术能力", "准时", "服务事项", "建议"):
        assert label in html, label
    revisits = (await tenant.get("/api/v1/revisits", params={"status": "open"})).json()["items"]
    call = next(r for r in revisits if r["ticket_id"] == ticket["id"])

    token = csrf_of(html)
    card = await client.post(f"/t/{tenant.slug}/revisits/{call['id']}/outcome", headers=HTMX, data={
        "_csrf_token": token, "outcome": "unsatisfied", "attitude": "2", "punctuality": "4",
        "suggestion": "希望提前电话", "notes": "灯又闪"})
    assert card.status_code == 200 and "<html" not in card.text
    assert "不满意" in card.text and "已建立跟进服务单" in card.text
    recorded = (await tenant.get(f"/api/v1/revisits/{call['id']}")).json()
    assert recorded["survey"] == {"attitude": 2, "punctuality": 4, "suggestion": "希望提前电话"}
    follow_up = (await tenant.get(f"/api/v1/tickets/{recorded['follow_up_ticket_id']}")).json()
    assert follow_up["number"] in card.text and f"/tickets/{follow_up['id']}" in card.text

    again = await client.post(f"/t/{tenant.slug}/revisits/{call['id']}/outcome", headers=HTMX,
                              data={"_csrf_token": token, "outcome": "satisfied"})
    assert again.status_code == 200 and "已记录" in again.text  # a second outcome is refused beside the buttons

    plain = await client.post(f"/t/{tenant.slug}/revisits/{overdue['id']}/outcome",
                              data={"_csrf_token": token, "attitude": "9"})
    assert plain.status_code == 422 and "请选择通话结果" in plain.text
    done = await client.post(f"/t/{tenant.slug}/revisits/{overdue['id']}/outcome",
                             data={"_csrf_token": token, "outcome": "satisfied"})
    assert done.status_code == 200 and "节前问候" not in done.text  # back on the worklist, the call is done


async def test_console_and_api_answer_the_same_due_list(client, make_tenant, page_login, monkeypatch):
    """Issue 18: the worklist page reads the API's list (core.revisits.worklist): on a day, the
    open calls whose window has opened, earliest deadline first, overdue ones included; a call
    done, one not yet due and another company's are in neither."""
    tenant, other = await make_tenant(), await make_tenant()

    async def book(owner, name: str, opens: int, closes: int) -> dict:
        customer = await owner.customer(name=name)
        response = await owner.post("/api/v1/revisits", json={
            "customer_id": customer["id"], "due_from": (today() + timedelta(days=opens)).isoformat(),
            "due_by": (today() + timedelta(days=closes)).isoformat(), "reason": "节前问候"})
        assert response.status_code == 201, response.text
        return response.json()

    late, due, later, done = (await book(tenant, "逾期", -3, -1), await book(tenant, "今天", 0, 2),
                              await book(tenant, "下周", 7, 9), await book(tenant, "已回访", -1, 1))
    await book(other, "别家", -1, 1)
    answered = await tenant.post(f"/api/v1/revisits/{done['id']}/outcome", json={"outcome": "satisfied"})
    assert answered.status_code == 200, answered.text
    await page_login(tenant.slug, tenant.admin_email)
    for day, expected in ((today(), [late, due]), (today() + timedelta(days=7), [late, due, later])):
        api = (await tenant.get("/api/v1/revisits", params={"due_before": day.isoformat(), "status": "open"})).json()
        page = await client.get(f"/t/{tenant.slug}/revisits/", params={"day": day.isoformat()})
        listed = re.findall(r'id="call-([0-9a-f-]{36})"', page.text)
        assert [r["id"] for r in api["items"]] == listed == [r["id"] for r in expected]
    monkeypatch.setattr("core.web.revisits.WORKLIST_SIZE", 1)  # one a page: "Next page" keeps the day
    walked = await pages_of(client, f"/t/{tenant.slug}/revisits/?day={today() + timedelta(days=7)}")
    assert [i for html in walked for i in re.findall(r'<li class="card call[^"]*" id="call-([0-9a-f-]{36})"', html)] \
        == [r["id"] for r in (late, due, later)]


async def test_unreachable_books_the_call_again(client, make_tenant, page_login):
    tenant = await make_tenant()
    customer = await tenant.customer(name="赵先生")
    booked = (await tenant.post("/api/v1/revisits", json={
        "customer_id": customer["id"], "due_from": today().isoformat(),
        "due_by": (today() + timedelta(days=2)).isoformat(), "reason": "安装回访"})).json()
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/revisits/")
    assert "此回访没有话术" in page.text
    card = await client.post(f"/t/{tenant.slug}/revisits/{booked['id']}/outcome", headers=HTMX,
                             data={"_csrf_token": csrf_of(page.text), "outcome": "unreachable"})
    assert "未接通次数：1" in card.text and 'value="unreachable"' in card.text


async def test_worklist_is_for_the_desk_of_its_own_tenant_and_needs_csrf(client, make_tenant, page_login):
    tenant_a, tenant_b = await make_tenant(), await make_tenant()
    customer = await tenant_b.customer()
    booked = (await tenant_b.post("/api/v1/revisits", json={
        "customer_id": customer["id"], "due_from": today().isoformat(),
        "due_by": today().isoformat(), "reason": "乙的回访"})).json()
    await page_login(tenant_a.slug, tenant_a.admin_email)
    page = await client.get(f"/t/{tenant_a.slug}/revisits/")
    assert "乙的回访" not in page.text
    assert (await client.get(f"/t/{tenant_b.slug}/revisits/")).status_code == 404
    token = csrf_of(page.text)
    foreign = await client.post(f"/t/{tenant_a.slug}/revisits/{booked['id']}/outcome",
                                data={"_csrf_token": token, "outcome": "satisfied"})
    assert foreign.status_code == 404
    refused = await client.post(f"/t/{tenant_a.slug}/revisits/{booked['id']}/outcome", data={"outcome": "satisfied"})
    assert refused.status_code == 403
    assert (await tenant_b.get(f"/api/v1/revisits/{booked['id']}")).json()["status"] == "open"

    technician = await tenant_a.add_user("technician")
    await client.post("/logout", data={"_csrf_token": token})
    await page_login(tenant_a.slug, technician.admin_email)
    assert (await client.get(f"/t/{tenant_a.slug}/revisits/")).status_code == 403


async def test_a_scripts_unknown_values_are_named_not_left_as_blank_lines(client, make_tenant, page_login):
    """DOMAIN §4: scripts carry variables; a call with no value for one (a revisit booked without a
    ticket has no ticket number, a customer without a title has none) shows what belongs there."""
    tenant = await make_tenant()
    script = await tenant.post("/api/v1/scripts", json={
        "name": "greeting", "purpose": "general", "title": {"zh_Hans": "问候"},
        "texts": {"zh_Hans": "您好，{{ customer.name }}{{ customer.title }}，关于服务单 {{ ticket.number }} 回访。"}})
    assert script.status_code == 201, script.text
    customer = await tenant.customer(name="王女士")
    booked = await tenant.post("/api/v1/revisits", json={
        "customer_id": customer["id"], "due_from": today().isoformat(), "due_by": today().isoformat(),
        "reason": "回访", "script_id": "tenant.greeting"})
    assert booked.status_code == 201, booked.text
    await page_login(tenant.slug, tenant.admin_email)
    html = (await client.get(f"/t/{tenant.slug}/revisits/")).text
    assert "您好，王女士" in html
    assert '<mark class="script-blank">〔客户称呼〕</mark>' in html
    assert '<mark class="script-blank">〔服务单信息〕</mark>' in html and "____" not in html


async def test_the_worklist_renders_every_calls_script_in_the_same_statements_for_one_call_or_four(
        client, shouhou_app, make_tenant, page_login):
    """The worklist's scripts share what they read (the calls, their tickets and customers, the
    agent, the tenant's scripts): a page of four calls runs as many statements as a page of one,
    each call still gets its own script, and each customer file a script reads is audited once
    (DOMAIN §5) in one statement; a technician's role kept off top-secret files gets no script
    and no audit, as before."""
    tenant = await make_tenant(plugins=("lighting",))
    await page_login(tenant.slug, tenant.admin_email)
    url, day = f"/t/{tenant.slug}/revisits/", {"day": (today() + timedelta(days=1)).isoformat()}
    sizes, numbers = [], []
    await client.get(url, params=day)  # the node's caches warm: the business calendar,
    await tenant.get("/api/v1/confidentiality/rules")  # and the confidentiality rules
    for n in range(4):
        customer = await tenant.customer(name=f"客户{n}", phone=f"1390013900{n}")
        numbers.append((await closed_repair(tenant, customer["id"]))["number"])
        with counting(shouhou_app) as sent:
            page = await client.get(url, params=day)
        assert page.status_code == 200
        sizes.append(len(sent))
    assert sizes == [sizes[0]] * 4, sizes
    assert all(f"服务单 {number}" in page.text for number in numbers)  # each script about its own ticket
    reads = (await tenant.get("/api/v1/confidentiality/audit", params={"record_type": "customer_file"})).json()
    assert len(reads["items"]) == 1 + 2 + 3 + 4  # a read of each file a script named, at each view

    kept = await tenant.put("/api/v1/confidentiality/rules", json={"rules": {"top_secret": ["admin", "manager"]}})
    assert kept.status_code == 200, kept.text
    agent = await tenant.add_user("agent")
    await page_login(tenant.slug, agent.admin_email)
    refused = await client.get(url, params=day)
    assert refused.status_code == 200 and "客户3" in refused.text
    assert not any(f"服务单 {number}" in refused.text for number in numbers)
    again = (await tenant.get("/api/v1/confidentiality/audit", params={"record_type": "customer_file"})).json()
    assert len(again["items"]) == 10
