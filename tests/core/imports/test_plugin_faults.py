"""A plugin whose asset check breaks on one row fails that row only: the import goes on, the
other rows are written, nothing of the broken row is."""

from core.customers.types import AssetType
from core.hookspecs import hookimpl
from core.plugins import PluginInfo
from tests.core.imports.files import csv_file, upload


class FragilePlugin:
    """An asset type whose plugin check raises on ``attributes.fragile = boom``."""

    @staticmethod
    @hookimpl
    def shouhou_plugin_info():
        """Who it is."""
        return PluginInfo(name="fragile", version="1.0", title={"zh_Hans": "易碎", "en": "Fragile"},
                          description={"zh_Hans": "测试插件", "en": "Test plugin"})

    @staticmethod
    @hookimpl
    def shouhou_asset_types():
        """One asset type."""
        return [AssetType(name="fragile.vase", label={"zh_Hans": "花瓶", "en": "Vase"})]

    @staticmethod
    @hookimpl
    def shouhou_validate_asset(asset_type, attributes, settings):
        """Breaks on one value."""
        if asset_type == "fragile.vase" and attributes.get("fragile") == "boom":
            raise RuntimeError("the plugin broke")
        return []


async def test_a_row_that_breaks_a_plugin_fails_alone(tenant_a, register_plugin):
    assert register_plugin(FragilePlugin, "fragile")
    await tenant_a.enable("fragile")
    await upload(tenant_a, "customers", csv_file([["external_id", "name"], ["C1", "x"]]))
    rows = [["external_id", "customer_external_id", "type", "attributes.fragile"],
            ["V1", "C1", "fragile.vase", "ok"], ["V2", "C1", "fragile.vase", "boom"], ["V3", "C1", "fragile.vase", ""]]
    job = (await upload(tenant_a, "assets", csv_file(rows))).json()
    assert [r["outcome"] for r in job["results"]] == ["created", "failed", "created"]
    assert job["results"][1]["errors"] == [{"column": "row", "message": "could not be checked (the error is logged)"}]
    assets = (await tenant_a.get("/api/v1/assets")).json()["items"]
    assert sorted(a["external_id"] for a in assets) == ["V1", "V3"]
