"""Tenant isolation (STYLE: every id resolved inside the tenant): tenant B cannot read, change,
rotate, remove or replay tenant A's webhook endpoints and deliveries, and A's events never reach
B's endpoints. Each answer is the same 404 as for an id nobody has."""

from __future__ import annotations

import uuid

from tests.core.webhooks.conftest import deliveries_of, make_endpoint, open_ticket

URL = "/api/v1/webhooks"


async def test_tenant_b_cannot_touch_tenant_a_webhooks(
    tenant_a, tenant_b, private_admin, receiver, delivery_policy, drain
):
    a, b = private_admin(tenant_a), private_admin(tenant_b)
    endpoint = await make_endpoint(a, receiver.url, ["*"])
    b_endpoint = await make_endpoint(b, receiver.url, ["*"])
    await open_ticket(tenant_a)
    await drain()
    [sent] = await deliveries_of(a, endpoint["id"])
    assert sent["status"] == "delivered"
    assert await deliveries_of(b, b_endpoint["id"]) == [], "A's events never reach B's endpoints"

    nobody = str(uuid.uuid4())
    for target in (endpoint["id"], nobody):
        answers = [
            await b.get(f"{URL}/endpoints/{target}"),
            await b.patch(f"{URL}/endpoints/{target}", json={"url": receiver.url}),
            await b.post(f"{URL}/endpoints/{target}/rotate-secret"),
            await b.get(f"{URL}/endpoints/{target}/deliveries"),
            await b.client.delete(f"{URL}/endpoints/{target}", headers=b.headers),
        ]
        assert [r.status_code for r in answers] == [404] * 5, [r.text for r in answers]
    for target in (sent["id"], nobody):
        answers = [await b.get(f"{URL}/deliveries/{target}"), await b.post(f"{URL}/deliveries/{target}/replay")]
        assert [r.status_code for r in answers] == [404, 404]
        assert answers[0].json()["detail"] == "no such webhook delivery"
    assert [e["id"] for e in (await b.get(f"{URL}/endpoints")).json()["items"]] == [b_endpoint["id"]]

    mine = (await a.get(f"{URL}/endpoints/{endpoint['id']}")).json()
    assert mine["url"] == receiver.url and mine["enabled"], "A's endpoint is untouched"
    assert (await a.get(f"{URL}/deliveries/{sent['id']}")).json()["attempts"] == 1, "and was not replayed"
