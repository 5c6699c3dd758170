"""The revisit worklist (DOMAIN §3): filters, due order, cursor pages, and tenant isolation."""

from __future__ import annotations


async def book(tenant, customer_id: str, due_from: str, due_by: str) -> dict:
    body = {"customer_id": customer_id, "due_from": due_from, "due_by": due_by, "reason": f"due {due_by}"}
    response = await tenant.post("/api/v1/revisits", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def test_domain_3_worklist_ordered_by_due_with_cursor_pages(make_tenant):
    tenant = await make_tenant()
    await tenant.put("/api/v1/revisits/settings", json={"quiet_hours": [], "dedupe_days": 0})
    customers = [await tenant.customer(name=f"客户{i}") for i in range(5)]
    dues = ["2031-01-20", "2031-01-05", "2031-01-10", "2031-01-05", "2031-02-01"]
    for customer, due in zip(customers, dues, strict=True):
        await book(tenant, customer["id"], "2031-01-01" if due < "2031-02-01" else "2031-01-25", due)
    seen, cursor = [], None
    while True:
        url = "/api/v1/revisits?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = (await tenant.get(url)).json()
        seen += [r["due_by"] for r in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == sorted(dues)
    early = (await tenant.get("/api/v1/revisits?due_before=2031-01-01")).json()["items"]
    assert sorted(r["due_by"] for r in early) == ["2031-01-05", "2031-01-05", "2031-01-10", "2031-01-20"]
    mine = (await tenant.get(f"/api/v1/revisits?customer_id={customers[4]['id']}")).json()["items"]
    assert [r["due_by"] for r in mine] == ["2031-02-01"]
    assert (await tenant.get("/api/v1/revisits?status=done")).json()["items"] == []


async def test_domain_3_worklist_bad_filters_are_4xx(make_tenant):
    tenant = await make_tenant()
    for query in ("status=finished", "cursor=%%%", "due_before=yesterday", "limit=0", "customer_id=nope"):
        response = await tenant.get(f"/api/v1/revisits?{query}")
        assert response.status_code in (400, 422), (query, response.text)


async def test_revisits_of_another_tenant_are_404_and_never_listed(make_tenant):
    tenant_a, tenant_b = await make_tenant(), await make_tenant()
    customer = await tenant_a.customer()
    revisit = await book(tenant_a, customer["id"], "2031-03-01", "2031-03-02")
    assert (await tenant_b.get(f"/api/v1/revisits/{revisit['id']}")).status_code == 404
    response = await tenant_b.post(f"/api/v1/revisits/{revisit['id']}/outcome", json={"outcome": "satisfied"})
    assert response.status_code == 404
    assert (await tenant_b.get("/api/v1/revisits")).json()["items"] == []
    assert (await tenant_b.get(f"/api/v1/revisits?customer_id={customer['id']}")).json()["items"] == []
    booking = {"customer_id": customer["id"], "due_from": "2031-03-01", "due_by": "2031-03-02", "reason": "x"}
    assert (await tenant_b.post("/api/v1/revisits", json=booking)).status_code == 404
    await tenant_b.put("/api/v1/revisits/settings", json={"quiet_hours": [], "dedupe_days": 9})
    assert (await tenant_a.get("/api/v1/revisits/settings")).json()["dedupe_days"] == 3
    stats = (await tenant_b.get("/api/v1/revisits/stats?month=2031-03")).json()
    assert stats["due"] == 0
    assert (await tenant_a.get(f"/api/v1/revisits/{revisit['id']}")).json()["status"] == "open"


async def test_revisits_need_a_token(client):
    assert (await client.get("/api/v1/revisits")).status_code == 401


async def test_domain_3_booking_checks_its_window(make_tenant):
    tenant = await make_tenant()
    customer = await tenant.customer()
    body = {"customer_id": customer["id"], "due_from": "2031-03-05", "due_by": "2031-03-01", "reason": "x"}
    response = await tenant.post("/api/v1/revisits", json=body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "due_by"
