"""Batch quality issues through the HTTP API (DOMAIN §2 批量质量异议 and §6, source 001 §1 第三条):
a dealer reports, a technician visits within 2 days, a confirmed issue is returned in full and
the company pays all freight."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

REPORTS = "/api/v1/p/lighting/batch-quality"


def today() -> date:
    """The tenant's business day (tenants default to Asia/Shanghai, DOMAIN §0)."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


@pytest.fixture
async def lit(make_tenant):
    return await make_tenant(plugins=("lighting",))


async def report(tenant, reported_on=None, **fields) -> dict:
    dealer = await tenant.customer(name="华南灯饰经销部")
    body = {"dealer_id": dealer["id"], "product": "lighting.cfl", "quantity": 500,
            "description": "同批次节能灯大量不亮", "spray_code": "2405B", **fields}
    if reported_on:
        body["reported_on"] = str(reported_on)
    response = await tenant.post(REPORTS + "/", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def visit(tenant, report_id, confirmed=True, visited_on=None):
    body = {"technician": "技术部 陈工", "confirmed": confirmed, "finding": "镇流器批次缺陷"}
    if visited_on:
        body["visited_on"] = str(visited_on)
    return await tenant.post(f"{REPORTS}/{report_id}/visit", json=body)


async def test_a_confirmed_batch_is_returned_in_full_at_the_companys_freight(lit):
    """DOMAIN §2 / §6: confirmed by the technician → full return, the company pays all freight."""
    created = await report(lit, reported_on="2024-05-06")
    assert (created["status"], created["visit_due_by"]) == ("reported", "2024-05-08")
    visited = (await visit(lit, created["id"], visited_on="2024-05-07")).json()
    assert (visited["status"], visited["confirmed"], visited["full_return"], visited["freight_payer"]) == (
        "confirmed", True, True, "company")
    assert visited["technician"] == "技术部 陈工" and visited["visit_overdue"] is False
    returned = await lit.post(f"{REPORTS}/{created['id']}/return",
                              json={"freight_fen": 128000, "returned_on": "2024-05-09", "carrier": "德邦物流"})
    assert returned.status_code == 200, returned.text
    body = returned.json()
    assert (body["status"], body["returned_quantity"], body["freight_fen"], body["freight_payer"]) == (
        "returned", 500, 128000, "company")
    assert (await lit.get(f"{REPORTS}/{created['id']}")).json() == body


async def test_an_unconfirmed_batch_is_not_returned(lit):
    """DOMAIN §2: only a confirmed quality problem is returned in full at the company's cost."""
    created = await report(lit)
    visited = (await visit(lit, created["id"], confirmed=False)).json()
    assert (visited["status"], visited["full_return"], visited["freight_payer"]) == ("not_confirmed", False, None)
    refused = await lit.post(f"{REPORTS}/{created['id']}/return", json={"freight_fen": 100})
    assert refused.status_code == 409


async def test_second_visit_and_early_return_are_conflicts(lit):
    """DOMAIN §2: one visit decides; the return follows a confirmed visit."""
    created = await report(lit)
    early = await lit.post(f"{REPORTS}/{created['id']}/return", json={"freight_fen": 100})
    assert early.status_code == 409
    assert (await visit(lit, created["id"])).status_code == 200
    assert (await visit(lit, created["id"])).status_code == 409


@pytest.mark.parametrize(("visit_after", "late"), [(2, False), (3, True)])
async def test_visit_due_within_two_days_of_the_report(lit, visit_after, late):
    """DOMAIN §2 (001 第三条): a technician visits within 2 days of the dealer's report; day 2 is
    on time, day 3 late (DOMAIN §0: elapsed <= 2)."""
    reported = date(2024, 5, 6)
    created = await report(lit, reported_on=reported)
    visited = (await visit(lit, created["id"], visited_on=reported + timedelta(days=visit_after))).json()
    assert visited["visit_overdue"] is late


async def test_unvisited_reports_become_overdue_after_two_days(make_tenant):
    """DOMAIN §2: the worklist flags a report with no visit by ``visit_due_by``; ``?visit_overdue=`` filters."""
    tenant = await make_tenant(plugins=("lighting",))
    on_time = await report(tenant, reported_on=today() - timedelta(days=2))
    late = await report(tenant, reported_on=today() - timedelta(days=3))
    listed = {r["id"]: r["visit_overdue"] for r in (await tenant.get(REPORTS + "/")).json()["items"]}
    assert listed == {on_time["id"]: False, late["id"]: True}
    overdue = (await tenant.get(REPORTS + "/", params={"visit_overdue": "true"})).json()["items"]
    assert [r["id"] for r in overdue] == [late["id"]]
    fine = (await tenant.get(REPORTS + "/", params={"visit_overdue": "false"})).json()["items"]
    assert [r["id"] for r in fine] == [on_time["id"]]
    page = (await tenant.get(REPORTS + "/", params={"limit": 1})).json()
    assert [r["id"] for r in page["items"]] == [late["id"]] and page["next_cursor"]
    assert (await tenant.get(REPORTS + "/", params={"status": "returned"})).json()["items"] == []


async def test_dates_are_facts_not_promises(lit):
    """DOMAIN §0: report, visit and return dates are never in the future nor out of order."""
    tomorrow = today() + timedelta(days=1)
    dealer = await lit.customer()
    future = await lit.post(REPORTS + "/", json={"dealer_id": dealer["id"], "product": "lighting.cfl",
                                                 "quantity": 1, "description": "x", "reported_on": str(tomorrow)})
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "reported_on"
    created = await report(lit, reported_on="2024-05-06")
    before = await visit(lit, created["id"], visited_on="2024-05-05")
    assert before.status_code == 422 and before.json()["errors"][0]["field"] == "visited_on"
    await visit(lit, created["id"], visited_on="2024-05-07")
    early = await lit.post(f"{REPORTS}/{created['id']}/return", json={"freight_fen": 1, "returned_on": "2024-05-06"})
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "returned_on"


async def test_roles(lit):
    """API.md: the desk records reports; staff record visits and returns; viewers only read."""
    viewer, technician = await lit.add_user("viewer"), await lit.add_user("technician")
    dealer = await lit.customer()
    body = {"dealer_id": dealer["id"], "product": "lighting.tube", "quantity": 3, "description": "x"}
    assert (await technician.post(REPORTS + "/", json=body)).status_code == 403
    created = await report(lit)
    assert (await viewer.post(f"{REPORTS}/{created['id']}/visit",
                              json={"technician": "x", "confirmed": True, "finding": "x"})).status_code == 403
    assert (await visit(technician, created["id"])).status_code == 200
    assert (await viewer.get(f"{REPORTS}/{created['id']}")).status_code == 200


async def test_a_tenant_without_lighting_gets_404(make_tenant):
    """API.md Plugins: a plugin that is not enabled contributes nothing: its API is 404."""
    lit = await make_tenant(plugins=("lighting",))
    created = await report(lit)
    plain = await make_tenant()
    for method, url in (("get", REPORTS + "/"), ("post", REPORTS + "/"), ("get", f"{REPORTS}/{created['id']}"),
                        ("post", f"{REPORTS}/{created['id']}/visit"), ("post", f"{REPORTS}/{created['id']}/return")):
        response = await getattr(plain, method)(url, **({"json": {}} if method == "post" else {}))
        assert response.status_code == 404, (method, url)


async def test_another_tenants_reports_and_dealers_are_404(make_tenant):
    """DESIGN Tenancy: another tenant's report is 404; a report cannot name another tenant's dealer."""
    a = await make_tenant(plugins=("lighting",))
    b = await make_tenant(plugins=("lighting",))
    created = await report(a)
    assert (await b.get(f"{REPORTS}/{created['id']}")).status_code == 404
    assert (await visit(b, created["id"])).status_code == 404
    assert (await b.post(f"{REPORTS}/{created['id']}/return", json={"freight_fen": 1})).status_code == 404
    assert (await b.get(REPORTS + "/")).json()["items"] == []
    foreign = await b.post(REPORTS + "/", json={"dealer_id": created["dealer_id"], "product": "lighting.cfl",
                                                "quantity": 1, "description": "x"})
    assert foreign.status_code == 404
    assert (await b.get(REPORTS + "/")).json()["items"] == []


@pytest.mark.parametrize(
    "body",
    [
        {"product": "lighting.cfl", "quantity": 1, "description": "x"},
        {"dealer_id": "nope", "product": "lighting.cfl", "quantity": 1, "description": "x"},
        {"dealer_id": "0190f0f0-0000-7000-8000-000000000000", "product": "lighting.cfl", "quantity": 0,
         "description": "x"},
        {"dealer_id": "0190f0f0-0000-7000-8000-000000000000", "product": "car", "quantity": 1, "description": "x"},
        {"dealer_id": "0190f0f0-0000-7000-8000-000000000000", "product": "lighting.cfl", "quantity": 1,
         "description": ""},
        {"dealer_id": "0190f0f0-0000-7000-8000-000000000000", "product": "lighting.cfl", "quantity": 1,
         "description": "x", "reported_on": "2024-02-30"},
    ],
)
async def test_bad_input_is_4xx_never_500(lit, body):
    """API.md: invalid input is 400 or 422 with the error body (an unknown dealer is 404), never a 500."""
    response = await lit.post(REPORTS + "/", json=body)
    assert response.status_code in (400, 404, 422), response.text
    assert "errors" in response.json()


async def test_bad_visit_and_return_input_is_4xx(lit):
    """API.md: never a 500 — missing finding, negative freight, a non-uuid id."""
    created = await report(lit)
    url = f"{REPORTS}/{created['id']}"
    assert (await lit.post(f"{url}/visit", json={"technician": "x", "confirmed": "yes", "finding": "x"})).status_code in (400, 422)
    assert (await lit.post(f"{url}/visit", json={"technician": "x", "confirmed": True})).status_code in (400, 422)
    await visit(lit, created["id"])
    assert (await lit.post(f"{url}/return", json={"freight_fen": -1})).status_code in (400, 422)
    assert (await lit.get(f"{REPORTS}/123")).status_code == 404
