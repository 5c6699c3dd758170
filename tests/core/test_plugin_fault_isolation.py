"""Fault isolation of plugin reactions (issue 18, item 5; DESIGN "Plugins"): each plugin reacting
to an event runs in its own SAVEPOINT. A plugin that raises (a bug, or a failed statement that
would otherwise abort PostgreSQL's transaction) is rolled back alone: the core's write and the
other plugins' writes stand; the failure is logged with the plugin's name, counted, and listed
for the tenant's admin at ``GET /api/v1/plugin-faults``."""

from __future__ import annotations

import uuid

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import select, text
from structlog.testing import capture_logs

from core.customers.models import Asset, Customer
from core.customers.types import AssetType
from core.db.tenancy import bind_tenant
from core.hookspecs import hookimpl
from core.plugins import PluginInfo

FAULTS = "/api/v1/plugin-faults"


class Writer:
    """A plugin owning one asset type that files a customer named after itself whenever an asset
    of any type is created, and then (when ``failure`` is set) fails."""

    def __init__(self, name: str, failure: str | None = None) -> None:
        self.name, self.failure = name, failure

    @hookimpl
    def shouhou_plugin_info(self):
        """Who this plugin is."""
        return PluginInfo(self.name, "1.0", {"zh_Hans": self.name, "en": self.name}, {"en": "test"},
                          core_requires=">=0.1,<1")

    @hookimpl
    def shouhou_asset_types(self):
        """One asset type."""
        return [AssetType(name=f"{self.name}.thing", label={"zh_Hans": "物品", "en": "Thing"})]

    @hookimpl
    async def shouhou_asset_event(self, event, ctx):
        """Write, then fail as told."""
        ctx.session.add(Customer(name=f"written by {self.name}"))
        await ctx.session.flush()
        if self.failure == "bug":
            raise TypeError("unsupported operand type(s) for +: 'int' and 'str'")
        if self.failure == "sql":  # a failed statement: aborts the whole transaction on PostgreSQL
            await ctx.session.execute(text("SELECT no_such_column FROM no_such_table"))


def failures(plugin: str) -> float:
    return REGISTRY.get_sample_value(
        "shouhou_plugin_reaction_failures_total", {"plugin": plugin, "hook": "shouhou_asset_event"}
    ) or 0.0


async def customer_names(sessions, tenant) -> set[str]:
    async with sessions() as session:
        bind_tenant(session, uuid.UUID(tenant.id))
        return set(await session.scalars(select(Customer.name)))


@pytest.mark.parametrize("failure", ["bug", "sql"])
async def test_a_failing_plugin_is_rolled_back_alone_and_the_core_write_stands(
    register_plugin, make_tenant, shouhou_sessions, failure
):
    # Registered last, "faulty" reacts first; "steady" reacts after its rollback.
    assert register_plugin(Writer("steady"), "steady")
    assert register_plugin(Writer("faulty", failure), "faulty")
    tenant = await make_tenant(plugins=("steady", "faulty"))
    owner = await tenant.customer(name="owner")
    before = failures("faulty")
    with capture_logs() as logs:
        response = await tenant.post("/api/v1/assets", json={"customer_id": owner["id"], "type": "steady.thing"})
    assert response.status_code == 201, response.text

    assert await customer_names(shouhou_sessions, tenant) == {"owner", "written by steady"}
    async with shouhou_sessions() as session:
        bind_tenant(session, uuid.UUID(tenant.id))
        assert await session.get(Asset, (uuid.UUID(tenant.id), uuid.UUID(response.json()["id"]))) is not None

    assert failures("faulty") == before + 1 and failures("steady") == 0
    logged = [e for e in logs if e.get("event") == "plugin hook failed"]
    assert [(e["plugin"], e["hook"]) for e in logged] == [("faulty", "shouhou_asset_event")]

    page = await tenant.get(FAULTS)
    assert page.status_code == 200, page.text
    [fault] = page.json()["items"]
    assert fault["plugin"] == "faulty" and fault["hook"] == "shouhou_asset_event"
    assert fault["event"] == "asset.created" and fault["subject_id"] == response.json()["id"]
    assert fault["error"] == ("TypeError" if failure == "bug" else fault["error"]) and fault["message"]


async def test_plugin_faults_are_the_admins_and_the_tenants_own(register_plugin, make_tenant):
    assert register_plugin(Writer("faulty", "bug"), "faulty")
    tenant, other = await make_tenant(plugins=("faulty",)), await make_tenant(plugins=("faulty",))
    owner = await tenant.customer(name="owner")
    created = await tenant.post("/api/v1/assets", json={"customer_id": owner["id"], "type": "faulty.thing"})
    assert created.status_code == 201, created.text

    assert [f["plugin"] for f in (await tenant.get(FAULTS, params={"plugin": "faulty"})).json()["items"]] == ["faulty"]
    assert (await tenant.get(FAULTS, params={"plugin": "steady"})).json()["items"] == []
    assert (await other.get(FAULTS)).json() == {"items": [], "next_cursor": None}
    agent = await tenant.add_user("agent")
    refused = await agent.get(FAULTS)
    assert refused.status_code == 403, refused.text
    too_long = await tenant.get(FAULTS, params={"plugin": "x" * 65})
    assert too_long.status_code == 400 and too_long.json()["errors"][0]["field"] == "plugin", too_long.text
