"""Agents' monthly rebate statements through the API: DOMAIN §11 (003 交易返傭服務), 每月6号前 the
statement of the agents' transactions and rebates, 每月底 what was paid and what is still to pay."""

from __future__ import annotations

import pytest

from tests.core.rebates.helpers import agent, line, month_ago, pay, sale


async def test_domain_11_rebate_is_the_months_percent_rounded_half_up_once(tenant_a):
    """DOMAIN §11 (003 交易返傭服務) with §0: the rebate of a month is the agent's percent of the
    month's transactions, half up to the fen: 3.5 % of 333 fen = 11.655 → 12; 2.5 % of 100 = 2.5 → 3
    (half up, not half even); 2.5 % of 99 = 2.475 → 2; and two sales of 50 fen at 2.5 % make 3 fen,
    rounded once for the month, not 1 + 1."""
    cases = [("3.5", [333], 12), ("2.5", [100], 3), ("2.5", [99], 2), ("2.50", [50, 50], 3)]
    for n, (percent, sales, rebate) in enumerate(cases):
        found = await agent(tenant_a, f"代理{n}", percent)
        for amount in sales:
            assert (await sale(tenant_a, found["id"], amount, "2025-03-10")).status_code == 201
        got = await line(tenant_a, "2025-03", found["id"])
        assert (got["transactions_fen"], got["rebate_fen"]) == (sum(sales), rebate), percent


async def test_domain_11_pending_is_earned_minus_paid_across_months(tenant_a):
    """DOMAIN §11 (003 交易返傭服務, 每月底): per agent and month, what was paid in the month, and up
    to the month's end the rebate earned, paid, and still to pay (待返 = earned − paid): January
    earns 500, February 1000 (500 paid), March nothing (600 paid) → pending 500, 1000, 400.
    Paying more than is owed is refused."""
    found = await agent(tenant_a, percent="5")
    aid = found["id"]
    assert (await sale(tenant_a, aid, 10000, "2025-01-20")).status_code == 201
    assert (await sale(tenant_a, aid, 20000, "2025-02-03")).status_code == 201
    assert (await pay(tenant_a, aid, 500, "2025-02-10")).status_code == 201
    assert (await pay(tenant_a, aid, 600, "2025-03-05")).status_code == 201
    expected = {
        "2025-01": (10000, 500, 0, 500, 0, 500),
        "2025-02": (20000, 1000, 500, 1500, 500, 1000),
        "2025-03": (0, 0, 600, 1500, 1100, 400),
    }
    keys = ("transactions_fen", "rebate_fen", "paid_fen", "earned_to_date_fen", "paid_to_date_fen", "pending_fen")
    for month, figures in expected.items():
        got = await line(tenant_a, month, aid)
        assert tuple(got[k] for k in keys) == figures, month
    too_much = await pay(tenant_a, aid, 401, "2025-03-06")
    assert too_much.status_code == 409 and too_much.json()["errors"][0]["field"] == "amount_fen"
    assert (await pay(tenant_a, aid, 400, "2025-03-06")).status_code == 201, "exactly what is owed"


async def test_domain_11_a_percent_change_does_not_rewrite_earned_rebate(tenant_a):
    """DOMAIN §11 (003 交易返傭服務): a transaction keeps the percent in force when it was recorded;
    a new percent applies from then on (5 % of 1000, then 10 % of 1000 → 50 + 100)."""
    found = await agent(tenant_a, percent="5")
    assert (await sale(tenant_a, found["id"], 1000, "2025-05-02")).status_code == 201
    changed = await tenant_a.patch(f"/api/v1/rebates/agents/{found['id']}", json={"rebate_percent": "10"})
    assert changed.status_code == 200 and changed.json()["rebate_percent"] == "10.00"
    assert (await sale(tenant_a, found["id"], 1000, "2025-05-03")).status_code == 201
    got = await line(tenant_a, "2025-05", found["id"])
    assert (got["transactions_fen"], got["rebate_fen"], got["rebate_percent"]) == (2000, 150, "10.00")


async def test_domain_11_issued_statement_is_frozen_and_its_month_closed(tenant_a):
    """DOMAIN §11 (003 交易返傭服務): issuing freezes the month's lines; a transaction or payment
    dated in an issued month is 409 (field ``occurred_on``/``paid_on``); one back-dated into an
    earlier, unissued month changes that month's live figures but not the issued statement. Issued
    long after the 6th of the next month: not on time. A second issue is 409."""
    found = await agent(tenant_a, percent="5")
    aid = found["id"]
    assert (await sale(tenant_a, aid, 20000, "2025-02-03")).status_code == 201
    issued = await tenant_a.post("/api/v1/rebates/statements", json={"month": "2025-02"})
    assert issued.status_code == 201, issued.text
    body = issued.json()
    assert (body["issued"], body["on_time"], body["due_on"]) == (True, False, "2025-03-06")
    assert body["issued_by"] == tenant_a.admin_id
    assert body["totals"]["rebate_fen"] == 1000

    late = await sale(tenant_a, aid, 5000, "2025-02-28")
    assert late.status_code == 409 and late.json()["errors"][0]["field"] == "occurred_on"
    late_pay = await pay(tenant_a, aid, 100, "2025-02-28")
    assert late_pay.status_code == 409 and late_pay.json()["errors"][0]["field"] == "paid_on"
    assert (await sale(tenant_a, aid, 10000, "2025-01-31")).status_code == 201, "January is not issued"
    assert (await line(tenant_a, "2025-01", aid))["rebate_fen"] == 500
    frozen = await line(tenant_a, "2025-02", aid)
    assert (frozen["earned_to_date_fen"], frozen["pending_fen"]) == (1000, 1000), "frozen at issue"

    again = await tenant_a.post("/api/v1/rebates/statements", json={"month": "2025-02"})
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "month"


