"""The office audits page (DOMAIN §12, 001 篇1 办事处审计检查管理制度 第一–七条): linked from the
reports dashboard, an audit planned (a completion date before today refused beside its field,
costs typed in yuan kept in fen), approved by the marketing centre's vice president (第三条), the
result recorded, the written report sent (第六条), a problem ordered put right by the vice president
and reported done by the office's manager (第七条); there is no refusal button."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.web.helpers import csrf_of, field_error


def today():
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


async def test_domain_12_office_audit_through_the_pages(client, make_tenant, page_login):
    tenant = await make_tenant()
    head = await tenant.add_user("manager", name="华东经理")
    await tenant.patch(f"/api/v1/users/{head.admin_id}", json={"position": "regional_manager"})
    auditor = await tenant.add_user("agent", name="审计员")
    await page_login(tenant.slug, tenant.admin_email)
    assert "尚无人担任营销中心副总" in (await client.get(f"/t/{tenant.slug}/office-audits/")).text
    vp = await tenant.add_user("manager", name="营销副总")
    await tenant.patch(f"/api/v1/users/{vp.admin_id}", json={"position": "marketing_vice_president"})
    board = await client.get(f"/t/{tenant.slug}/reports/")
    url = f"/t/{tenant.slug}/office-audits/"
    assert f'href="{url}"' in board.text
    page = await client.get(url)
    assert page.status_code == 200 and "制定办事处审计计划" in page.text and "华东经理" in page.text
    form = {"_csrf_token": csrf_of(page.text), "office": "华东办事处", "office_manager_id": head.admin_id,
            "content": "帐目审计", "method": "unscheduled_surprise", "costs": "1234.56",
            f"auditor:{auditor.admin_id}": "on", "planned_completion_on": str(today() - timedelta(days=1))}
    late = await client.post(url, data=form)
    assert late.status_code == 422 and field_error(late.text, "planned_completion_on") == "完成时间不能早于今天（按本公司时区）"
    made = await client.post(url, data={**form, "planned_completion_on": str(today())})
    assert made.status_code == 200 and "华东办事处" in made.text and "不定期、突击" in made.text
    assert "¥1234.56" in made.text and "decline" not in made.text
    [audit] = (await tenant.get("/api/v1/office-audits")).json()["items"]
    assert audit["costs_fen"] == 123456
    assert "等待营销中心副总审批" in made.text and "批准计划" not in made.text  # the admin is not the VP
    early = await client.post(f"{url}{audit['id']}/complete", data={"_csrf_token": csrf_of(made.text),
                                                                   "result": "帐实相符"})
    assert early.status_code == 409 and "审计计划尚未批准" in early.text  # 第三条
    await page_login(tenant.slug, vp.admin_email)
    page = await client.get(url)
    assert "批准计划" in page.text
    approved = await client.post(f"{url}{audit['id']}/approve", data={"_csrf_token": csrf_of(page.text)})
    assert approved.status_code == 200 and "已批准" in approved.text
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(url)
    done = await client.post(f"{url}{audit['id']}/complete", data={"_csrf_token": csrf_of(page.text),
                                                                  "result": "帐实相符"})
    assert done.status_code == 200 and "帐实相符" in done.text and "上报营销中心副总" in done.text
    assert (await tenant.get(f"/api/v1/office-audits/{audit['id']}")).json()["status"] == "done"
    blank = await client.post(f"{url}{audit['id']}/report", data={"_csrf_token": csrf_of(done.text),
                                                                 "findings": " ", "problems": ""})
    assert blank.status_code == 422 and "不能为空" in blank.text
    reported = await client.post(f"{url}{audit['id']}/report", data={
        "_csrf_token": csrf_of(done.text), "findings": "备用金管理不规范", "problems": "备用金帐目不清\n\n"})
    assert reported.status_code == 200 and "审计书面报告" in reported.text and "备用金帐目不清" in reported.text
    [problem] = (await tenant.get(f"/api/v1/office-audits/{audit['id']}")).json()["report"]["problems"]
    await page_login(tenant.slug, vp.admin_email)
    page = await client.get(url)
    order_url = f"{url}{audit['id']}/problems/{problem['id']}/rectification"
    late = await client.post(order_url, data={"_csrf_token": csrf_of(page.text), "instruction": "清理",
                                              "due_on": str(today() - timedelta(days=1))})
    assert late.status_code == 422 and "完成期限不能早于今天" in late.text
    ordered = await client.post(order_url, data={"_csrf_token": csrf_of(page.text), "instruction": "清理备用金帐目",
                                                 "due_on": str(today())})
    assert ordered.status_code == 200 and "清理备用金帐目" in ordered.text and "已下达整改" in ordered.text
    await page_login(tenant.slug, head.admin_email)
    page = await client.get(url)
    assert "备用金管理不规范" in page.text  # the office's manager reads the report
    fixed = await client.post(f"{url}{audit['id']}/problems/{problem['id']}/rectified",
                              data={"_csrf_token": csrf_of(page.text), "note": "已清理"})
    assert fixed.status_code == 200 and "已清理" in fixed.text
    await page_login(tenant.slug, auditor.admin_email)
    assert "备用金管理不规范" in (await client.get(url)).text  # the group reads it too


AUDIT_IDS = re.compile(r'<article class="card" id="audit-([0-9a-f-]{36})"')


async def with_position(tenant, position: str, name: str):
    """A new manager holding ``position``."""
    user = await tenant.add_user("manager", name=name)
    assert (await tenant.patch(f"/api/v1/users/{user.admin_id}", json={"position": position})).status_code == 200
    return user


async def planned(tenant, head, auditor, method: str = "regular_announced") -> str:
    """An audit of ``head``'s office planned by the tenant's admin; its id."""
    answer = await tenant.post("/api/v1/office-audits", json={
        "office": "华东办事处", "office_manager_id": head.admin_id, "content": "帐目审计", "method": method,
        "planned_completion_on": str(today()), "costs_fen": 0, "auditor_ids": [auditor.admin_id]})
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


async def test_console_and_api_answer_the_same_audits(client, make_tenant, page_login):
    """Issue 18: the page reads the API's list (core.audits.service.audit_page): the same audits,
    newest first, by status, another company's not; a planned surprise audit is hidden from the
    manager of the office it surprises by both (第四条)."""
    tenant, other = await make_tenant(), await make_tenant()
    head, vp = await with_position(tenant, "regional_manager", "华东经理"), await with_position(
        tenant, "marketing_vice_president", "营销副总")
    auditor = await tenant.add_user("agent", name="审计员")
    approved = await planned(tenant, head, auditor)
    assert (await vp.post(f"/api/v1/office-audits/{approved}/approve")).status_code == 200
    surprise = await planned(tenant, head, auditor, "unscheduled_surprise")
    announced = await planned(tenant, head, auditor)
    foreign = await planned(other, await with_position(other, "regional_manager", "别家经理"),
                            await other.add_user("agent"))
    url = f"/t/{tenant.slug}/office-audits/"

    for who, params, expected in (
        (tenant, {}, [announced, surprise, approved]),
        (tenant, {"status": "planned"}, [announced, surprise]),
        (tenant, {"status": "approved"}, [approved]),
        (head, {}, [announced, approved]),
    ):
        api = await who.get("/api/v1/office-audits", params=params)
        await page_login(tenant.slug, who.admin_email)
        page = await client.get(url, params=params)
        assert api.status_code == page.status_code == 200
        assert [a["id"] for a in api.json()["items"]] == AUDIT_IDS.findall(page.text) == expected, (who.admin_email, params)
        assert foreign not in page.text
