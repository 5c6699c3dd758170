"""The import pages: upload with a dry run, the per-row results table, running the checked rows,
a refused file beside its field, templates, and managers only."""

from __future__ import annotations

import re

from tests.core.imports.files import csv_file, upload, xlsx_file
from tests.web.helpers import csrf_of, pages_of


async def upload_page(client, slug: str, content: bytes, name: str, **fields):
    page = await client.get(f"/t/{slug}/imports")
    assert page.status_code == 200, page.text
    return await client.post(
        f"/t/{slug}/imports", data={"_csrf_token": csrf_of(page.text), **fields},
        files={"file": (name, content, "application/octet-stream")}, follow_redirects=False,
    )


async def test_dry_run_table_then_run(client, make_tenant, page_login):
    tenant = await make_tenant()
    await page_login(tenant.slug, tenant.admin_email)
    content = xlsx_file([["外部编号", "名称", "电话"], ["C1", "常州精工", "13800138000"], ["C2", "坏电话", "12"]])
    response = await upload_page(client, tenant.slug, content, "客户.xlsx", kind="customers", dry_run="on")
    assert response.status_code == 303, response.text
    detail = await client.get(response.headers["location"])
    assert detail.status_code == 200
    assert '<dd id="count-created">1</dd>' in detail.text and '<dd id="count-failed">1</dd>' in detail.text
    assert re.search(r"<td>电话</td><td>[^<]+</td>", detail.text), "the failed row names its column and reason"
    assert (await tenant.get("/api/v1/customers")).json()["items"] == []

    run_url = re.search(r'action="(/t/[^"]+/run)"', detail.text).group(1)
    ran = await client.post(run_url, data={"_csrf_token": csrf_of(detail.text)}, follow_redirects=False)
    assert ran.status_code == 303
    result = await client.get(ran.headers["location"])
    assert '<dd id="count-created">1</dd>' in result.text and "/run" not in result.text
    assert [c["name"] for c in (await tenant.get("/api/v1/customers")).json()["items"]] == ["常州精工"]
    index = await client.get(f"/t/{tenant.slug}/imports")
    assert "客户.xlsx" in index.text


async def test_console_and_api_answer_the_same_imports(client, make_tenant, page_login, monkeypatch):
    """Issue 18: the imports page reads the API's list (core.imports.queries.import_page): the
    same imports of the company, newest first, dry runs included, another company's not."""
    tenant, other = await make_tenant(), await make_tenant()
    content = csv_file([["外部编号", "名称"], ["C1", "常州精工"]])
    for n, dry_run in enumerate((True, False, True)):
        await upload(tenant, "customers", content, name=f"list-{n}.csv", dry_run=dry_run)
    await upload(other, "customers", content, name="other.csv")
    api = (await tenant.get("/api/v1/imports")).json()["items"]
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/imports")
    listed = re.findall(rf'<a href="/t/{tenant.slug}/imports/([0-9a-f-]{{36}})">', page.text)
    assert [j["id"] for j in api] == listed and [j["filename"] for j in api] == ["list-2.csv", "list-1.csv", "list-0.csv"]
    monkeypatch.setattr("core.web.imports.PAGE_SIZE", 1)  # one a page: "Next page" walks the API's order
    walked = await pages_of(client, f"/t/{tenant.slug}/imports")
    assert [i for html in walked for i in re.findall(rf'<a href="/t/{tenant.slug}/imports/([0-9a-f-]{{36}})">', html)] \
        == [j["id"] for j in api]


async def test_a_refused_file_comes_back_beside_its_field(client, make_tenant, page_login):
    tenant = await make_tenant()
    await page_login(tenant.slug, tenant.admin_email)
    response = await upload_page(client, tenant.slug, b"\x89PNG\r\n\x1a\n\x00\x00", "logo.png", kind="customers")
    assert response.status_code == 422
    assert 'id="file-error"' in response.text
    header_only = await upload_page(client, tenant.slug, csv_file([["名称", "颜色"]]), "x.csv", kind="customers")
    assert header_only.status_code == 422 and "颜色" in header_only.text


async def test_templates_and_managers_only(client, make_tenant, page_login):
    tenant = await make_tenant()
    await page_login(tenant.slug, tenant.admin_email)
    template = await client.get(f"/t/{tenant.slug}/imports/templates/assets.csv")
    assert template.status_code == 200 and "客户外部编号" in template.content.decode("utf-8-sig")
    agent = await tenant.add_user("agent")
    await page_login(tenant.slug, agent.admin_email)
    assert (await client.get(f"/t/{tenant.slug}/imports", follow_redirects=False)).status_code in (302, 303, 403)


async def test_the_customer_list_page_downloads_what_it_lists(client, make_tenant, page_login):
    import io

    from openpyxl import load_workbook

    tenant = await make_tenant()
    await tenant.customer(name="=1+1 客户")
    await tenant.customer(name="另一位")
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/customers/?q=另一")
    assert "/customers/export.xlsx?q=" in page.text
    found = await client.get(f"/t/{tenant.slug}/customers/export.xlsx?q=另一位")
    sheet = load_workbook(io.BytesIO(found.content)).worksheets[0]
    assert [row[1].value for row in sheet.iter_rows()] == ["名称", "另一位"]
    everyone = await client.get(f"/t/{tenant.slug}/customers/export.csv")
    assert "'=1+1 客户" in everyone.content.decode("utf-8-sig")


async def test_the_ticket_queue_page_downloads_its_filtered_queue(client, make_tenant, page_login):
    tenant = await make_tenant()
    customer = await tenant.customer()
    for kind in ("repair", "consultation"):
        await tenant.post("/api/v1/tickets", json={"kind": kind, "channel": "phone", "subject": f"{kind} 单",
                                                   "customer_id": customer["id"]})
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/tickets/?kind=repair")
    assert "/tickets/export.csv?" in page.text and "kind=repair" in page.text
    found = await client.get(f"/t/{tenant.slug}/tickets/export.csv?kind=repair")
    lines = found.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("服务单号,状态,登记时间,外部编号") and len(lines) == 2 and "repair 单" in lines[1]
