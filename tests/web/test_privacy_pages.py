"""Personal information pages (PIPL Art. 44–47), zh_Hans first: a manager files a request from
the customer file, sees its deadline in the open list, reads and downloads the report, answers
it; a correction goes through the customer form with errors beside their fields; an erasure with
unfinished service is refused naming the ticket; the pages are for admins and managers only."""

from __future__ import annotations

import re

from tests.web.helpers import csrf_of, field_error, input_value

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
