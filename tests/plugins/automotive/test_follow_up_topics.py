"""The two follow-up calls after a car repair talk about different things (DOMAIN §3 rule 3.10,
source 004 (三)5: 第二次跟踪服务内容避免重复), checked on the recorded calls through the API."""

from __future__ import annotations

import pytest

from tests.plugins.automotive.test_http_workflow import vehicle

FIRST, SECOND = "automotive.follow_up.first", "automotive.follow_up.second"


@pytest.fixture
async def shop(make_tenant):
    return await make_tenant(plugins=("automotive",))


@pytest.fixture
def revisit_of(open_revisit_window):
    """The case's revisit of ``rule_id``, on a day its window is open."""

    async def find(tenant, customer_id: str, rule_id: str) -> dict:
        items = (await tenant.get("/api/v1/revisits", params={"customer_id": customer_id})).json()["items"]
        [found] = [r for r in items if rule_id in r["rule_ids"]]
        await open_revisit_window(tenant, found["id"])
        return (await tenant.get(f"/api/v1/revisits/{found['id']}")).json()

    return find


async def repaired_car(tenant) -> dict:
    """A car repaired and collected: the ticket is closed, the first follow-up is due."""
    car = await vehicle(tenant)
    ticket = (await tenant.post("/api/v1/tickets", json={
        "kind": "repair", "channel": "visit", "customer_id": car["customer_id"], "asset_id": car["id"],
        "subject": "刹车异响"})).json()
    for action in ({"action": "resolve", "resolution": "更换刹车片"}, {"action": "close"}):
        response = await tenant.post(f"/api/v1/tickets/{ticket['id']}/transitions", json=action)
        assert response.status_code == 200, response.text
    return car


async def call(tenant, revisit: dict, topics: list[str] | None):
    body = {"outcome": "satisfied", **({"topics": topics} if topics is not None else {})}
    return await tenant.post(f"/api/v1/revisits/{revisit['id']}/outcome", json=body)


async def test_domain_3_10_second_follow_up_must_not_repeat_the_first_calls_topics(shop, revisit_of):
    """DOMAIN 3.10 (004 (三)5): the second call refuses a topic the first call covered; new topics pass."""
    car = await repaired_car(shop)
    first = await revisit_of(shop, car["customer_id"], FIRST)
    assert {"vehicle_use", "service_opinion", "car_care_tips"} <= set(first["topic_choices"])
    assert first["topic_choices"]["vehicle_use"] == "用车情况"
    done = await call(shop, first, ["vehicle_use", "service_opinion"])
    assert done.status_code == 200, done.text
    assert done.json()["topics"] == ["vehicle_use", "service_opinion"]

    second = await revisit_of(shop, car["customer_id"], SECOND)
    assert second["avoid_topics"] == ["vehicle_use", "service_opinion"]
    repeated = await call(shop, second, ["car_care_tips", "vehicle_use"])
    assert repeated.status_code == 422
    assert repeated.json()["errors"][0]["field"] == "topics" and "vehicle_use" in repeated.json()["errors"][0]["message"]
    assert (await shop.get(f"/api/v1/revisits/{second['id']}")).json()["status"] == "open", "nothing recorded"
    fresh = await call(shop, second, ["car_care_tips", "promotions"])
    assert fresh.status_code == 200, fresh.text
    assert fresh.json()["topics"] == ["car_care_tips", "promotions"]


async def test_domain_3_10_a_reached_call_records_its_topics_from_the_list(shop, revisit_of):
    """DOMAIN 3.10: without recorded topics the rule could not be checked; unknown ids are refused."""
    car = await repaired_car(shop)
    first = await revisit_of(shop, car["customer_id"], FIRST)
    missing = await call(shop, first, None)
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "topics"
    unknown = await call(shop, first, ["weather"])
    assert unknown.status_code == 422 and "weather" in unknown.json()["errors"][0]["message"]
    unreachable = await shop.post(f"/api/v1/revisits/{first['id']}/outcome", json={"outcome": "unreachable"})
    assert unreachable.status_code == 200, "an unanswered call talked about nothing"


async def test_domain_3_10_topics_of_another_case_do_not_count(shop, revisit_of):
    """DOMAIN 3.10: only the same case's first call counts; another repair starts afresh."""
    car_a, car_b = await repaired_car(shop), await repaired_car(shop)
    await call(shop, await revisit_of(shop, car_a["customer_id"], FIRST), ["vehicle_use"])
    await call(shop, await revisit_of(shop, car_b["customer_id"], FIRST), ["new_needs"])
    second_b = await revisit_of(shop, car_b["customer_id"], SECOND)
    assert second_b["avoid_topics"] == ["new_needs"]
    assert (await call(shop, second_b, ["vehicle_use"])).status_code == 200

