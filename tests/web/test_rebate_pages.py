"""The agents' rebate statement page (DOMAIN §11, 003 交易返傭服務): the month's table, its status,
the CSV, who may open it, and another tenant's page."""

from __future__ import annotations

import re

from core.money import yuan


async def tenant_with_rebates(make_tenant):
    tenant = await make_tenant()
    agent = (await tenant.post("/api/v1/rebates/agents", json={"name": "华东代理", "rebate_percent": "3.5"})).json()
    sale = await tenant.post(f"/api/v1/rebates/agents/{agent['id']}/transactions",
                             json={"amount_fen": 123456, "occurred_on": "2025-03-10"})
    assert sale.status_code == 201, sale.text
    return tenant


def test_yuan_without_floats():
    assert [yuan(f) for f in (0, 5, 123456, -250)] == ["0.00", "0.05", "1234.56", "-2.50"]


async def test_statement_page_shows_each_agent_and_links_the_csv(client, make_tenant, page_login):
    """DOMAIN §11: the month's lines in yuan (3.5 % of ¥1234.56 = ¥43.21), due by the 6th, issued or not."""
    tenant = await tenant_with_rebates(make_tenant)
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/rebates", params={"month": "2025-03"})
    assert page.status_code == 200, page.text
    html = page.text
    assert "华东代理" in html and "¥1234.56" in html and "¥43.21" in html and "3.50" in html
    assert f'href="/t/{tenant.slug}/rebates/statement.csv?month=2025-03"' in html
    assert f'href="/t/{tenant.slug}/rebates"' in html, "in the menu"
    assert (await tenant.post("/api/v1/rebates/statements", json={"month": "2025-03"})).status_code == 201
    issued = await client.get(f"/t/{tenant.slug}/rebates", params={"month": "2025-03"})
    assert "badge-warn" in issued.text, "issued long after the 6th: late"

    csv = await client.get(f"/t/{tenant.slug}/rebates/statement.csv", params={"month": "2025-03"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert csv.text.startswith("\ufeff")
    assert "2025-03,华东代理,3.50,123456,4321,0,4321,0,4321" in csv.text
    assert "2025-03,total,,123456,4321,0,,,4321" in csv.text


async def test_a_bad_month_comes_back_beside_its_field(client, make_tenant, page_login):
    tenant = await make_tenant()
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/rebates", params={"month": "2026-13"})
    assert page.status_code == 422 and 'id="month-error"' in page.text and 'value="2026-13"' in page.text


async def test_the_desk_and_viewers_open_it_technicians_do_not(client, make_tenant, page_login):
    tenant = await make_tenant()
    for role, status in (("agent", 200), ("viewer", 200), ("manager", 200), ("technician", 403)):
        user = await tenant.add_user(role)
        await page_login(tenant.slug, user.admin_email)
        home = await client.get(f"/t/{tenant.slug}/")
        assert (f'href="/t/{tenant.slug}/rebates"' in home.text) is (status == 200), role
        assert (await client.get(f"/t/{tenant.slug}/rebates")).status_code == status, role
        assert (await client.get(f"/t/{tenant.slug}/rebates/statement.csv")).status_code == status, role


async def test_another_tenants_rebates_are_404(client, make_tenant, page_login):
    tenant_a = await tenant_with_rebates(make_tenant)
    tenant_b = await make_tenant()
    await page_login(tenant_b.slug, tenant_b.admin_email)
    assert (await client.get(f"/t/{tenant_a.slug}/rebates")).status_code == 404
    assert (await client.get(f"/t/{tenant_a.slug}/rebates/statement.csv")).status_code == 404
    own = await client.get(f"/t/{tenant_b.slug}/rebates", params={"month": "2025-03"})
    assert own.status_code == 200 and "华东代理" not in own.text


async def test_console_and_api_answer_the_same_statement_lines(client, make_tenant, page_login):
    """Issue 18: the page reads the API's statement (core.rebates.statements.statement): for the month
    asked, the same agents' lines in the same order (by name) with the same totals; another
    company's agent in neither; a technician is refused by both."""
    tenant, other = await make_tenant(), await make_tenant()

    async def agent(owner, name: str, sales: dict[str, int]) -> str:
        made = (await owner.post("/api/v1/rebates/agents", json={"name": name, "rebate_percent": "5"})).json()
        for day, fen in sales.items():
            sale = await owner.post(f"/api/v1/rebates/agents/{made['id']}/transactions",
                                    json={"amount_fen": fen, "occurred_on": day})
            assert sale.status_code == 201, sale.text
        return made["id"]

    c = await agent(tenant, "C 代理", {"2025-03-03": 30000})
    a = await agent(tenant, "A 代理", {"2025-03-10": 10000})
    b = await agent(tenant, "B 代理", {"2025-02-20": 20000, "2025-03-20": 5000})
    await agent(other, "A 别家代理", {"2025-03-10": 99900})
    await page_login(tenant.slug, tenant.admin_email)
    for month, expected in (("2025-03", [a, b, c]), ("2025-02", [b])):
        api = (await tenant.get(f"/api/v1/rebates/statements/{month}")).json()
        page = await client.get(f"/t/{tenant.slug}/rebates", params={"month": month})
        assert page.status_code == 200
        assert re.findall(r'<tr id="agent-([0-9a-f-]{36})"', page.text) == [line["agent_id"] for line in api["lines"]]
        assert [line["agent_id"] for line in api["lines"]] == expected, month
        assert f"¥{yuan(api['totals']['transactions_fen'])}" in page.text and "别家" not in page.text
    technician = await tenant.add_user("technician")
    assert (await technician.get("/api/v1/rebates/statements/2025-03")).status_code == 403
    await page_login(tenant.slug, technician.admin_email)
    assert (await client.get(f"/t/{tenant.slug}/rebates", params={"month": "2025-03"})).status_code == 403
