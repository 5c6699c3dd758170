"""The console's ticket queue (issue: console for a real service-desk day, item 3): server-side
search, filters, saved views, counts per status by GROUP BY, and pages — the same query as the
API's ticket list, so both answer the same rows."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest


def numbers_on(page: str) -> list[str]:
    """The ticket numbers the queue page lists, in order."""
    return re.findall(r'/tickets/[0-9a-f-]{36}">([^<]+)</a>', page)


async def api_numbers(tenant, **query) -> list[str]:
    answer = await tenant.get(f"/api/v1/tickets?{urlencode({**query, 'limit': 200})}")
    assert answer.status_code == 200, answer.text
    return [t["number"] for t in answer.json()["items"]]


@pytest.fixture
async def desk(make_tenant, page_login):
    """A tenant with an agent and tickets of two customers in several statuses, signed in."""
    tenant = await make_tenant()
    agent = await tenant.add_user("agent", name="小王")
    zhang = await tenant.customer(name="张三", phone="13800138000")
    li = await tenant.customer(name="李四", phone="13912345678")
    made = []
    for who, subject, by in ((zhang, "灯不亮", tenant), (zhang, "漏水", agent), (li, "异响", agent), (li, "灯闪烁", tenant)):
        answer = await by.post("/api/v1/tickets", json={"kind": "repair", "channel": "phone",
                                                          "customer_id": who["id"], "subject": subject})
        assert answer.status_code == 201, answer.text
        made.append(answer.json())
    cancelled = await tenant.post(f"/api/v1/tickets/{made[3]['id']}/transitions",
                                  json={"action": "cancel", "reason": "客户撤回"})
    assert cancelled.status_code == 200, cancelled.text
    await page_login(tenant.slug, tenant.admin_email)
    return tenant, agent, made


QUERIES = [
    {},
    {"q": "灯"},
    {"q": "138 0013 8000"},  # the customer's phone typed another way
    {"q": "李四"},
    {"status": "open"},
    {"status": "cancelled"},
    {"sla_state": "on_track"},
]


@pytest.mark.parametrize("query", QUERIES, ids=[urlencode(q) or "all" for q in QUERIES])
async def test_console_and_api_answer_the_same_rows(desk, client, query):
    tenant, _, _ = desk
    page = await client.get(f"/t/{tenant.slug}/tickets/?{urlencode(query)}")
    assert page.status_code == 200
    assert numbers_on(page.text) == await api_numbers(tenant, **query)


async def test_search_finds_by_number_subject_phone_and_customer(desk, client):
    tenant, _, made = desk
    by_number = await client.get(f"/t/{tenant.slug}/tickets/?q={made[2]['number']}")
    assert numbers_on(by_number.text) == [made[2]["number"]]
    by_phone = await client.get(f"/t/{tenant.slug}/tickets/?q=0139-1234-5678")
    assert set(numbers_on(by_phone.text)) == {made[2]["number"], made[3]["number"]}
    nothing = await client.get(f"/t/{tenant.slug}/tickets/?q=不存在的内容")
    assert numbers_on(nothing.text) == [] and "No tickets match" not in nothing.text  # zh page
    too_long = await client.get(f"/t/{tenant.slug}/tickets/?q={'长' * 101}")
    assert too_long.status_code == 422 and 'id="q-q-error"' in too_long.text
    assert (await tenant.get(f"/api/v1/tickets?q={'长' * 101}")).json()["errors"][0]["field"] == "q"


async def test_counts_per_status_and_saved_views(desk, client):
    tenant, _, made = desk
    page = await client.get(f"/t/{tenant.slug}/tickets/")
    counts = dict(re.findall(r'data-status="(\w+)"[^>]*>[^<]*<span class="count">(\d+)</span>', page.text))
    assert counts == {"new": "3", "cancelled": "1"}
    searched = await client.get(f"/t/{tenant.slug}/tickets/?q=灯")
    assert dict(re.findall(r'data-status="(\w+)"[^>]*>[^<]*<span class="count">(\d+)</span>',
                           searched.text)) == {"new": "1", "cancelled": "1"}  # counts follow the search
    mine = await client.get(f"/t/{tenant.slug}/tickets/?view=mine")
    assert numbers_on(mine.text) == [made[0]["number"]]  # the admin's own, not done (made[3] is cancelled)
    assert numbers_on(mine.text) == await api_numbers(tenant, status="open", owner_id=tenant.admin_id)


async def test_the_queue_pages_through_every_ticket_once(make_tenant, client, page_login):
    tenant = await make_tenant()
    customer = await tenant.customer()
    for i in range(53):
        answer = await tenant.post("/api/v1/tickets", json={"kind": "repair", "channel": "phone",
                                                            "customer_id": customer["id"], "subject": f"第{i}单"})
        assert answer.status_code == 201
    await page_login(tenant.slug, tenant.admin_email)
    first = await client.get(f"/t/{tenant.slug}/tickets/?status=new")
    assert len(numbers_on(first.text)) == 50
    link = re.search(r'id="next-page" href="([^"]+)"', first.text).group(1).replace("&amp;", "&")
    assert "status=new" in link
    second = await client.get(f"/t/{tenant.slug}/tickets/{link}")
    assert len(numbers_on(second.text)) == 3 and 'id="next-page"' not in second.text
    seen = numbers_on(first.text) + numbers_on(second.text)
    assert len(set(seen)) == 53 and seen == await api_numbers(tenant, status="new")


async def test_the_queue_sorts_newest_or_oldest_first_page_by_page(make_tenant, client, page_login):
    tenant = await make_tenant()
    customer = await tenant.customer()
    made = []
    for i, priority in enumerate(("low", "urgent", "normal", "high", "normal")):
        answer = await tenant.post("/api/v1/tickets", json={"kind": "repair", "channel": "phone", "priority": priority,
                                                            "customer_id": customer["id"], "subject": f"第{i}单"})
        made.append(answer.json()["number"])
    for sort, expected in (("newest", made[::-1]), ("oldest", made)):
        seen, cursor = [], None
        while True:  # two a page, through the API the page shares its query with
            page = (await tenant.get("/api/v1/tickets", params={"limit": 2, "sort": sort,
                                                               **({"cursor": cursor} if cursor else {})})).json()
            seen += [t["number"] for t in page["items"]]
            if not (cursor := page["next_cursor"]):
                break
        assert seen == expected, sort
    urgent_first = [t["number"] for t in (await tenant.get("/api/v1/tickets")).json()["items"]]
    assert urgent_first[0] == made[1] and urgent_first[-1] == made[0]
    await page_login(tenant.slug, tenant.admin_email)
    oldest = await client.get(f"/t/{tenant.slug}/tickets/?sort=oldest")
    assert numbers_on(oldest.text) == made and '<option value="oldest" selected>' in oldest.text
    bad = await tenant.get("/api/v1/tickets", params={"sort": "by_mood"})
    assert bad.status_code in (400, 422) and bad.json()["errors"][0]["field"] == "sort"


async def test_the_queue_filters_by_the_technician_a_ticket_is_dispatched_to(make_tenant, client, page_login):
    tenant = await make_tenant()
    customer = await tenant.customer()
    li, wang = await tenant.add_user("technician", name="李师傅"), await tenant.add_user("technician", name="王师傅")
    numbers = {}
    for who in (li, wang):
        made = (await tenant.post("/api/v1/tickets", json={"kind": "repair", "channel": "phone", "subject": "灯不亮",
                                                          "customer_id": customer["id"]})).json()
        await tenant.post(f"/api/v1/tickets/{made['id']}/transitions", json={"action": "assign",
                                                                            "technician_id": who.admin_id})
        numbers[who.admin_id] = made["number"]
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/tickets/", params={"technician_id": li.admin_id})
    assert numbers_on(page.text) == [numbers[li.admin_id]]
    assert f'<option value="{li.admin_id}" selected>李师傅</option>' in page.text
