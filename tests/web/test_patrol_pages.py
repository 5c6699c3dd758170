"""The quality patrols and service research page (DOMAIN §12, 003 篇3 10.1.1, 10.1.3): opened from
the customer's page, a visit recorded with its findings (mistakes beside their fields), a finding
followed up and closed, the numbers on the reports dashboard; visit logs are secret records
(DOMAIN §5.3): a role the tenant keeps from them gets the 403 page."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.web.helpers import csrf_of, field_error


def today():
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


async def test_domain_12_10_1_1_a_patrol_through_the_pages(client, make_tenant, page_login):
    tenant = await make_tenant()
    customer = await tenant.customer(name="苏州工厂")
    owner = await tenant.add_user("technician", name="王技师")
    await page_login(tenant.slug, tenant.admin_email)
    file_page = (await client.get(f"/t/{tenant.slug}/customers/{customer['id']}")).text
    link = re.search(r'href="(/t/[^"]+/service-visits/\?customer_id=[^"]+)"', file_page).group(1)
    page = await client.get(link)
    assert page.status_code == 200 and "客户：苏州工厂" in page.text and "质量巡检" in page.text
    token = csrf_of(page.text)
    url = f"/t/{tenant.slug}/service-visits/"
    form = {"_csrf_token": token, "customer_id": customer["id"], "kind": "quality_patrol",
            "visited_on": str(today()), "leader_id": tenant.admin_id, "summary": "全面检查配电",
            f"participant:{owner.admin_id}": "on", "findings[0].description": "配电箱接线松动",
            "findings[0].owner_id": owner.admin_id, "findings[0].due_on": str(today() - timedelta(days=1))}
    early = await client.post(url, data=form)
    assert early.status_code == 422
    assert field_error(early.text, re.escape("findings[0].due_on")) == "跟进期限不能早于巡检/调研日期"
    made = await client.post(url, data={**form, "findings[0].due_on": str(today() + timedelta(days=3))})
    assert made.status_code == 200 and "配电箱接线松动" in made.text and "王技师" in made.text
    visit = (await tenant.get("/api/v1/service-visits")).json()["items"][0]
    finding = visit["findings"][0]
    step = f"{url}{visit['id']}/findings/{finding['id']}"
    followed = await client.post(f"{step}/follow-up", data={"_csrf_token": token, "action": "已重新紧固"})
    assert followed.status_code == 200 and "处理：已重新紧固" in followed.text
    closed = await client.post(f"{step}/close", data={"_csrf_token": token, "result": "复查正常"})
    assert closed.status_code == 200 and "结果：复查正常" in closed.text
    assert (await tenant.get(f"/api/v1/service-visits/{visit['id']}")).json()["findings"][0]["status"] == "closed"
    board = await client.get(f"/t/{tenant.slug}/reports/")
    assert f'href="/t/{tenant.slug}/service-visits/"' in board.text and "巡检与调研次数" in board.text


async def test_domain_5_3_the_visits_page_is_for_roles_that_may_read_secret_records(client, make_tenant, page_login):
    tenant = await make_tenant()
    technician = await tenant.add_user("technician")
    viewer = await tenant.add_user("viewer")
    url = f"/t/{tenant.slug}/service-visits/"
    await page_login(tenant.slug, viewer.admin_email)
    assert (await client.get(url)).status_code == 403
    await page_login(tenant.slug, technician.admin_email)
    assert (await client.get(url)).status_code == 200
    await tenant.put("/api/v1/confidentiality/rules", json={"rules": {"secret": ["admin", "manager"]}})
    assert (await client.get(url)).status_code == 403
    board = await client.get(f"/t/{tenant.slug}/reports/")
    assert board.status_code in (200, 403) and "巡检与调研次数" not in board.text


async def test_another_tenants_visits_are_not_found_through_the_pages(client, tenant_a, tenant_b, page_login):
    customer = await tenant_a.customer()
    made = await tenant_a.post("/api/v1/service-visits", json={
        "kind": "quality_patrol", "customer_id": customer["id"], "visited_on": str(today()),
        "leader_id": tenant_a.admin_id, "summary": "A 的巡检", "findings": [
            {"description": "x", "owner_id": tenant_a.admin_id, "due_on": str(today())}]})
    visit = made.json()
    await page_login(tenant_b.slug, tenant_b.admin_email)
    own = await client.get(f"/t/{tenant_b.slug}/service-visits/")
    assert own.status_code == 200 and "A 的巡检" not in own.text
    foreign = await client.post(
        f"/t/{tenant_b.slug}/service-visits/{visit['id']}/findings/{visit['findings'][0]['id']}/follow-up",
        data={"_csrf_token": csrf_of(own.text), "action": "x"})
    assert foreign.status_code == 404


VISIT_IDS = re.compile(r'<article class="card" id="visit-([0-9a-f-]{36})"')


async def test_console_and_api_answer_the_same_visits(client, make_tenant, page_login):
    """Issue 18: the page reads the API's list (core.patrols.service.visit_page): the same visits,
    newest first, of one customer with ``customer_id``, another company's not; a role the tenant
    keeps from visit logs (secret, DOMAIN §5.3) is refused by both, and neither audits a read of
    them (only top-secret reads are audited)."""
    tenant, other = await make_tenant(), await make_tenant()
    factory, office = await tenant.customer(name="苏州工厂"), await tenant.customer(name="无锡办公室")
    technician = await tenant.add_user("technician")
    made = []
    for customer, summary in ((factory, "一巡"), (office, "二巡"), (factory, "三巡")):
        answer = await tenant.post("/api/v1/service-visits", json={
            "kind": "quality_patrol", "customer_id": customer["id"], "visited_on": str(today()),
            "leader_id": tenant.admin_id, "summary": summary})
        assert answer.status_code == 201, answer.text
        made.append(answer.json()["id"])
    foreign = await other.post("/api/v1/service-visits", json={
        "kind": "quality_patrol", "customer_id": (await other.customer())["id"], "visited_on": str(today()),
        "leader_id": other.admin_id, "summary": "别家的巡检"})
    assert foreign.status_code == 201, foreign.text

    await page_login(tenant.slug, technician.admin_email)
    url = f"/t/{tenant.slug}/service-visits/"
    for params, expected in (({}, made[::-1]), ({"customer_id": factory["id"]}, [made[2], made[0]])):
        api = await technician.get("/api/v1/service-visits", params=params)
        page = await client.get(url, params=params)
        assert api.status_code == page.status_code == 200
        assert [v["id"] for v in api.json()["items"]] == VISIT_IDS.findall(page.text) == expected
        assert foreign.json()["id"] not in page.text
    assert (await tenant.get("/api/v1/confidentiality/audit")).json()["items"] == []

    await tenant.put("/api/v1/confidentiality/rules", json={"rules": {"secret": ["admin", "manager"]}})
    assert (await technician.get("/api/v1/service-visits")).status_code == 403
    refused = await client.get(url)
    assert refused.status_code == 403 and not VISIT_IDS.findall(refused.text)
