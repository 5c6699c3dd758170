"""Personal information pages (PIPL Art. 44–47), zh_Hans first: a manager files a request from
the customer file, sees its deadline in the open list, reads and downloads the report, answers
it; a correction goes through the customer form with errors beside their fields; an erasure with
unfinished service is refused naming the ticket; the pages are for admins and managers only."""

from __future__ import annotations

import re
from datetime import date, timedelta

from tests.web.helpers import csrf_of, field_error, input_value, pages_of

REQUEST_LINK = re.compile(r'/privacy/requests/([0-9a-f-]{36})/report"')


async def test_a_manager_files_follows_and_answers_an_access_request(client, make_tenant, page_login):
    tenant = await make_tenant()
    manager = await tenant.add_user("manager", name="王经理")
    customer = await tenant.customer(name="张三", phone="13912345678")
    await page_login(tenant.slug, manager.admin_email)
    base = f"/t/{tenant.slug}"

    file_page = await client.get(f"{base}/customers/{customer['id']}")
    assert f'{base}/customers/{customer["id"]}/privacy' in file_page.text
    page = await client.get(f"{base}/customers/{customer['id']}/privacy")
    assert page.status_code == 200 and "个人信息请求" in page.text and "登记请求" in page.text

    blank = await client.post(f"{base}/customers/{customer['id']}/privacy",
                              data={"_csrf_token": csrf_of(page.text), "kind": "", "requester": "subject"}, follow_redirects=False)
    assert blank.status_code == 422 and field_error(blank.text, "kind")
    filed = await client.post(f"{base}/customers/{customer['id']}/privacy",
                              data={"_csrf_token": csrf_of(page.text), "kind": "access", "requester": "guardian"}, follow_redirects=False)
    assert filed.status_code == 303
    page = await client.get(f"{base}/customers/{customer['id']}/privacy")
    assert "查阅报告" in page.text and "监护人" in page.text and "待处理" in page.text
    [request_id] = REQUEST_LINK.findall(page.text)
    [api_request] = (await manager.get("/api/v1/privacy/requests")).json()["items"]
    assert api_request["id"] == request_id and api_request["requester"] == "guardian"

    listing = await client.get(f"{base}/privacy/")
    assert listing.status_code == 200 and "张三" in listing.text and "答复期限" in listing.text

    report = await client.get(f"{base}/privacy/requests/{request_id}/report")
    assert report.status_code == 200 and "+8613912345678" in report.text and "档案查阅记录" in report.text
    download = await client.get(f"{base}/privacy/requests/{request_id}/report.json")
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.json()["customer"]["name"] == "张三"

    empty = await client.post(f"{base}/privacy/requests/{request_id}/answer",
                              data={"_csrf_token": csrf_of(page.text), "outcome": "  "}, follow_redirects=False)
    assert empty.status_code == 422
    answered = await client.post(f"{base}/privacy/requests/{request_id}/answer",
                                 data={"_csrf_token": csrf_of(page.text), "outcome": "邮寄给本人"}, follow_redirects=False)
    assert answered.status_code == 303
    assert (await manager.get(f"/api/v1/privacy/requests/{request_id}")).json()["status"] == "done"


