"""The technician's day: my tickets with an appointment today (tenant zone), only the field
actions the state machine allows, parts used as charge lines, the signed acceptance."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.web.helpers import csrf_of

SIGNATURE = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


def local_day(offset: int = 0) -> str:
    """A day where the test tenants are (DOMAIN §0: Asia/Shanghai)."""
    return (datetime.now(ZoneInfo("Asia/Shanghai")).date() + timedelta(days=offset)).isoformat()


def offered(html: str, ticket_id: str) -> list[str]:
    section = html[html.index(f'id="visit-{ticket_id}"'):]
    section = section[:section.index("</article>")]
    return re.findall(r'name="action" value="(\w+)"', section)


async def dispatched(tenant, technician, customer_id: str, subject: str, day: str, hour: int = 9) -> str:
    ticket = (await tenant.post("/api/v1/tickets", json={
        "kind": "repair", "channel": "phone", "customer_id": customer_id, "subject": subject})).json()
    for body in ({"action": "assign", "technician_id": technician.admin_id},
                 {"action": "schedule", "start": f"{day}T{hour:02}:00:00", "end": f"{day}T{hour + 2:02}:00:00"},
                 {"action": "confirm"}):
        assert (await tenant.post(f"/api/v1/tickets/{ticket['id']}/transitions", json=body)).status_code == 200
    return ticket["id"]


async def test_my_day_walks_a_visit_through_the_state_machine(client, make_tenant, page_login):
    tenant = await make_tenant(plugins=("lighting",))
    li = await tenant.add_user("technician", name="李师傅")
    wang = await tenant.add_user("technician", name="王师傅")
    customer = await tenant.customer(name="王女士", address="广州市天河区体育西路1号")
    today_id = await dispatched(tenant, li, customer["id"], "节能灯不亮", local_day())
    tomorrow_id = await dispatched(tenant, li, customer["id"], "明天的单", local_day(1))
    others_id = await dispatched(tenant, wang, customer["id"], "王师傅的单", local_day())
    await page_login(tenant.slug, li.admin_email)
    url = f"/t/{tenant.slug}/my-day/"

    page = await client.get(url)
    assert page.status_code == 200
    assert "节能灯不亮" in page.text and "体育西路" in page.text
    assert "明天的单" not in page.text and "王师傅的单" not in page.text and tomorrow_id not in page.text
    assert offered(page.text, today_id) == ["arrive"]
    token = csrf_of(page.text)
    act = f"/t/{tenant.slug}/my-day/{today_id}"

    wrong = await client.post(f"{act}/actions", data={"_csrf_token": token, "action": "resolve", "resolution": "x"})
    assert wrong.status_code == 422  # not on site yet: the state machine refuses
    assert (await tenant.get(f"/api/v1/tickets/{today_id}")).json()["status"] == "confirmed"
    desk_only = await client.post(f"{act}/actions", data={"_csrf_token": token, "action": "cancel", "reason": "x"})
    assert desk_only.status_code == 422 and "此操作请在服务单页面办理" in desk_only.text

    page = await client.post(f"{act}/actions", data={"_csrf_token": token, "action": "arrive"})
    assert offered(page.text, today_id) == ["depart", "resolve", "take_back"]
    blank = await client.post(f"{act}/actions", data={"_csrf_token": token, "action": "resolve"})
    assert blank.status_code == 422 and re.search(r'id="t[0-9a-f]{8}-resolution-error"', blank.text)
    part = await client.post(f"{act}/parts", data={"_csrf_token": token, "description": "18W 节能灯", "amount": "0",
                                                   "free": "on"})
    assert "18W 节能灯" in part.text and "免费" in part.text
    bad_part = await client.post(f"{act}/parts", data={"_csrf_token": token, "description": "镇流器", "amount": "abc"})
    assert bad_part.status_code == 422 and 'value="镇流器"' in bad_part.text

    page = await client.post(f"{act}/actions", data={"_csrf_token": token, "action": "resolve",
                                                     "resolution": "更换节能灯一只"})
    assert offered(page.text, today_id) == ["depart", "accept"]
    assert "data-signature" in page.text and f'id="signature-pad-{today_id}"' in page.text
    page = await client.post(f"{act}/actions", data={"_csrf_token": token, "action": "accept",
                                                     "signed_by": "王女士", "signature_image": SIGNATURE})
    assert offered(page.text, today_id) == ["depart"]
    ticket = (await tenant.get(f"/api/v1/tickets/{today_id}")).json()
    assert ticket["status"] == "accepted" and ticket["work"]["signed_by"] == "王女士"

    theirs = await client.post(f"/t/{tenant.slug}/my-day/{others_id}/actions",
                               data={"_csrf_token": token, "action": "arrive"})
    assert theirs.status_code == 404  # another technician's ticket
    assert (await tenant.get(f"/api/v1/tickets/{others_id}")).json()["status"] == "confirmed"


async def test_my_day_is_for_technicians_of_its_own_tenant_and_needs_csrf(client, make_tenant, page_login):
    tenant_a, tenant_b = await make_tenant(), await make_tenant()
    tech_b = await tenant_b.add_user("technician")
    customer = await tenant_b.customer()
    ticket_b = await dispatched(tenant_b, tech_b, customer["id"], "乙的预约", local_day())
    tech_a = await tenant_a.add_user("technician")
    await page_login(tenant_a.slug, tech_a.admin_email)
    page = await client.get(f"/t/{tenant_a.slug}/my-day/")
    assert "今天没有预约" in page.text and "乙的预约" not in page.text
    assert 'href="/t/' + tenant_a.slug + '/my-day"' in page.text  # in the technician's navigation
    assert (await client.get(f"/t/{tenant_b.slug}/my-day/")).status_code == 404
    token = csrf_of(page.text)
    foreign = await client.post(f"/t/{tenant_a.slug}/my-day/{ticket_b}/actions",
                                data={"_csrf_token": token, "action": "arrive"})
    assert foreign.status_code == 404
    refused = await client.post(f"/t/{tenant_a.slug}/my-day/{ticket_b}/actions", data={"action": "arrive"})
    assert refused.status_code == 403
    assert (await tenant_b.get(f"/api/v1/tickets/{ticket_b}")).json()["status"] == "confirmed"

    await client.post("/logout", data={"_csrf_token": token})
    await page_login(tenant_a.slug, tenant_a.admin_email)
    assert (await client.get(f"/t/{tenant_a.slug}/my-day/")).status_code == 403


async def test_console_and_api_answer_the_same_tickets_of_the_day(client, make_tenant, page_login, monkeypatch):
    """Issue 18: the page is the API's ``?technician_id=me&on_day=today&sort=appointment``
    (core.tickets.queries.queue_statement and queue_page): the tickets with an appointment today
    or at work now, the earliest appointment first, page by page; another technician's, a ticket
    of tomorrow and another company's are not on it."""
    monkeypatch.setattr("core.web.technician.PAGE_SIZE", 1)  # one a page: "Next page" walks the API's order
    tenant, other = await make_tenant(), await make_tenant()
    li, wang = await tenant.add_user("technician"), await tenant.add_user("technician")
    customer = await tenant.customer()
    afternoon = await dispatched(tenant, li, customer["id"], "下午的单", local_day(), hour=14)
    morning = await dispatched(tenant, li, customer["id"], "上午的单", local_day(), hour=9)
    await dispatched(tenant, li, customer["id"], "明天的单", local_day(1))
    at_work = await dispatched(tenant, li, customer["id"], "昨天到场的单", local_day(-1))
    assert (await tenant.post(f"/api/v1/tickets/{at_work}/transitions", json={"action": "arrive"})).status_code == 200
    await dispatched(tenant, wang, customer["id"], "王师傅的单", local_day())
    await dispatched(other, await other.add_user("technician"), (await other.customer())["id"], "乙的单", local_day())

    query = {"technician_id": li.admin_id, "on_day": local_day(), "sort": "appointment"}
    api = (await li.get("/api/v1/tickets", params=query)).json()["items"]
    assert [t["id"] for t in api] == [at_work, morning, afternoon]
    await page_login(tenant.slug, li.admin_email)
    seen, url = [], f"/t/{tenant.slug}/my-day/"
    while url:
        page = await client.get(url)
        assert page.status_code == 200
        assert "王师傅的单" not in page.text and "乙的单" not in page.text and "明天的单" not in page.text
        seen += re.findall(r'id="visit-([0-9a-f-]{36})"', page.text)
        more = re.search(r'href="(\?cursor=[^"]+)"', page.text)
        url = f"/t/{tenant.slug}/my-day/" + more.group(1).replace("&amp;", "&") if more else None
    assert seen == [t["id"] for t in api]


