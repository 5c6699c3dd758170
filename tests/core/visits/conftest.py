"""Helpers for the service-visit tests: a fixed clock for the app, a tenant-bound session."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import datetime
from uuid import UUID

import pytest

from core.customers.types import AssetType
from core.db.tenancy import bind_tenant
from core.hookspecs import hookimpl
from core.plugins import PluginInfo
from tenants.context import load_context


class HomesPlugin:
    """A builder's plugin for the tests: a dwelling is an asset the company serves."""

    @staticmethod
    @hookimpl
    def shouhou_plugin_info():
        """Who the test plugin is."""
        return PluginInfo(
            name="homes",
            version="1.0",
            title={"zh_Hans": "住宅", "en": "Homes"},
            description={"zh_Hans": "测试插件", "en": "Test plugin"},
        )

    @staticmethod
    @hookimpl
    def shouhou_asset_types():
        """The dwelling."""
        return [AssetType(name="homes.dwelling", label={"zh_Hans": "住宅", "en": "Dwelling"})]


@pytest.fixture
def homes(register_plugin):
    """``await homes(tenant)`` enables the test plugin whose asset type is ``homes.dwelling``."""
    register_plugin(HomesPlugin, "homes")

    async def enable(tenant) -> None:
        await tenant.enable("homes")

    return enable


@pytest.fixture
def clock(monkeypatch):
    """``clock(datetime(…, tzinfo=UTC))``: the service visits read that time as now."""

    def set_now(moment: datetime) -> None:
        for module in ("core.visits.projects", "core.visits.seasons", "core.visits.newyear"):
            monkeypatch.setattr(f"{module}.utcnow", lambda: moment)

    return set_now


@pytest.fixture
def tenant_session(shouhou_sessions, shouhou_plugins):
    """``async with tenant_session(tenant.id) as (session, ctx)``: one committed transaction."""

    @asynccontextmanager
    async def open_session(tenant_id):
        session = shouhou_sessions()
        bind_tenant(session, UUID(str(tenant_id)))
        try:
            async with session.begin():
                ctx = await load_context(session, shouhou_plugins, UUID(str(tenant_id)))
                yield session, ctx
        finally:
            await session.close()

    return open_session