async def test_correction_and_erasure_from_the_console(client, make_tenant, page_login):
    tenant = await make_tenant()
    customer = await tenant.customer(name="李四", phone="13912345678", address="旧地址")
    ticket = (await tenant.post("/api/v1/tickets", json={"kind": "repair", "channel": "phone",
                                                         "customer_id": customer["id"], "subject": "不亮"})).json()
    correction = (await tenant.post("/api/v1/privacy/requests",
                                    json={"customer_id": customer["id"], "kind": "correction"})).json()
    erasure = (await tenant.post("/api/v1/privacy/requests",
                                 json={"customer_id": customer["id"], "kind": "erasure"})).json()
    await page_login(tenant.slug, tenant.admin_email)
    base = f"/t/{tenant.slug}"

    form = await client.get(f"{base}/privacy/requests/{correction['id']}/correct")
    assert form.status_code == 200 and input_value(form.text, "address") == "旧地址"
    values = {"_csrf_token": csrf_of(form.text), "name": "李四", "phone": "12", "address": "新地址", "province": "320000"}
    bad = await client.post(f"{base}/privacy/requests/{correction['id']}/correct", data=values, follow_redirects=False)
    assert bad.status_code == 422 and field_error(bad.text, "phone")
    good = await client.post(f"{base}/privacy/requests/{correction['id']}/correct",
                             data={**values, "phone": "13912345678"}, follow_redirects=False)
    assert good.status_code == 303
    assert (await tenant.get(f"/api/v1/customers/{customer['id']}")).json()["address"] == "新地址"

    page = await client.get(f"{base}/customers/{customer['id']}/privacy")
    refused = await client.post(f"{base}/privacy/requests/{erasure['id']}/erase",
                                data={"_csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert refused.status_code == 409 and ticket["number"] in refused.text
    assert (await tenant.get(f"/api/v1/customers/{customer['id']}")).json()["phone"] == "+8613912345678"

    cancelled = await tenant.post(f"/api/v1/tickets/{ticket['id']}/transitions",
                                  json={"action": "cancel", "reason": "客户要求删除"})
    assert cancelled.status_code == 200
    erased = await client.post(f"{base}/privacy/requests/{erasure['id']}/erase",
                               data={"_csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert erased.status_code == 303
    page = await client.get(f"{base}/customers/{customer['id']}/privacy")
    assert "个人信息已于" in page.text and "李四" not in page.text
    shown = await client.get(f"{base}/customers/{customer['id']}")
    assert "个人信息已删除" in shown.text and f"{base}/customers/{customer['id']}/edit" not in shown.text


async def test_privacy_pages_are_for_admins_and_managers(client, make_tenant, page_login):
    tenant = await make_tenant()
    customer = await tenant.customer()
    agent = await tenant.add_user("agent")
    await page_login(tenant.slug, agent.admin_email)
    assert (await client.get(f"/t/{tenant.slug}/privacy/")).status_code == 403
    assert (await client.get(f"/t/{tenant.slug}/customers/{customer['id']}/privacy")).status_code == 403
    assert "/privacy" not in (await client.get(f"/t/{tenant.slug}/customers/{customer['id']}")).text


async def test_console_and_api_answer_the_same_open_requests(client, make_tenant, page_login, monkeypatch):
    """Issue 18: the page reads the API's list (core.privacy.queries.request_page): the company's open
    requests (``status=open&sort=due``), the one due first on top (one received ten days earlier
    first, then filing order), an answered one and another company's in neither, paged alike; an
    agent is refused by both."""
    tenant, other = await make_tenant(), await make_tenant()
    earlier = (date.today() - timedelta(days=10)).isoformat()

    async def file(owner, name: str, kind: str, **fields) -> str:
        customer = await owner.customer(name=name)
        filed = await owner.post("/api/v1/privacy/requests", json={"customer_id": customer["id"], "kind": kind,
                                                                   **fields})
        assert filed.status_code == 201, filed.text
        return filed.json()["id"]

    made = [await file(tenant, "张三", "access"), await file(tenant, "李四", "correction", received_on=earlier),
            await file(tenant, "王五", "erasure"), await file(tenant, "赵六", "access")]
    answered = await tenant.post(f"/api/v1/privacy/requests/{made[3]}/answer", json={"outcome": "邮寄给本人"})
    assert answered.status_code == 200, answered.text
    theirs = await file(other, "别家客户", "access")
    manager = await tenant.add_user("manager")
    api = (await manager.get("/api/v1/privacy/requests", params={"status": "open", "sort": "due"})).json()["items"]
    await page_login(tenant.slug, manager.admin_email)
    page = await client.get(f"/t/{tenant.slug}/privacy/")
    assert page.status_code == 200
    assert re.findall(r'<tr id="request-([0-9a-f-]{36})"', page.text) == [r["id"] for r in api] == \
        [made[1], made[0], made[2]]
    seen, cursor = [], None
    while True:  # one a page: the cursor carries the answer day and the filing order
        params = {"status": "open", "sort": "due", "limit": 1, **({"cursor": cursor} if cursor else {})}
        answer = (await manager.get("/api/v1/privacy/requests", params=params)).json()
        seen += [r["id"] for r in answer["items"]]
        if not (cursor := answer["next_cursor"]):
            break
    assert seen == [made[1], made[0], made[2]]
    newest = (await manager.get("/api/v1/privacy/requests", params={"status": "open"})).json()["items"]
    assert [r["id"] for r in newest] == made[2::-1]
    for bad in ({"sort": "by_mood"}, {"sort": "due", "cursor": "2026-13-01.AAAA"}, {"sort": "due", "cursor": "WzEsMl0"}):
        refused = await manager.get("/api/v1/privacy/requests", params=bad)
        assert refused.status_code in (400, 422) and refused.json()["errors"][0]["field"] == next(reversed(bad))
    assert theirs not in page.text and "别家客户" not in page.text and "赵六" not in page.text
    monkeypatch.setattr("core.web.privacy.OPEN_SHOWN", 1)  # one a page: the page's cursor walks the same order
    walked = await pages_of(client, f"/t/{tenant.slug}/privacy/")
    assert [i for html in walked for i in re.findall(r'<tr id="request-([0-9a-f-]{36})"', html)] == \
        [made[1], made[0], made[2]]
    agent = await tenant.add_user("agent")
    assert (await agent.get("/api/v1/privacy/requests", params={"status": "open"})).status_code == 403
    await page_login(tenant.slug, agent.admin_email)
    assert (await client.get(f"/t/{tenant.slug}/privacy/")).status_code == 403


async def test_console_and_api_answer_the_same_requests_of_a_customer(client, make_tenant, page_login):
    """Issue 18: a customer's privacy page lists what ``GET /api/v1/privacy/requests?customer_id``
    answers: every request about that customer, answered ones too, newest first; none about another
    customer of the company or of another company."""
    tenant, other = await make_tenant(), await make_tenant()
    customer, neighbour = await tenant.customer(name="张三"), await tenant.customer(name="李四")

    async def file(owner, about: dict, kind: str) -> str:
        filed = await owner.post("/api/v1/privacy/requests", json={"customer_id": about["id"], "kind": kind})
        assert filed.status_code == 201, filed.text
        return filed.json()["id"]

    made = [await file(tenant, customer, "access")]
    answered = await tenant.post(f"/api/v1/privacy/requests/{made[0]}/answer", json={"outcome": "邮寄给本人"})
    assert answered.status_code == 200, answered.text
    made += [await file(tenant, customer, "correction"), await file(tenant, customer, "access")]
    elsewhere = [await file(tenant, neighbour, "access"), await file(other, await other.customer(), "access")]
    api = (await tenant.get("/api/v1/privacy/requests", params={"customer_id": customer["id"]})).json()["items"]
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/customers/{customer['id']}/privacy")
    assert page.status_code == 200
    assert re.findall(r'<h3 id="req-([0-9a-f-]{36})"', page.text) == [r["id"] for r in api] == made[::-1]
    assert not any(request_id in page.text for request_id in elsewhere)
