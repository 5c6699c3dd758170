"""The customer and asset lists download as CSV and XLSX in the import's columns: formula cells
neutralised, only the files the caller's role may read, and an exported list imports back."""

import csv
import io

from openpyxl import load_workbook

from tests.core.imports.files import csv_file, upload


async def test_customer_list_exports_escaped_and_imports_back(tenant_a):
    rows = [["external_id", "name", "phone", "is_company"], ["C1", "=HYPERLINK(\"http://x\")", "13800138000", "是"],
            ["C2", "普通客户", "", ""]]
    assert (await upload(tenant_a, "customers", csv_file(rows))).json()["created"] == 2
    exported = await tenant_a.get("/api/v1/customers/export.csv")
    assert exported.status_code == 200 and exported.headers["content-type"] == "text/csv; charset=utf-8"
    table = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert table[0][:2] == ["外部编号", "名称"]
    by_id = {row[0]: row for row in table[1:]}
    assert by_id["C1"][:3] == ["C1", "'=HYPERLINK(\"http://x\")", "'+8613800138000"]
    back = (await upload(tenant_a, "customers", exported.content)).json()
    assert (back["unchanged"], back["failed"]) == (2, 0), "the CSV's own escaping is undone on import"

    workbook = await tenant_a.get("/api/v1/customers/export.xlsx")
    sheet = load_workbook(io.BytesIO(workbook.content)).worksheets[0]
    cells = {c.value: c for row in sheet.iter_rows() for c in row}
    assert cells['=HYPERLINK("http://x")'].data_type == "s"
    again = (await upload(tenant_a, "customers", workbook.content, name="export.xlsx")).json()
    assert (again["created"], again["failed"]) == (0, 0), again
    assert again["unchanged"] == 2


async def test_roles_see_only_the_files_they_may_read(tenant_a):
    await upload(tenant_a, "customers", csv_file([["external_id", "name"], ["S1", "机密客户"]]))
    technician = await tenant_a.add_user("technician")
    listed = (await technician.get("/api/v1/customers")).json()["items"]
    exported = await technician.get("/api/v1/customers/export.csv")
    names = [r[1] for r in csv.reader(io.StringIO(exported.content.decode("utf-8-sig")))][1:]
    assert names == [c["name"] for c in listed]


async def test_asset_list_exports_attribute_columns(tenant_a):
    await tenant_a.enable("lighting")
    await upload(tenant_a, "customers", csv_file([["external_id", "name"], ["C1", "x"]]))
    rows = [["external_id", "customer_external_id", "type", "attributes.wattage_w"], ["A1", "C1", "lighting.cfl", "24"]]
    assert (await upload(tenant_a, "assets", csv_file(rows))).json()["created"] == 1
    exported = await tenant_a.get("/api/v1/assets/export.csv", headers={"Accept-Language": "en"})
    table = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert table[1][:3] == ["A1", "C1", "lighting.cfl"] and table[0][-1].endswith("wattage_w") and table[1][-1] == "24"
    back = (await upload(tenant_a, "assets", exported.content)).json()
    assert (back["unchanged"], back["failed"]) == (1, 0), back


async def test_ticket_list_exports_and_imports_back(tenant_a):
    await upload(tenant_a, "customers", csv_file([["external_id", "name"], ["C1", "x"]]))
    rows = [["external_id", "customer_external_id", "kind", "channel", "subject", "description"],
            ["T1", "C1", "repair", "phone", "@SUM(1)", "-5 度时不亮"]]
    assert (await upload(tenant_a, "tickets", csv_file(rows))).json()["created"] == 1
    await tenant_a.post("/api/v1/tickets", json={"kind": "consultation", "channel": "phone", "subject": "没有外部编号",
                                                 "customer_id": (await tenant_a.get("/api/v1/customers")).json()["items"][0]["id"]})
    exported = await tenant_a.get("/api/v1/tickets/export.xlsx?kind=repair")
    sheet = load_workbook(io.BytesIO(exported.content)).worksheets[0]
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    assert table[0][:5] == ["服务单号", "状态", "登记时间", "外部编号", "客户外部编号"]
    assert len(table) == 2 and table[1][1] == "new" and table[1][3:5] == ["T1", "C1"]
    assert "@SUM(1)" in table[1] and "-5 度时不亮" in table[1]
    back = (await upload(tenant_a, "tickets", exported.content, name="tickets.xlsx")).json()
    assert (back["unchanged"], back["failed"]) == (1, 0), back
