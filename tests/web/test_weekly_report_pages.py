"""The weekly report page (DOMAIN §12, 003 篇3 四): a technician writes the week's report once
(every mistake beside its field) and sees it on time or late; a manager reads the team's and who
still owes one; another company sees nothing."""

from __future__ import annotations

import re
from datetime import date, timedelta
from uuid import UUID

from sqlalchemy import func, select

from core.confidentiality.models import AuditedRead
from core.db.tenancy import bind_tenant
from tests.web.helpers import csrf_of, field_error


async def test_a_technician_reports_and_the_manager_sees_who_owes_one(client, make_tenant, page_login):
    tenant, other = await make_tenant(), await make_tenant()
    li = await tenant.add_user("technician", name="李师傅")
    await tenant.add_user("technician", name="王师傅")
    await page_login(tenant.slug, li.admin_email)
    url = f"/t/{tenant.slug}/weekly-report/"
    page = await client.get(url)
    assert page.status_code == 200 and "提交周报" in page.text and "周五中午" in page.text
    assert 'href="/t/' + tenant.slug + '/weekly-report/"' in page.text  # in the technician's navigation
    token = csrf_of(page.text)
    empty = await client.post(url, data={"_csrf_token": token, "situations": "上门 12 次", "feedback": ""})
    assert empty.status_code == 422 and field_error(empty.text, "feedback")
    assert "上门 12 次" in empty.text  # what was typed stays
    sent = await client.post(url, data={"_csrf_token": token, "situations": "上门 12 次", "feedback": "客户满意"})
    assert sent.status_code == 200 and "已保存" in sent.text and "提交周报" not in sent.text
    assert "按时" in sent.text or "迟交" in sent.text

    await page_login(tenant.slug, tenant.admin_email)
    team = (await client.get(url)).text
    assert "团队周报" in team and "李师傅" in team and "客户满意" in team
    assert "尚未提交：</strong> 王师傅" in team
    await page_login(other.slug, other.admin_email)
    assert "客户满意" not in (await client.get(f"/t/{other.slug}/weekly-report/")).text


async def test_domain_5_the_teams_reports_are_shown_only_to_roles_that_may_read_secret_records(
        client, make_tenant, page_login):
    """Weekly reports are work diaries, secret records (DOMAIN §5): a manager whose role may not
    read them is refused the team's page; the technician still writes and reads their own."""
    tenant = await make_tenant()
    li, manager = await tenant.add_user("technician", name="李师傅"), await tenant.add_user("manager")
    sent = await li.post("/api/v1/weekly-reports", json={"situations": "上门 12 次", "feedback": "客户满意"})
    assert sent.status_code == 201, sent.text
    changed = await tenant.put("/api/v1/confidentiality/rules", json={"rules": {"secret": ["admin", "technician"]}})
    assert changed.status_code == 200, changed.text
    await page_login(tenant.slug, manager.admin_email)
    refused = await client.get(f"/t/{tenant.slug}/weekly-report/")
    assert refused.status_code == 403 and "客户满意" not in refused.text
    await page_login(tenant.slug, li.admin_email)
    own = await client.get(f"/t/{tenant.slug}/weekly-report/")
    assert own.status_code == 200 and "客户满意" in own.text


REPORT_IDS = re.compile(r'<article class="card" id="report-([0-9a-f-]{36})"')


async def audit_rows(shouhou_sessions, tenant) -> int:
    """How many reads the company's audit log holds."""
    async with shouhou_sessions() as session:
        bind_tenant(session, UUID(tenant.id))
        return await session.scalar(select(func.count()).select_from(AuditedRead))


async def test_console_and_api_answer_the_same_reports(client, make_tenant, page_login, shouhou_sessions):
    """Issue 18: the page reads the API's list (core.weekly.service.week): the company's reports of
    the week asked, in the order they came in, and who still owes one; a technician only their own;
    a manager whose role may not read secret records (DOMAIN §5) refused by both; a read the API
    audits audited by the page alike; another company's reports on neither."""
    tenant, other = await make_tenant(), await make_tenant()
    this_week = date.fromisoformat((await tenant.get("/api/v1/weekly-reports")).json()["week_start"])
    last_week = (this_week - timedelta(days=7)).isoformat()
    technicians = [await tenant.add_user("technician", name=name) for name in ("李师傅", "王师傅", "赵师傅")]
    await tenant.add_user("technician", name="钱师傅")
    made = []
    for n, technician in enumerate(technicians):
        sent = await technician.post("/api/v1/weekly-reports", json={"situations": f"上门 {n} 次", "feedback": "满意"})
        assert sent.status_code == 201, sent.text
        made.append(sent.json()["id"])
    earlier = await technicians[0].post("/api/v1/weekly-reports", json={
        "situations": "上周上门", "feedback": "满意", "week_start": last_week})
    assert earlier.status_code == 201, earlier.text
    stranger = await other.add_user("technician")
    theirs = await stranger.post("/api/v1/weekly-reports", json={"situations": "别家的周报", "feedback": "满意"})
    assert theirs.status_code == 201, theirs.text

    url = f"/t/{tenant.slug}/weekly-report/"
    await page_login(tenant.slug, tenant.admin_email)
    for api_params, page_params, expected in (({}, {}, made), ({"week_start": last_week}, {"week": last_week},
                                                                [earlier.json()["id"]])):
        before = await audit_rows(shouhou_sessions, tenant)
        api = (await tenant.get("/api/v1/weekly-reports", params=api_params)).json()
        by_api = await audit_rows(shouhou_sessions, tenant)
        page = await client.get(url, params=page_params)
        assert page.status_code == 200
        assert await audit_rows(shouhou_sessions, tenant) - by_api == by_api - before
        assert [r["id"] for r in api["reports"]] == REPORT_IDS.findall(page.text) == expected
        assert "别家的周报" not in page.text
    owed = re.search(r"尚未提交：</strong> ([^<]*)</p>", page.text).group(1).split("、")
    assert len(api["missing"]) == 3 and sorted(owed) == sorted(["王师傅", "赵师傅", "钱师傅"])

    api = (await technicians[1].get("/api/v1/weekly-reports")).json()
    await page_login(tenant.slug, technicians[1].admin_email)
    page = (await client.get(url)).text
    assert [r["id"] for r in api["reports"]] == [made[1]] and "上门 1 次" in page
    assert "上门 0 次" not in page and "上门 2 次" not in page

    manager = await tenant.add_user("manager")
    changed = await tenant.put("/api/v1/confidentiality/rules", json={"rules": {"secret": ["admin", "technician"]}})
    assert changed.status_code == 200, changed.text
    assert (await manager.get("/api/v1/weekly-reports")).status_code == 403
    await page_login(tenant.slug, manager.admin_email)
    assert (await client.get(url)).status_code == 403
