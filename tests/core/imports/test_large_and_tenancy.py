"""Large files run by the worker a chunk at a time with pollable progress; imports write into the
caller's tenant only and resolve every external id inside it."""

from core.imports import service
from core.worker.runner import drain
from tests.core.imports.files import csv_file, upload


async def test_large_file_is_queued_and_the_worker_reports_progress(tenant_a, shouhou_sessions, shouhou_plugins):
    await drain(shouhou_sessions, shouhou_plugins, "sweeper")  # earlier tests' jobs
    count = service.INLINE_ROWS + service.CHUNK + 10
    rows = [["外部编号", "名称", "电话"], *([f"C{i}", f"客户{i}", f"1380013{i:04d}"] for i in range(count))]
    rows[5][2] = "12"
    response = await upload(tenant_a, "customers", csv_file(rows, "gb18030"))
    job = response.json()
    assert (job["status"], job["total"], job["processed"], job["results"]) == ("queued", count, 0, [])

    ran = await drain(shouhou_sessions, shouhou_plugins, "import-worker", max_jobs=1)
    assert [r.kind for r in ran] == ["imports.run"] and ran[0].ok
    polled = (await tenant_a.get(f"/api/v1/imports/{job['id']}")).json()
    assert (polled["status"], polled["processed"]) == ("running", service.CHUNK)
    assert polled["created"] + polled["failed"] == service.CHUNK

    await drain(shouhou_sessions, shouhou_plugins, "import-worker")
    done = (await tenant_a.get(f"/api/v1/imports/{job['id']}")).json()
    assert (done["status"], done["processed"], done["created"], done["failed"]) == ("done", count, count - 1, 1)
    failed = [r for r in done["results"] if r["outcome"] == "failed"]
    assert failed == [{"row": 6, "outcome": "failed", "external_id": "C4", "id": None,
                       "errors": [{"column": "电话", "message": failed[0]["errors"][0]["message"]}]}]
    listed = (await tenant_a.get("/api/v1/imports")).json()["items"]
    assert listed[0]["id"] == job["id"] and "results" not in listed[0]


async def test_ids_resolve_inside_the_callers_tenant_only(tenant_a, tenant_b):
    await tenant_a.enable("lighting")
    await tenant_b.enable("lighting")
    shared = csv_file([["external_id", "name"], ["C1", "同名编号"]])
    assert (await upload(tenant_b, "customers", shared)).json()["created"] == 1
    assert (await upload(tenant_a, "customers", shared)).json()["created"] == 1, "external ids are per tenant"

    b_assets = csv_file([["external_id", "customer_external_id", "type"], ["B-ONLY", "C1", "lighting.cfl"]])
    assert (await upload(tenant_b, "assets", b_assets)).json()["created"] == 1
    only_in_b = csv_file([["external_id", "customer_external_id", "type"], ["A1", "C-B", "lighting.cfl"]])
    await upload(tenant_b, "customers", csv_file([["external_id", "name"], ["C-B", "B 的客户"]]))
    job = (await upload(tenant_a, "assets", only_in_b)).json()
    assert job["results"][0]["errors"][0]["message"] == "no customer with this external id in this tenant"
    ticket = csv_file([["external_id", "customer_external_id", "asset_external_id", "kind", "channel", "subject"],
                       ["T1", "C1", "B-ONLY", "repair", "phone", "x"]])
    job = (await upload(tenant_a, "tickets", ticket)).json()
    assert job["results"][0]["errors"][0]["message"] == "no asset with this external id in this tenant"

    a_customers = (await tenant_a.get("/api/v1/customers")).json()["items"]
    b_customers = (await tenant_b.get("/api/v1/customers")).json()["items"]
    assert [c["name"] for c in a_customers] == ["同名编号"] and len(b_customers) == 2
    b_job = (await tenant_b.get("/api/v1/imports")).json()["items"][0]
    assert (await tenant_a.get(f"/api/v1/imports/{b_job['id']}")).status_code == 404
    assert all(j["id"] != b_job["id"] for j in (await tenant_a.get("/api/v1/imports")).json()["items"])


async def test_checking_rows_costs_the_same_queries_for_5_or_150_rows(tenant_a, shouhou_app):
    """No query per row: a chunk's external ids are looked up together."""
    from tests.web.test_customer_pages import counting

    await upload(tenant_a, "customers", csv_file([["external_id", "name"], *([f"E{i}", "x"] for i in range(0, 150, 2))]))
    counts = []
    for size in (5, 150):
        content = csv_file([["external_id", "name"], *([f"E{i}", f"客户{i}"] for i in range(size))])
        with counting(shouhou_app) as statements:
            job = (await upload(tenant_a, "customers", content, dry_run=True)).json()
        assert job["failed"] == 0
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
