"""The major faults page (DOMAIN §12, 003 篇3 七): reported from the customer's page in the
tenant's wall-clock time, senior management informed by the responsible manager, the analysis
filed (all five parts, mistakes beside their fields) and sent."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.web.helpers import csrf_of, field_error


async def test_a_major_fault_through_the_pages(client, make_tenant, page_login):
    tenant = await make_tenant()
    customer = await tenant.customer(name="苏州工厂")
    owner = await tenant.add_user("agent", name="赵客服")
    await page_login(tenant.slug, tenant.admin_email)
    file_page = (await client.get(f"/t/{tenant.slug}/customers/{customer['id']}")).text
    link = re.search(r'href="(/t/[^"]+/major-faults/\?customer_id=[^"]+)"', file_page).group(1)
    page = await client.get(link)
    assert "客户：苏州工厂" in page.text
    token = csrf_of(page.text)
    url = f"/t/{tenant.slug}/major-faults/"
    an_hour_ago = (datetime.now(ZoneInfo("Asia/Shanghai")) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    made = await client.post(url, data={
        "_csrf_token": token, "customer_id": customer["id"], "occurred_at": an_hour_ago, "place": "3 号车间",
        "symptoms": "全部灯具熄灭", "plan": "立即上门", "account_owner_id": owner.admin_id,
        "manager_id": tenant.admin_id})
    assert made.status_code == 200 and "全部灯具熄灭" in made.text and "已报告" in made.text
    fault = (await tenant.get("/api/v1/major-faults")).json()["items"][0]
    informed = await client.post(f"{url}{fault['id']}/management-informed", data={"_csrf_token": token})
    assert "已通报公司领导" in informed.text
    partial = await client.post(f"{url}{fault['id']}/analysis", data={
        "_csrf_token": token, "impact": "停产", "handling": "换板", "root_cause": "", "corrective_actions": "加装",
        "preventive_actions": "巡检"})
    assert partial.status_code == 422 and field_error(partial.text, "root_cause")
    await client.post(f"{url}{fault['id']}/analysis", data={
        "_csrf_token": token, "impact": "停产", "handling": "换板", "root_cause": "雷击", "corrective_actions": "加装",
        "preventive_actions": "巡检"})
    sent = await client.post(f"{url}{fault['id']}/send", data={"_csrf_token": token})
    assert sent.status_code == 200 and "分析报告已发送" in sent.text and "雷击" in sent.text
    stored = (await tenant.get("/api/v1/major-faults")).json()["items"][0]
    local = datetime.fromisoformat(stored["occurred_at"]).astimezone(ZoneInfo("Asia/Shanghai"))
    assert local.strftime("%Y-%m-%dT%H:%M") == an_hour_ago  # the wall clock typed, in the tenant's zone


async def test_domain_5_the_analysis_is_shown_only_to_roles_that_may_read_secret_records(
        client, make_tenant, page_login):
    """A fault's analysis is an analysis report, a secret record (DOMAIN §5): a technician whose
    role may not read them sees the first report, not the analysis, and no form to file one."""
    tenant = await make_tenant()
    technician = await tenant.add_user("technician")
    customer = await tenant.customer(name="苏州工厂")
    fault = (await tenant.post("/api/v1/major-faults", json={
        "customer_id": customer["id"], "occurred_at": (datetime.now(ZoneInfo("Asia/Shanghai")) - timedelta(hours=1))
        .isoformat(), "place": "3 号车间", "symptoms": "全部灯具熄灭", "plan": "立即上门",
        "account_owner_id": tenant.admin_id, "manager_id": tenant.admin_id})).json()
    analysed = await tenant.post(f"/api/v1/major-faults/{fault['id']}/analysis", json={
        "impact": "停产", "handling": "换板", "root_cause": "雷击导致浪涌", "corrective_actions": "加装",
        "preventive_actions": "巡检"})
    assert analysed.status_code == 200, analysed.text
    await page_login(tenant.slug, technician.admin_email)
    shown = (await client.get(f"/t/{tenant.slug}/major-faults/")).text
    assert "雷击导致浪涌" in shown and "3 号车间" in shown
    changed = await tenant.put("/api/v1/confidentiality/rules", json={"rules": {"secret": ["admin", "manager"]}})
    assert changed.status_code == 200, changed.text
    withheld = await client.get(f"/t/{tenant.slug}/major-faults/")
    assert withheld.status_code == 200 and "3 号车间" in withheld.text
    assert "雷击导致浪涌" not in withheld.text and "机密" in withheld.text


FAULT_IDS = re.compile(r'<article class="card" id="fault-([0-9a-f-]{36})"')


async def reported(tenant, place: str) -> str:
    """A major fault an hour ago at a new customer of ``tenant``; its id."""
    answer = await tenant.post("/api/v1/major-faults", json={
        "customer_id": (await tenant.customer())["id"], "place": place, "symptoms": "全部灯具熄灭",
        "occurred_at": (datetime.now(ZoneInfo("Asia/Shanghai")) - timedelta(hours=1)).isoformat(), "plan": "立即上门",
        "account_owner_id": tenant.admin_id, "manager_id": tenant.admin_id})
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


async def test_console_and_api_answer_the_same_faults(client, make_tenant, page_login):
    """Issue 18: the page reads the API's list (core.faults.service.fault_page, the analyses through
    service.reads_analyses): the same faults, newest first, by status, another company's not; a role
    the tenant keeps from secret records (DOMAIN §5) gets the same rows without the analysis from
    both, and neither audits a read of it (only top-secret reads are audited)."""
    tenant, other = await make_tenant(), await make_tenant()
    technician = await tenant.add_user("technician")
    first, analysed, last = [await reported(tenant, f"{n} 号车间") for n in (1, 2, 3)]
    filed = await tenant.post(f"/api/v1/major-faults/{analysed}/analysis", json={
        "impact": "停产", "handling": "换板", "root_cause": "雷击导致浪涌", "corrective_actions": "加装",
        "preventive_actions": "巡检"})
    assert filed.status_code == 200, filed.text
    foreign = await reported(other, "别家车间")
    url = f"/t/{tenant.slug}/major-faults/"
    await page_login(tenant.slug, technician.admin_email)

    async def both(params: dict) -> tuple[list[dict], str]:
        api = await technician.get("/api/v1/major-faults", params=params)
        page = await client.get(url, params=params)
        assert api.status_code == page.status_code == 200
        assert [f["id"] for f in api.json()["items"]] == FAULT_IDS.findall(page.text)
        assert foreign not in page.text
        return api.json()["items"], page.text

    items, html = await both({})
    assert [f["id"] for f in items] == [last, analysed, first]
    assert items[1]["root_cause"] == "雷击导致浪涌" and "雷击导致浪涌" in html
    assert [f["id"] for f in (await both({"status": "analysed"}))[0]] == [analysed]
    assert [f["id"] for f in (await both({"status": "reported"}))[0]] == [last, first]

    await tenant.put("/api/v1/confidentiality/rules", json={"rules": {"secret": ["admin", "manager"]}})
    items, html = await both({})
    assert [f["id"] for f in items] == [last, analysed, first]
    assert items[1]["root_cause"] is None and "雷击导致浪涌" not in html and "机密" in html
    assert (await tenant.get("/api/v1/confidentiality/audit")).json()["items"] == []
