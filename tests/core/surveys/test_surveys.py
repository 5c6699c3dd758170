"""Satisfaction questionnaires (DOMAIN §12, 003 篇3 10.1.2): sent by phone, letter, on site, fax or
e-mail; covering installation, operation, implementation, after-sales and training; results
analysed per period — per area the answers, the mean and the share satisfied (4 or 5), per channel
the count; the period's first and last days included, the day before and after not."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


def today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


async def answered(tenant, customer_id: str, day: date, channel: str = "phone", **scores) -> dict:
    answer = await tenant.post("/api/v1/surveys/responses", json={
        "customer_id": customer_id, "channel": channel, "answered_on": day.isoformat(), **scores})
    assert answer.status_code == 201, answer.text
    return answer.json()


async def test_domain_12_results_per_area_and_channel_over_a_period_edges_included(tenant_a):
    customer = await tenant_a.customer(name="华南经销商")
    end = today()
    start = end - timedelta(days=29)
    await answered(tenant_a, customer["id"], start, after_sales=5, training=3)          # the first day: in
    await answered(tenant_a, customer["id"], end, "letter", after_sales=4, installation=2)  # the last day: in
    await answered(tenant_a, customer["id"], end, "email", after_sales=2)
    await answered(tenant_a, customer["id"], start - timedelta(days=1), after_sales=1)  # the day before: out
    results = (await tenant_a.get("/api/v1/surveys/results",
                                  params={"start": start.isoformat(), "end": end.isoformat()})).json()
    assert results["responses"] == 3
    areas = {a["area"]: a for a in results["areas"]}
    assert list(areas) == ["installation", "operation", "implementation", "after_sales", "training"]
    assert areas["after_sales"] == {"area": "after_sales", "answers": 3, "mean": 3.67, "satisfied_rate": 0.6667}
    assert areas["installation"]["answers"] == 1 and areas["installation"]["satisfied_rate"] == 0.0
    assert areas["operation"] == {"area": "operation", "answers": 0, "mean": None, "satisfied_rate": None}
    assert results["channels"] == {"phone": 1, "letter": 1, "email": 1}


async def test_bad_answers_are_refused_naming_the_field(tenant_a, tenant_b):
    customer = await tenant_a.customer()
    for body, field in (({"after_sales": 6}, "after_sales"), ({}, "installation"),
                        ({"after_sales": 5, "channel": "pigeon"}, "channel"),
                        ({"after_sales": 5, "answered_on": (today() + timedelta(days=1)).isoformat()}, "answered_on")):
        answer = await tenant_a.post("/api/v1/surveys/responses", json={
            "customer_id": customer["id"], "channel": "phone", "answered_on": today().isoformat(), **body})
        assert answer.status_code in (400, 422) and answer.json()["errors"][0]["field"] == field, (body, answer.text)
    upside_down = await tenant_a.get("/api/v1/surveys/results", params={"start": today().isoformat(),
                                                                        "end": (today() - timedelta(days=1)).isoformat()})
    assert upside_down.status_code == 422 and upside_down.json()["errors"][0]["field"] == "end"
    theirs = await tenant_b.customer()
    foreign = await tenant_a.post("/api/v1/surveys/responses", json={
        "customer_id": theirs["id"], "channel": "phone", "answered_on": today().isoformat(), "after_sales": 5})
    assert foreign.status_code == 404
    await answered(tenant_a, customer["id"], today(), after_sales=5)
    mine = (await tenant_b.get("/api/v1/surveys/results", params={"start": today().isoformat(),
                                                                  "end": today().isoformat()})).json()
    assert mine["responses"] == 0  # never another company's answers
