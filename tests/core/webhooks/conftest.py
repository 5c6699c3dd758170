"""Fixtures for webhook tests: a receiver on loopback, an app whose operator allows private
networks (the receiver is on loopback), and the worker's delivery policy likewise."""

from __future__ import annotations

import dataclasses
import uuid

import msgspec
import pytest
from litestar.testing import AsyncTestClient

from core.testing import free_port
from core.webhooks import delivery
from tests.core.webhooks.receiver import running

WORKER = "webhook-tests"


@pytest.fixture
def receiver():
    """A started :class:`tests.core.webhooks.receiver.Receiver` on a free loopback port."""
    yield from running(free_port())


@pytest.fixture(scope="session")
async def private_client(shouhou_settings, shouhou_plugins):
    """A client of an app like the shared one but with ``webhook_allow_private_networks`` on."""
    from core.app import create_app

    settings = msgspec.structs.replace(shouhou_settings, webhook_allow_private_networks=True)
    async with AsyncTestClient(app=create_app(settings, shouhou_plugins)) as client:
        yield client


@pytest.fixture
def private_admin(private_client):
    """``private_admin(tenant)``: the tenant's admin speaking to the private-networks app."""

    def admin(tenant):
        return dataclasses.replace(tenant, client=private_client)

    return admin


@pytest.fixture
def delivery_policy():
    """The worker in this process may deliver to loopback (the receiver); ``delivery_policy(**x)``
    changes more of the policy for one test. Restored after."""
    previous = delivery.configure(allow_private_networks=True, timeout=5.0)

    def change(**overrides):
        delivery.configure(**{"allow_private_networks": True, "timeout": 5.0, **overrides})

    yield change
    delivery.restore(previous)


@pytest.fixture
def drain(shouhou_sessions, shouhou_plugins):
    """``await drain()``: run every due job in this process, as a worker round does."""
    from core.worker.runner import drain as run_due

    async def run():
        return await run_due(shouhou_sessions, shouhou_plugins, WORKER)

    return run


@pytest.fixture
def time_passes(shouhou_sessions):
    """``await time_passes(tenant)``: the tenant's scheduled webhook attempts fall due now (as if
    their back-off had passed)."""
    from sqlalchemy import update

    from core.db.base import utcnow
    from core.worker.models import Job

    async def advance(tenant) -> None:
        async with shouhou_sessions() as session, session.begin():
            await session.execute(
                update(Job).where(Job.tenant_id == uuid.UUID(tenant.id), Job.kind == delivery.JOB_KIND,
                                  Job.done_at.is_(None)).values(run_at=utcnow())
            )

    return advance


async def deliveries_of(admin, endpoint_id: str) -> list[dict]:
    """The endpoint's delivery log, newest first."""
    response = await admin.get(f"/api/v1/webhooks/endpoints/{endpoint_id}/deliveries")
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def make_endpoint(admin, url: str, event_types=("ticket.created",), **fields) -> dict:
    """Register an endpoint; the answer carries its secret."""
    response = await admin.post("/api/v1/webhooks/endpoints",
                                json={"url": url, "event_types": list(event_types), **fields})
    assert response.status_code == 201, response.text
    return response.json()


async def open_ticket(tenant, customer_id: str | None = None) -> dict:
    """Create a ticket (publishes ``ticket.created``)."""
    if customer_id is None:
        customer_id = (await tenant.customer())["id"]
    response = await tenant.post("/api/v1/tickets", json={
        "customer_id": customer_id, "kind": "repair", "channel": "phone", "subject": f"灯不亮 {uuid.uuid4().hex[:6]}",
    })
    assert response.status_code == 201, response.text
    return response.json()
