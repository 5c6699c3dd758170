"""Importing assets (attributes validated exactly as ``POST /api/v1/assets`` validates them: the
type's JSON Schema and the plugin's ``shouhou_validate_asset``) and open tickets (the intake's
rules), each row's customer and asset named by external id inside the tenant only."""

from datetime import date, timedelta

from tests.core.imports.files import csv_file, upload, xlsx_file

ASSET_HEADER = ["外部编号", "客户外部编号", "类型", "型号", "购买日期", "属性.wattage_w", "属性.manufacture_date"]
TICKET_HEADER = ["external_id", "customer_external_id", "asset_external_id", "kind", "channel", "subject", "priority"]


async def seed_customers(tenant, *ids: str) -> None:
    rows = [["external_id", "name"], *([i, f"客户 {i}"] for i in ids)]
    job = (await upload(tenant, "customers", csv_file(rows))).json()
    assert job["created"] == len(ids), job


async def test_assets_typed_attributes_and_the_apis_own_errors(tenant_a):
    await tenant_a.enable("lighting")
    await seed_customers(tenant_a, "C1")
    future = (date.today() + timedelta(days=30)).isoformat()
    rows = [ASSET_HEADER,
            ["A1", "C1", "lighting.cfl", "CFL-24W", "2026/3/1", 24, "2025-12-01"],
            ["A2", "C1", "lighting.cfl", "", "", "-3", ""],
            ["A3", "C1", "lighting.cfl", "", "", "", future],
            ["A4", "C9", "lighting.cfl", "", "", "", ""],
            ["A5", "C1", "lighting.spaceship", "", "", "", ""],
            ["A6", "C1", "lighting.cfl", "", "2026-02-30", "", ""]]
    job = (await upload(tenant_a, "assets", xlsx_file(rows), name="assets.xlsx")).json()
    by_row = {r["row"]: r for r in job["results"]}
    assert by_row[2]["outcome"] == "created", by_row[2]
    assert by_row[3]["errors"][0]["column"] == "属性.wattage_w"
    assert by_row[4]["errors"] == [{"column": "属性.manufacture_date", "message": "is in the future"}]
    assert by_row[5]["errors"] == [{"column": "客户外部编号", "message": "no customer with this external id in this tenant"}]
    assert by_row[6]["errors"][0]["column"] == "类型"
    assert by_row[7]["errors"] == [{"column": "购买日期", "message": "not a date (YYYY-MM-DD)"}]

    customer_id = (await tenant_a.get("/api/v1/customers")).json()["items"][0]["id"]
    for row, attributes in ((3, {"wattage_w": -3}), (4, {"manufacture_date": future})):
        api = await tenant_a.post("/api/v1/assets", json={"customer_id": customer_id, "type": "lighting.cfl",
                                                          "attributes": attributes})
        assert api.status_code == 422
        assert [e["message"] for e in api.json()["errors"]] == [e["message"] for e in by_row[row]["errors"]]

    asset = (await tenant_a.get(f"/api/v1/assets/{by_row[2]['id']}")).json()
    assert asset["attributes"] == {"wattage_w": 24, "manufacture_date": "2025-12-01"}
    assert asset["purchase_date"] == "2026-03-01" and asset["model"] == "CFL-24W"

    rows[1][3] = "CFL-28W"
    again = (await upload(tenant_a, "assets", xlsx_file(rows[:2]), name="assets.xlsx")).json()
    assert (again["created"], again["updated"]) == (0, 1)
    assets = (await tenant_a.get("/api/v1/assets")).json()["items"]
    assert [a["model"] for a in assets] == ["CFL-28W"]
    fewer = [["外部编号", "客户外部编号", "类型", "属性.dealer"], ["A1", "C1", "lighting.cfl", "常州经销部"]]
    assert (await upload(tenant_a, "assets", csv_file(fewer))).json()["updated"] == 1
    kept = (await tenant_a.get("/api/v1/assets")).json()["items"][0]
    assert kept["model"] == "CFL-28W" and kept["purchase_date"] == "2026-03-01"
    assert kept["attributes"] == {"wattage_w": 24, "manufacture_date": "2025-12-01", "dealer": "常州经销部"}


async def test_open_tickets_import_once_and_update_by_external_id(tenant_a):
    await tenant_a.enable("lighting")
    await seed_customers(tenant_a, "C1", "C2")
    assets = [["外部编号", "客户外部编号", "类型"], ["A1", "C1", "lighting.cfl"]]
    assert (await upload(tenant_a, "assets", csv_file(assets))).json()["created"] == 1
    rows = [TICKET_HEADER,
            ["T1", "C1", "A1", "repair", "phone", "灯管不亮", "urgent"],
            ["T2", "C2", "A1", "repair", "phone", "别人的灯", ""],
            ["T3", "C1", "", "teleport", "pigeon", "x", ""],
            ["T4", "C1", "A9", "repair", "phone", "y", ""]]
    dry = (await upload(tenant_a, "tickets", csv_file(rows), dry_run=True)).json()
    assert (dry["created"], dry["failed"]) == (1, 3)
    assert (await tenant_a.get("/api/v1/tickets")).json()["items"] == []
    job = (await upload(tenant_a, "tickets", csv_file(rows))).json()
    assert [r["outcome"] for r in job["results"]] == ["created", "failed", "failed", "failed"]
    errors = {r["row"]: r["errors"] for r in job["results"]}
    assert errors[3] == [{"column": "asset_external_id", "message": "the asset belongs to another customer"}]
    assert errors[4][0]["column"] in ("kind", "channel")
    assert errors[5] == [{"column": "asset_external_id", "message": "no asset with this external id in this tenant"}]
    ticket = (await tenant_a.get(f"/api/v1/tickets/{job['results'][0]['id']}")).json()
    assert (ticket["status"], ticket["priority"], ticket["subject"]) == ("new", "urgent", "灯管不亮")

    rows[1][5] = "灯管不亮（两支）"
    again = (await upload(tenant_a, "tickets", csv_file(rows[:2]))).json()
    assert (again["created"], again["updated"]) == (0, 1)
    tickets = (await tenant_a.get("/api/v1/tickets")).json()["items"]
    assert [t["subject"] for t in tickets] == ["灯管不亮（两支）"]
    history = (await tenant_a.get(f"/api/v1/tickets/{ticket['id']}/events")).json()
    assert any(e["action"] == "imported" for e in history["items"]), history
