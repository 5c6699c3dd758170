"""Fixtures of the chat tests: page login (from the page tests) and a chat helper."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from core.db.base import utcnow
from core.testing import TenantHandle
from tests.web.conftest import page_login  # noqa: F401  (the page test's login fixture)


class Chat:
    """A tenant's customer and the online-chat tickets opened for them; messages are dated
    ``seconds`` after a start two minutes ago."""

    def __init__(self, tenant: TenantHandle, customer: dict) -> None:
        self.tenant, self.customer = tenant, customer
        self.start = utcnow() - timedelta(minutes=2)

    async def open(self, channel: str = "online_chat") -> str:
        body = {"kind": "consultation", "channel": channel, "customer_id": self.customer["id"], "subject": "咨询发货时间"}
        response = await self.tenant.post("/api/v1/tickets", json=body)
        assert response.status_code == 201, response.text
        return response.json()["id"]

    def at(self, seconds: float) -> datetime:
        return self.start + timedelta(seconds=seconds)

    async def post(self, ticket_id: str, sender: str, seconds: float | None = None, body: str = "您好", *,
                   by: TenantHandle | None = None):
        payload: dict = {"sender": sender, "body": body}
        if seconds is not None:
            payload["sent_at"] = self.at(seconds).isoformat()
        return await (by or self.tenant).post(f"/api/v1/tickets/{ticket_id}/messages", json=payload)

    async def say(self, ticket_id: str, sender: str, seconds: float, body: str = "您好") -> dict:
        response = await self.post(ticket_id, sender, seconds, body)
        assert response.status_code == 201, response.text
        return response.json()

    async def transcript(self, ticket_id: str, by: TenantHandle | None = None) -> list[dict]:
        response = await (by or self.tenant).get(f"/api/v1/tickets/{ticket_id}/messages?limit=200")
        assert response.status_code == 200, response.text
        return response.json()["items"]


@pytest.fixture
async def shop(make_tenant) -> Chat:
    """An online shop: the ecommerce plugin's policy greets within 15 s and answers within 20 s."""
    tenant = await make_tenant(plugins=("ecommerce",))
    return Chat(tenant, await tenant.customer(name="网购客户"))


@pytest.fixture
async def plain(make_tenant) -> Chat:
    """A tenant on the core policy, which sets no chat targets."""
    tenant = await make_tenant()
    return Chat(tenant, await tenant.customer(name="客户乙"))
