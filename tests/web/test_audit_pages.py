"""The office audits page (DOMAIN §12, 001 篇1 办事处审计检查管理制度 第一–四条): linked from the
reports dashboard, an audit planned (a completion date before today refused beside its field,
costs typed in yuan kept in fen), the result recorded; there is no refusal button."""

from __future__ import annotations

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
    done = await client.post(f"{url}{audit['id']}/complete", data={"_csrf_token": csrf_of(made.text),
                                                                  "result": "帐实相符"})
    assert done.status_code == 200 and "帐实相符" in done.text
    assert (await tenant.get(f"/api/v1/office-audits/{audit['id']}")).json()["status"] == "done"
