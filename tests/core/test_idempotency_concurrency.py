"""The same ``Idempotency-Key`` sent many times at once over real HTTP: the first request
creates, the others wait for it and replay its answer (status and body); nothing is created
twice. (The test client runs requests one at a time, so these go to ``live_server``.)"""

from __future__ import annotations

import asyncio
import uuid

import httpx

CONCURRENT = 50


async def burst(live_server, tenant, bodies: list[dict], key: str) -> list[httpx.Response]:
    async with httpx.AsyncClient(base_url=live_server, headers=tenant.headers, timeout=120) as http:
        return await asyncio.gather(*(
            http.post("/api/v1/customers", json=body, headers={"Idempotency-Key": key}) for body in bodies
        ))


async def test_concurrent_requests_with_one_key_replay_the_first_answer(live_server, tenant_a):
    key = f"burst-{uuid.uuid4().hex}"
    name = f"并发客户 {key}"
    responses = await burst(live_server, tenant_a, [{"name": name}] * CONCURRENT, key)
    assert [r.status_code for r in responses] == [201] * CONCURRENT, [
        r.text for r in responses if r.status_code != 201
    ][:3]
    assert all(r.json() == responses[0].json() for r in responses), "every answer is the first one's body"
    replays = [r for r in responses if r.headers.get("idempotent-replay") == "true"]
    assert len(replays) == CONCURRENT - 1
    listed = (await tenant_a.get("/api/v1/customers", params={"limit": 200})).json()["items"]
    assert [c["id"] for c in listed if c["name"] == name] == [responses[0].json()["id"]]


async def test_a_concurrent_request_with_the_key_and_another_body_is_409(live_server, tenant_a):
    key = f"mixed-{uuid.uuid4().hex}"
    bodies = [{"name": "甲"}] * 10 + [{"name": "乙"}] * 10
    responses = await burst(live_server, tenant_a, bodies, key)
    by_name: dict[str, set[int]] = {}
    for body, response in zip(bodies, responses, strict=True):
        by_name.setdefault(body["name"], set()).add(response.status_code)
    assert sorted(map(sorted, by_name.values())) == [[201], [409]], by_name
    conflict = next(r for r in responses if r.status_code == 409).json()
    assert "Idempotency-Key" in conflict["detail"]
    listed = (await tenant_a.get("/api/v1/customers", params={"limit": 200})).json()["items"]
    assert len([c for c in listed if c["name"] in ("甲", "乙")]) == 1