async def test_domain_11_a_running_month_cannot_be_issued(tenant_a):
    """DOMAIN §11 (003 交易返傭服務): the statement is made once the month is over (tenant's zone):
    this month is 409, two months ago is issued (long after its 6th: ``on_time`` false)."""
    running = await tenant_a.post("/api/v1/rebates/statements", json={"month": month_ago(0)})
    assert running.status_code == 409 and running.json()["errors"][0]["field"] == "month"
    past = await tenant_a.post("/api/v1/rebates/statements", json={"month": month_ago(2)})
    assert past.status_code == 201 and past.json()["on_time"] is False
    live = (await tenant_a.get(f"/api/v1/rebates/statements/{month_ago(0)}")).json()
    assert (live["issued"], live["on_time"], live["issued_at"]) == (False, None, None)


async def test_statements_list_newest_month_first_with_on_time(tenant_a):
    """Issued statements, newest month first, a page at a time (the cursor is the last month)."""
    for month in ("2025-01", "2025-03", "2025-02"):
        assert (await tenant_a.post("/api/v1/rebates/statements", json={"month": month})).status_code == 201
    first = (await tenant_a.get("/api/v1/rebates/statements?limit=2")).json()
    assert [s["month"] for s in first["items"]] == ["2025-03", "2025-02"]
    assert all(s["on_time"] is False for s in first["items"])
    rest = (await tenant_a.get(f"/api/v1/rebates/statements?limit=2&cursor={first['next_cursor']}")).json()
    assert ([s["month"] for s in rest["items"]], rest["next_cursor"]) == (["2025-01"], None)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "甲", "rebate_percent": "100.01"}, "rebate_percent"),
        ({"name": "甲", "rebate_percent": 101}, "rebate_percent"),
        ({"name": "甲", "rebate_percent": "-1"}, "rebate_percent"),
        ({"name": "甲", "rebate_percent": "3.555"}, "rebate_percent"),
        ({"name": "甲", "rebate_percent": "NaN"}, "rebate_percent"),
        ({"name": "甲", "rebate_percent": "abc"}, "rebate_percent"),
        ({"name": "", "rebate_percent": "5"}, "name"),
        ({"rebate_percent": "5"}, "name"),
    ],
)
async def test_domain_11_bad_agent_names_the_field(tenant_a, body, field):
    """DOMAIN §11 (003 交易返傭服務) with §0: a percent is 0–100 with at most two decimals; bad
    input is a 4xx naming the field, never a 500."""
    response = await tenant_a.post("/api/v1/rebates/agents", json=body)
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["errors"][0]["field"] == field


async def test_domain_11_percent_edges_and_duplicate_names(tenant_a):
    """DOMAIN §11: 0 and 100 and two decimals are fine (``"3.500"`` is 3.50); a second agent of the
    same name is 409; PATCH checks the percent the same way."""
    for n, (given, stored) in enumerate([("0", "0.00"), ("100", "100.00"), ("3.25", "3.25"), ("3.500", "3.50"),
                                         (7.5, "7.50")]):
        assert (await agent(tenant_a, f"代理{n}", given))["rebate_percent"] == stored
    duplicate = await tenant_a.post("/api/v1/rebates/agents", json={"name": "代理0", "rebate_percent": "1"})
    assert duplicate.status_code == 409 and duplicate.json()["errors"][0]["field"] == "name"
    found = await agent(tenant_a, "代理X")
    bad = await tenant_a.patch(f"/api/v1/rebates/agents/{found['id']}", json={"rebate_percent": "1.001"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "rebate_percent"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"amount_fen": 0, "occurred_on": "2025-03-01"}, 400, "amount_fen"),
        ({"amount_fen": -5, "occurred_on": "2025-03-01"}, 400, "amount_fen"),
        ({"amount_fen": 1.5, "occurred_on": "2025-03-01"}, 400, "amount_fen"),
        ({"amount_fen": 100, "occurred_on": "2025-02-30"}, 400, "occurred_on"),
        ({"amount_fen": 100, "occurred_on": "2999-01-01"}, 422, "occurred_on"),
    ],
)
async def test_domain_11_bad_transaction_names_the_field(tenant_a, body, status, field):
    """DOMAIN §11 (003 交易返傭服務): an amount is a positive number of fen, a day is a real date
    and not in the future."""
    found = await agent(tenant_a)
    response = await tenant_a.post(f"/api/v1/rebates/agents/{found['id']}/transactions", json=body)
    assert response.status_code == status, response.text
    assert response.json()["errors"][0]["field"] == field


