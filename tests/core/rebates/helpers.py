"""Helpers of the rebate tests: agents, transactions and payments through the API."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

SHANGHAI = ZoneInfo("Asia/Shanghai")


def month_ago(months: int) -> str:
    """The month ``months`` before this one, in the tenants' default zone."""
    return f"{datetime.now(SHANGHAI) - relativedelta(months=months):%Y-%m}"


async def agent(tenant, name: str = "华东代理", percent="5") -> dict:
    response = await tenant.post("/api/v1/rebates/agents", json={"name": name, "rebate_percent": percent})
    assert response.status_code == 201, response.text
    return response.json()


async def sale(tenant, agent_id: str, amount_fen: int, occurred_on: str):
    return await tenant.post(f"/api/v1/rebates/agents/{agent_id}/transactions",
                             json={"amount_fen": amount_fen, "occurred_on": occurred_on})


async def pay(tenant, agent_id: str, amount_fen: int, paid_on: str):
    return await tenant.post(f"/api/v1/rebates/agents/{agent_id}/payments",
                             json={"amount_fen": amount_fen, "paid_on": paid_on})


async def line(tenant, month: str, agent_id: str) -> dict:
    response = await tenant.get(f"/api/v1/rebates/statements/{month}")
    assert response.status_code == 200, response.text
    [found] = [x for x in response.json()["lines"] if x["agent_id"] == agent_id]
    return found