async def test_another_day_is_the_apis_day_and_an_action_comes_back_to_it(client, make_tenant, page_login):
    """``?day=`` shows that day's appointments, as ``GET /api/v1/tickets?on_day=`` answers them;
    a ticket at work now is on today only. An action taken from tomorrow's page comes back to
    tomorrow, and a refused one is shown there beside its form."""
    tenant = await make_tenant()
    li = await tenant.add_user("technician")
    customer = await tenant.customer()
    await dispatched(tenant, li, customer["id"], "今天的单", local_day())
    at_work = await dispatched(tenant, li, customer["id"], "昨天到场的单", local_day(-1))
    assert (await tenant.post(f"/api/v1/tickets/{at_work}/transitions", json={"action": "arrive"})).status_code == 200
    later = await dispatched(tenant, li, customer["id"], "明天下午的单", local_day(1), hour=14)
    early = await dispatched(tenant, li, customer["id"], "明天上午的单", local_day(1), hour=8)

    api = (await li.get("/api/v1/tickets", params={"technician_id": li.admin_id, "on_day": local_day(1),
                                                   "sort": "appointment"})).json()["items"]
    assert [t["id"] for t in api] == [early, later]
    await page_login(tenant.slug, li.admin_email)
    url = f"/t/{tenant.slug}/my-day/?day={local_day(1)}"
    page = await client.get(url)
    assert page.status_code == 200 and "我的预约" in page.text and "我的今日预约" not in page.text
    assert re.findall(r'id="visit-([0-9a-f-]{36})"', page.text) == [early, later]
    assert "今天的单" not in page.text and "昨天到场的单" not in page.text
    assert f'href="/t/{tenant.slug}/my-day/?day={local_day(1)}" aria-current="page"' in page.text
    empty = await client.get(f"/t/{tenant.slug}/my-day/?day={local_day(30)}")
    assert "当天没有预约" in empty.text
    assert "今天的单" in (await client.get(f"/t/{tenant.slug}/my-day/?day=not-a-day")).text  # today instead

    token = csrf_of(page.text)
    refused = await client.post(f"/t/{tenant.slug}/my-day/{early}/actions",
                                data={"_csrf_token": token, "day": local_day(1), "action": "resolve"})
    assert refused.status_code == 422 and re.findall(r'id="visit-([0-9a-f-]{36})"', refused.text) == [early, later]
    arrived = await client.post(f"/t/{tenant.slug}/my-day/{early}/actions", follow_redirects=False,
                                data={"_csrf_token": token, "day": local_day(1), "action": "arrive"})
    assert arrived.status_code in (302, 303)
    assert arrived.headers["location"] == f"/t/{tenant.slug}/my-day/?day={local_day(1)}#visit-{early}"