async def test_domain_11_a_transaction_defaults_to_today_and_an_inactive_agent_earns_nothing(tenant_a):
    """DOMAIN §11: without ``occurred_on`` the transaction is today's (tenant zone); once the agent
    is inactive new business is 409 (field ``agent``), payments of what it is owed still go."""
    found = await agent(tenant_a, percent="10")
    today = await tenant_a.post(f"/api/v1/rebates/agents/{found['id']}/transactions", json={"amount_fen": 1000})
    assert today.status_code == 201 and today.json()["occurred_on"].startswith(month_ago(0))
    assert today.json()["rebate_percent"] == "10.00"
    off = await tenant_a.patch(f"/api/v1/rebates/agents/{found['id']}", json={"active": False})
    assert off.json()["active"] is False
    refused = await tenant_a.post(f"/api/v1/rebates/agents/{found['id']}/transactions", json={"amount_fen": 1000})
    assert refused.status_code == 409 and refused.json()["errors"][0]["field"] == "agent"
    paid = await tenant_a.post(f"/api/v1/rebates/agents/{found['id']}/payments", json={"amount_fen": 100})
    assert paid.status_code == 201, paid.text
    listed = (await tenant_a.get("/api/v1/rebates/agents?active=false")).json()["items"]
    assert [a["id"] for a in listed] == [found["id"]]


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "2026-1", "26-01", "2026-01-01", "latest"])
async def test_domain_11_bad_month_is_4xx(tenant_a, month):
    """DOMAIN §11: a statement month is ``YYYY-MM`` (01–12), read or issued."""
    read = await tenant_a.get(f"/api/v1/rebates/statements/{month}")
    assert read.status_code == 422 and read.json()["errors"][0]["field"] == "month"
    issued = await tenant_a.post("/api/v1/rebates/statements", json={"month": month})
    assert issued.status_code == 400 and issued.json()["errors"][0]["field"] == "month"
    bad_cursor = await tenant_a.get(f"/api/v1/rebates/statements?cursor={month}")
    assert bad_cursor.status_code == 422 and bad_cursor.json()["errors"][0]["field"] == "cursor"


async def test_roles_managers_write_agents_record_technicians_stay_out(tenant_a):
    """Managers and admins keep agents, payments and statements; customer-service agents (role
    ``agent``) record transactions and read; viewers read; technicians get 403."""
    found = await agent(tenant_a)
    desk, tech, viewer, manager = [await tenant_a.add_user(r) for r in ("agent", "technician", "viewer", "manager")]
    assert (await sale(desk, found["id"], 1000, "2025-03-01")).status_code == 201
    assert (await pay(desk, found["id"], 10, "2025-03-02")).status_code == 403
    assert (await desk.post("/api/v1/rebates/agents", json={"name": "乙", "rebate_percent": "1"})).status_code == 403
    assert (await desk.post("/api/v1/rebates/statements", json={"month": "2025-03"})).status_code == 403
    assert (await desk.get("/api/v1/rebates/statements/2025-03")).status_code == 200
    assert (await viewer.get("/api/v1/rebates/agents")).status_code == 200
    assert (await sale(viewer, found["id"], 1000, "2025-03-01")).status_code == 403
    for response in (await tech.get("/api/v1/rebates/agents"), await tech.get("/api/v1/rebates/statements/2025-03"),
                     await sale(tech, found["id"], 1000, "2025-03-01")):
        assert response.status_code == 403
    assert (await pay(manager, found["id"], 10, "2025-03-02")).status_code == 201
    assert (await manager.post("/api/v1/rebates/statements", json={"month": "2025-03"})).status_code == 201


async def test_rebates_of_another_tenant_are_404_and_lists_are_isolated(tenant_a, tenant_b):
    """Tenant B cannot read or change A's agents (404), record on them (404), and sees neither A's
    agents, A's lines nor A's issued statements."""
    found = await agent(tenant_a)
    assert (await sale(tenant_a, found["id"], 1000, "2025-03-01")).status_code == 201
    assert (await tenant_a.post("/api/v1/rebates/statements", json={"month": "2025-03"})).status_code == 201
    url = f"/api/v1/rebates/agents/{found['id']}"
    assert (await tenant_b.get(url)).status_code == 404
    assert (await tenant_b.patch(url, json={"active": False})).status_code == 404
    assert (await sale(tenant_b, found["id"], 1000, "2025-04-01")).status_code == 404
    assert (await pay(tenant_b, found["id"], 10, "2025-04-01")).status_code == 404
    assert (await tenant_b.get("/api/v1/rebates/agents")).json()["items"] == []
    assert (await tenant_b.get("/api/v1/rebates/statements")).json()["items"] == []
    theirs = (await tenant_b.get("/api/v1/rebates/statements/2025-03")).json()
    assert (theirs["issued"], theirs["lines"]) == (False, [])
    assert (await tenant_b.post("/api/v1/rebates/statements", json={"month": "2025-03"})).status_code == 201
    assert (await tenant_a.get(url)).json()["active"] is True, "A's agent unchanged"
