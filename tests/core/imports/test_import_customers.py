"""Importing customers (issue 15 item 3): dry run vs run, idempotent re-import by external id,
per-row errors with row number and column, zh and en headers, the three CSV encodings and XLSX."""

import pytest

from tests.core.imports.files import csv_file, upload, xlsx_file

HEADER_ZH = ["外部编号", "名称", "电话", "省份", "单位客户"]
HEADER_EN = ["external_id", "name", "phone", "province", "is_company"]


async def customers_of(tenant) -> list[dict]:
    return (await tenant.get("/api/v1/customers?limit=100")).json()["items"]


async def test_dry_run_reports_every_row_and_writes_nothing(tenant_a):
    content = csv_file([HEADER_ZH, ["C1", "常州精工机械厂", "13800138000", "江苏", "是"],
                        ["C2", "", "13800138001", "江苏", "否"],
                        ["C3", "王先生", "12", "亚特兰蒂斯", "也许"]])
    response = await upload(tenant_a, "customers", content, dry_run=True)
    assert response.status_code == 201, response.text
    job = response.json()
    assert (job["dry_run"], job["status"], job["total"], job["processed"]) == (True, "done", 3, 3)
    assert (job["created"], job["failed"]) == (1, 2)
    by_row = {r["row"]: r for r in job["results"]}
    assert by_row[2]["outcome"] == "created"
    assert by_row[3]["errors"] == [{"column": "名称", "message": "required"}]
    assert {e["column"] for e in by_row[4]["errors"]} == {"电话", "省份", "单位客户"}
    assert await customers_of(tenant_a) == [], "a dry run writes nothing"
    assert (await tenant_a.get(f"/api/v1/imports/{job['id']}")).json()["results"] == job["results"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
async def test_run_then_reimport_updates_and_never_duplicates(tenant_a, encoding):
    first = csv_file([HEADER_ZH, ["C1", "常州精工机械厂", "13800138000", "江苏", "是"],
                      ["C2", "无锡客户", "", "320000", ""]], encoding)
    job = (await upload(tenant_a, "customers", first)).json()
    assert (job["created"], job["updated"], job["failed"]) == (2, 0, 0)
    names = sorted(c["name"] for c in await customers_of(tenant_a))
    assert names == ["常州精工机械厂", "无锡客户"]
    assert all(r["id"] for r in job["results"])

    again = (await upload(tenant_a, "customers", first)).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    changed = csv_file([HEADER_ZH, ["C1", "常州精工机械厂（新厂）", "13800138000", "江苏", "是"]], encoding)
    third = (await upload(tenant_a, "customers", changed)).json()
    assert (third["created"], third["updated"]) == (0, 1)
    customers = await customers_of(tenant_a)
    assert len(customers) == 2
    renamed = next(c for c in customers if c["id"] == job["results"][0]["id"])
    assert renamed["name"] == "常州精工机械厂（新厂）" and renamed["is_company"] is True
    assert renamed["phone"] == "+8613800138000" and renamed["province"] == "320000"


async def test_xlsx_with_english_headers_and_numbers_typed_as_numbers(tenant_a):
    content = xlsx_file([HEADER_EN, ["X1", "Suzhou Optics", 13800138000, "江苏", "yes"]])
    job = (await upload(tenant_a, "customers", content, name="list.xlsx")).json()
    assert job["file_format"] == "xlsx" and job["created"] == 1, job
    assert (await customers_of(tenant_a))[0]["phone"] == "+8613800138000"


async def test_bad_rows_fail_alone_and_write_nothing_of_themselves(tenant_a):
    content = csv_file([HEADER_EN, ["G1", "Good", "", "", ""], ["B1", "Bad", "abc", "", ""],
                        ["G1", "Repeated", "", "", ""], ["", "No id", "", "", ""]])
    job = (await upload(tenant_a, "customers", content)).json()
    assert (job["created"], job["failed"]) == (1, 3)
    errors = {r["row"]: r["errors"] for r in job["results"] if r["errors"]}
    assert errors[3][0]["column"] == "phone"
    assert errors[4] == [{"column": "external_id", "message": "repeats row 2"}]
    assert errors[5][0]["column"] == "external_id"
    assert [c["name"] for c in await customers_of(tenant_a)] == ["Good"]


@pytest.mark.parametrize(
    ("header", "reason"),
    [(["external_id", "name", "colour"], "unknown column 'colour'"),
     (["external_id", "phone"], "missing required column"),
     (["name", "name", "external_id"], "appears twice")],
)
async def test_header_problems_refuse_the_whole_file(tenant_a, header, reason):
    response = await upload(tenant_a, "customers", csv_file([header, ["1", "x", "y"]]))
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "file" and reason in body["errors"][0]["message"]


async def test_templates_download_in_both_formats_and_import_back(tenant_a):
    csv_template = await tenant_a.get("/api/v1/imports/templates/customers.csv")
    assert csv_template.status_code == 200 and csv_template.content.startswith(b"\xef\xbb\xbf")
    assert "外部编号*" in csv_template.content.decode("utf-8-sig").splitlines()[0]
    xlsx_template = await tenant_a.get("/api/v1/imports/templates/customers.xlsx?lang=en")
    assert xlsx_template.headers["content-type"].startswith("application/vnd.openxmlformats")
    job = (await upload(tenant_a, "customers", xlsx_template.content, name="t.xlsx", dry_run=True)).json()
    assert job["failed"] == 0 and job["created"] == 1
    assert (await tenant_a.get("/api/v1/imports/templates/robots.xlsx")).status_code == 422


async def test_only_managers_import(tenant_a):
    agent = await tenant_a.add_user("agent")
    response = await upload(agent, "customers", csv_file([HEADER_EN, ["1", "x", "", "", ""]]))
    assert response.status_code == 403


async def test_a_checked_dry_run_runs_once_without_sending_the_file_again(tenant_a, tenant_b):
    content = csv_file([HEADER_EN, ["R1", "先检查", "", "", ""], ["R2", "", "", "", ""]])
    dry = (await upload(tenant_a, "customers", content, dry_run=True)).json()
    assert (await tenant_b.post(f"/api/v1/imports/{dry['id']}/run")).status_code == 404
    run = await tenant_a.post(f"/api/v1/imports/{dry['id']}/run")
    assert run.status_code == 201, run.text
    job = run.json()
    assert (job["dry_run"], job["created"], job["failed"], job["id"] != dry["id"]) == (False, 1, 1, True)
    assert [r["errors"] for r in job["results"]][1] == [{"column": "name", "message": "required"}]
    assert (await tenant_a.post(f"/api/v1/imports/{dry['id']}/run")).status_code == 409
    assert (await tenant_a.post(f"/api/v1/imports/{job['id']}/run")).status_code == 409
    assert [c["name"] for c in await customers_of(tenant_a)] == ["先检查"]


async def test_a_reimport_with_fewer_columns_keeps_what_it_leaves_out(tenant_a):
    full = csv_file([["external_id", "name", "phone", "address", "is_member"],
                     ["K1", "老客户", "13800138000", "常州市", "是"]])
    await upload(tenant_a, "customers", full)
    names_only = (await upload(tenant_a, "customers", csv_file([["external_id", "name"], ["K1", "老客户（改名）"]]))).json()
    assert names_only["updated"] == 1
    customer = (await customers_of(tenant_a))[0]
    assert (customer["name"], customer["phone"], customer["address"], customer["is_member"]) == (
        "老客户（改名）", "+8613800138000", "常州市", True)
    cleared = csv_file([["external_id", "name", "address"], ["K1", "老客户（改名）", ""]])
    assert (await upload(tenant_a, "customers", cleared)).json()["updated"] == 1
    assert (await customers_of(tenant_a))[0]["address"] is None, "a present empty cell clears"
