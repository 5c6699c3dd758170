"""API conventions: pagination, Idempotency-Key, error shape, OpenAPI, health (API.md "General")."""

import pytest


async def test_cursor_pagination_walks_every_item_once(tenant_a):
    names = [f"客户{i:02d}" for i in range(7)]
    for name in names:
        await tenant_a.customer(name=name)
    seen, cursor = [], None
    while True:
        url = "/api/v1/customers?limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = (await tenant_a.get(url)).json()
        assert len(page["items"]) <= 3
        seen += [c["name"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(names)), "newest first, each exactly once"


@pytest.mark.parametrize("query", ["limit=0", "limit=201", "cursor=%%%", "limit=abc"])
async def test_bad_pagination_is_4xx(tenant_a, query):
    response = await tenant_a.get(f"/api/v1/customers?{query}")
    assert 400 <= response.status_code < 500
    assert response.json()["errors"]


async def test_default_limit_is_50(tenant_a):
    for i in range(52):
        await tenant_a.customer(name=f"c{i}")
    page = (await tenant_a.get("/api/v1/customers")).json()
    assert len(page["items"]) == 50 and page["next_cursor"]


async def test_idempotency_key_replays_the_first_answer(tenant_a):
    headers = {"Idempotency-Key": "create-customer-1"}
    body = {"name": "幂等客户"}
    first = await tenant_a.post("/api/v1/customers", json=body, headers=headers)
    second = await tenant_a.post("/api/v1/customers", json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert len((await tenant_a.get("/api/v1/customers")).json()["items"]) == 1
    different = await tenant_a.post("/api/v1/customers", json={"name": "别的"}, headers=headers)
    assert different.status_code == 409


async def test_idempotency_keys_are_per_tenant(tenant_a, tenant_b):
    headers = {"Idempotency-Key": "same-key"}
    a = await tenant_a.post("/api/v1/customers", json={"name": "甲"}, headers=headers)
    b = await tenant_b.post("/api/v1/customers", json={"name": "甲"}, headers=headers)
    assert a.status_code == b.status_code == 201
    assert a.json()["id"] != b.json()["id"]


async def test_openapi_document_lists_the_contract(client):
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/v1/signup", "/api/v1/auth/login", "/api/v1/customers", "/api/v1/assets",
                 "/api/v1/plugins", "/api/v1/tenant/plugins/{name}", "/api/v1/users", "/health"):
        assert path in paths, path


async def test_malformed_json_is_400_not_500(tenant_a):
    response = await tenant_a.client.post(
        "/api/v1/customers", content=b"{not json", headers={**tenant_a.headers, "Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert "detail" in response.json()


async def test_ids_are_random_uuids_not_sequential(tenant_a):
    a, b = await tenant_a.customer(), await tenant_a.customer()
    assert a["id"] != b["id"] and len(a["id"]) == 36 and a["id"][14] == "7", "UUIDv7"
