"""DESIGN "Background work": on the embedded default the server runs the sweeps in-process."""

from __future__ import annotations

import asyncio

import msgspec
from litestar.testing import AsyncTestClient

from core.app import create_app


async def test_server_runs_sweeps_in_process_when_configured(shouhou_settings, shouhou_plugins, project_tenant):
    tenant, customer = await project_tenant()
    settings = msgspec.structs.replace(shouhou_settings, run_sweeps_in_process=True, sweep_interval_seconds=3600)
    assert settings.sweeps_in_process and not shouhou_settings.sweeps_in_process
    async with AsyncTestClient(app=create_app(settings, shouhou_plugins)) as server:
        items = []
        for _ in range(900):  # the round sweeps every tenant of the test database first
            response = await server.get(f"/api/v1/revisits?customer_id={customer['id']}", headers=tenant.headers)
            items = response.json()["items"]
            if items:
                break
            await asyncio.sleep(0.1)
    assert [r["rule_ids"] for r in items] == [["core.delivered_project"]]
