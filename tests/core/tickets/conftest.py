"""A desk (tenant with an agent's customer and a technician) and helpers to drive tickets."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import pytest
from litestar.testing import AsyncTestClient

from core.testing import PASSWORD, TenantHandle


async def signup(client, province: str | None = "320000") -> TenantHandle:
    slug = f"t-{uuid.uuid4().hex[:10]}"
    email = f"admin@{slug}.test"
    body = {"company_name": f"测试 {slug}", "slug": slug, "admin_email": email, "admin_password": PASSWORD,
            "province": province}
    created = (await client.post("/api/v1/signup", json=body)).json()
    login = await client.post("/api/v1/auth/login", json={"tenant": slug, "email": email, "password": PASSWORD})
    return TenantHandle(id=created["tenant"]["id"], slug=slug, admin_id=created["user"]["id"], admin_email=email,
                        token=login.json()["access_token"], client=client)


class Desk:
    """A tenant, one customer and one technician; opens tickets and drives them."""

    def __init__(self, tenant: TenantHandle, customer: dict, technician: TenantHandle) -> None:
        self.tenant, self.customer, self.technician = tenant, customer, technician

    async def open(self, **fields) -> dict:
        body = {"kind": "repair", "channel": "phone", "customer_id": self.customer["id"], "subject": "吸顶灯不亮",
                "description": "通电后不亮", **fields}
        response = await self.tenant.post("/api/v1/tickets", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    def payload(self, action: str) -> dict:
        tomorrow = datetime.now().astimezone() + timedelta(days=1)
        return {
            "assign": {"technician_id": self.technician.admin_id},
            "schedule": {"start": tomorrow.isoformat(), "end": (tomorrow + timedelta(hours=2)).isoformat()},
            "resolve": {"resolution": "更换镇流器"},
            "accept": {"signed_by": "王先生", "signature_image": "data:image/png;base64,iVBORw0KGgo="},
            "reopen": {"reason": "客户称仍有闪烁"},
            "cancel": {"reason": "客户撤回"},
            "take_back": {"handover_note": "灯具一台，外壳完好", "promised_date": (date.today() + timedelta(days=3)).isoformat()},
            "classify": {"complexity": "complex"},
            "quote": {"plan": "更换镇流器，约半小时", "estimate_fen": 8000},
            "consent": {"consented_by": "王先生"},
        }.get(action, {})

    async def act(self, ticket_id: str, action: str, **extra):
        return await self.tenant.post(
            f"/api/v1/tickets/{ticket_id}/transitions", json={"action": action, **self.payload(action), **extra}
        )

    async def drive(self, ticket_id: str, actions) -> None:
        for action in actions:
            response = await self.act(ticket_id, action)
            assert response.status_code == 200, (action, response.text)

    async def events(self, ticket_id: str) -> list[dict]:
        response = await self.tenant.get(f"/api/v1/tickets/{ticket_id}/events?limit=200")
        assert response.status_code == 200, response.text
        return response.json()["items"]


async def make_desk(client, province: str | None = "320000", customer_province: str | None = "320000") -> Desk:
    tenant = await signup(client, province)
    customer = await tenant.customer(province=customer_province)
    technician = await tenant.add_user("technician", name="李师傅")
    return Desk(tenant, customer, technician)


@pytest.fixture(scope="module")
async def module_client(shouhou_app):
    async with AsyncTestClient(app=shouhou_app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
async def shared_desk(module_client) -> Desk:
    """One desk for a whole module (the state-machine table is long). Its tests must use only this
    desk's client: two test clients alive at once share the app's connection pool across event
    loops, which PostgreSQL connections do not survive."""
    return await make_desk(module_client)


@pytest.fixture
async def desk(client) -> Desk:
    return await make_desk(client)
