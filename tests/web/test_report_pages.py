"""The service-quality dashboard: the month's figures, server-side SVG charts with text
alternatives and data tables, six-month trends, the CSV export, and who may open it."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from tests.web.helpers import csrf_of


def this_month() -> str:
    return f"{datetime.now(ZoneInfo('Asia/Shanghai')):%Y-%m}"


async def tenant_with_activity(make_tenant):
    tenant = await make_tenant()
    technician = await tenant.add_user("technician", name="李师傅")
    customer = await tenant.customer(name="孙先生")
    ticket = (await tenant.post("/api/v1/tickets", json={
        "kind": "repair", "channel": "phone", "customer_id": customer["id"], "subject": "不亮"})).json()
    assigned = await tenant.post(f"/api/v1/tickets/{ticket['id']}/transitions",
                                 json={"action": "assign", "technician_id": technician.admin_id})
    assert assigned.status_code == 200, assigned.text
    for kind in ("quality", "service", "service"):
        response = await tenant.post("/api/v1/complaints", json={
            "type": kind, "customer_id": customer["id"], "description": "投诉"})
        assert response.status_code == 201, response.text
    return tenant


async def test_dashboard_draws_accessible_svg_charts_without_inline_style(client, make_tenant, page_login):
    tenant = await tenant_with_activity(make_tenant)
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/reports")
    assert page.status_code == 200, page.text
    html = page.text
    month = this_month()
    assert f"服务质量月报 {month}" in html
    assert " style=" not in html and "<style" not in html and "<script>" not in html
    assert "unsafe-inline" not in page.headers["content-security-policy"]
    for chart in ("sla", "satisfaction", "types", "steps", "workload"):
        assert f'aria-labelledby="chart-{chart}-title chart-{chart}-desc"' in html, chart
        assert f'<title id="chart-{chart}-title">' in html and f'<desc id="chart-{chart}-desc">' in html
    assert html.count("<details class=\"chart-data\">") == 5
    # Six months of trend, the chosen month last.
    first = (datetime.strptime(month, "%Y-%m") - relativedelta(months=5)).strftime("%Y-%m")
    assert first in html
    desc = re.search(r'<desc id="chart-types-desc">([^<]*)<', html).group(1)
    assert "产品质量: 1" in desc and "服务: 2" in desc
    assert "李师傅" in re.search(r'<desc id="chart-workload-desc">([^<]*)<', html).group(1)
    assert '<th scope="row">已记录</th><td>3</td>' in html
    assert f'href="/t/{tenant.slug}/reports/service-quality.csv?month={month}"' in html

    english = await client.post("/lang", data={"_csrf_token": csrf_of(html), "locale": "en",
                                               "next": f"/t/{tenant.slug}/reports?month={month}"})
    assert english.status_code == 200 and f"Service quality, {month}" in english.text
    assert "Complaints by type" in english.text and "Product quality: 1" in english.text


async def test_csv_export_matches_the_api(client, make_tenant, page_login):
    tenant = await tenant_with_activity(make_tenant)
    month = this_month()
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/reports/service-quality.csv", params={"month": month})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/csv")
    assert page.text.startswith("\ufeff") and "complaints,type:service,2" in page.text
    api = await tenant.get("/api/v1/reports/service-quality.csv", params={"month": month})
    assert page.text == api.text


async def test_a_bad_month_comes_back_beside_its_field(client, make_tenant, page_login):
    tenant = await make_tenant()
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/reports", params={"month": "2026-13"})
    assert page.status_code == 422 and 'id="month-error"' in page.text
    assert 'value="2026-13"' in page.text
    older = await client.get(f"/t/{tenant.slug}/reports", params={"month": "2025-03"})
    assert older.status_code == 200 and "服务质量月报 2025-03" in older.text and "2024-10" in older.text


async def test_only_admins_managers_and_viewers_open_the_reports(client, make_tenant, page_login):
    tenant = await make_tenant()
    for role, status in (("agent", 403), ("technician", 403), ("viewer", 200), ("manager", 200)):
        user = await tenant.add_user(role)
        await page_login(tenant.slug, user.admin_email)
        home = await client.get(f"/t/{tenant.slug}/")
        assert (f'href="/t/{tenant.slug}/reports"' in home.text) is (status == 200), role
        assert (await client.get(f"/t/{tenant.slug}/reports")).status_code == status, role
        csv = await client.get(f"/t/{tenant.slug}/reports/service-quality.csv")
        assert csv.status_code == status, role


async def test_another_tenants_reports_are_404(client, make_tenant, page_login):
    tenant_a, tenant_b = await make_tenant(), await make_tenant()
    await page_login(tenant_a.slug, tenant_a.admin_email)
    assert (await client.get(f"/t/{tenant_b.slug}/reports")).status_code == 404
    assert (await client.get(f"/t/{tenant_b.slug}/reports/service-quality.csv")).status_code == 404


async def test_the_months_report_shows_the_share_answered_within_three_rings_domain_12(make_tenant, client, page_login):
    tenant_a = await make_tenant()
    now = datetime.now(ZoneInfo("Asia/Shanghai"))
    await tenant_a.post("/api/v1/call-records", json={"calls": [
        {"external_id": "r1", "started_at": now.isoformat(), "ring_seconds": 4},
        {"external_id": "r2", "started_at": now.isoformat(), "ring_seconds": 20}]})
    await page_login(tenant_a.slug, tenant_a.admin_email)
    page = await client.get(f"/t/{tenant_a.slug}/reports", params={"month": now.strftime("%Y-%m")})
    assert "三声内接听（1 / 2）" in page.text and "50%" in page.text
    # The share is read from the call log, a secret record (DOMAIN §5): not shown to a role that may not read one.
    changed = await tenant_a.put("/api/v1/confidentiality/rules", json={"rules": {"secret": ["admin"]}})
    assert changed.status_code == 200, changed.text
    manager = await tenant_a.add_user("manager")
    await page_login(tenant_a.slug, manager.admin_email)
    hidden = await client.get(f"/t/{tenant_a.slug}/reports", params={"month": now.strftime("%Y-%m")})
    assert hidden.status_code == 200 and "三声内接听" not in hidden.text
