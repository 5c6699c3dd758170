"""Helpers of the observability tests: apps built with other settings on the test database, and
a tenant with one ticket."""

from __future__ import annotations

from contextlib import asynccontextmanager

import msgspec
from litestar.testing import AsyncTestClient

from core.app import create_app


@asynccontextmanager
async def app_client(shouhou_settings, shouhou_plugins, tracer_provider=None, **settings):
    """A client of an app on the test database with ``settings`` changed."""
    app = create_app(msgspec.structs.replace(shouhou_settings, **settings), shouhou_plugins,
                     tracer_provider=tracer_provider)
    async with AsyncTestClient(app=app) as client:
        yield client


async def open_ticket(tenant) -> dict:
    """A repair ticket of a new customer of ``tenant``."""
    customer = await tenant.customer()
    body = {"kind": "repair", "channel": "phone", "customer_id": customer["id"], "subject": "吸顶灯不亮",
            "description": "通电后不亮"}
    response = await tenant.post("/api/v1/tickets", json=body)
    assert response.status_code == 201, response.text
    return response.json()
