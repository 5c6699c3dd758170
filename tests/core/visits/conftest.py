"""Helpers for the service-visit tests: the homes plugin and a fixed clock for the app (the tenant-bound
session is tests/core/conftest.py's)."""

from __future__ import annotations

from datetime import datetime

import pytest

from core.customers.types import AssetType
from core.hookspecs import hookimpl
from core.plugins import PluginInfo


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
