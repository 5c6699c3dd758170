"""The plugin manager: entry points, per-tenant callers, fault isolation (DESIGN "Plugins")."""

from datetime import UTC, datetime
from uuid import uuid4

from click.testing import CliRunner

from core.events import DomainEvent
from core.hookspecs import hookimpl
from core.plugins import CORE_PLUGIN, PluginInfo, PluginManager


def _info(name, requires=">=0.1"):
    return PluginInfo(name, "1.0", {"en": name}, {"en": name}, core_requires=requires)


class Recorder:
    def __init__(self, name, fail=False):
        self.name, self.fail, self.seen = name, fail, []

    @hookimpl
    def shouhou_plugin_info(self):
        return _info(self.name)

    @hookimpl
    def shouhou_ticket_event(self, event):
        self.seen.append(event.name)
        if self.fail:
            raise RuntimeError("boom")


def _event():
    return DomainEvent("ticket.closed", uuid4(), uuid4(), datetime.now(UTC))


def test_built_in_plugins_load_through_entry_points(shouhou_plugins):
    assert {"lighting", "lubricants", "automotive", "gps_install", "ecommerce"} <= set(shouhou_plugins.names)
    assert CORE_PLUGIN in shouhou_plugins.infos and CORE_PLUGIN not in shouhou_plugins.names


def test_tenant_caller_reaches_only_enabled_plugins(shouhou_plugins):
    types = shouhou_plugins.for_tenant(["automotive"]).collect("shouhou_asset_types")
    assert [t.name for t in types] == ["automotive.vehicle"]
    assert shouhou_plugins.for_tenant([]).collect("shouhou_asset_types") == []
    assert shouhou_plugins.for_tenant(["automotive"]) is shouhou_plugins.for_tenant(["automotive"]), "cached"


async def test_a_reaction_that_raises_is_counted_and_others_still_run():
    manager = PluginManager()
    bad, good = Recorder("bad", fail=True), Recorder("good")
    assert manager.register(bad, "bad") and manager.register(good, "good")
    await manager.for_tenant(["bad", "good"]).react("shouhou_ticket_event", event=_event(), ctx=None)
    assert bad.seen == ["ticket.closed"] and good.seen == ["ticket.closed"]
    assert manager.reaction_errors["bad"] == 1 and manager.reaction_errors["good"] == 0


async def test_reactions_skip_plugins_the_tenant_has_not_enabled():
    manager = PluginManager()
    on, off = Recorder("on"), Recorder("off")
    manager.register(on, "on")
    manager.register(off, "off")
    await manager.for_tenant(["on"]).react("shouhou_ticket_event", event=_event(), ctx=None)
    assert on.seen == ["ticket.closed"] and off.seen == []


async def test_async_reactions_are_awaited():
    seen = []

    class AsyncPlugin:
        @hookimpl
        def shouhou_plugin_info(self):
            return _info("asyncp")

        @hookimpl
        async def shouhou_ticket_event(self, event):
            seen.append(event.name)

    manager = PluginManager()
    manager.register(AsyncPlugin(), "asyncp")
    await manager.for_tenant(["asyncp"]).react("shouhou_ticket_event", event=_event(), ctx=None)
    assert seen == ["ticket.closed"]


def test_incompatible_core_version_is_refused_with_a_clear_message():
    class Future:
        @hookimpl
        def shouhou_plugin_info(self):
            return _info("future", requires=">=2.0")

    manager = PluginManager()
    assert manager.register(Future(), "future") is False
    assert "future" not in manager.infos
    assert "needs Shouhou core >=2.0" in manager.failures[0].error


def test_a_misspelled_hook_is_refused():
    class Typo:
        @hookimpl
        def shouhou_plugin_info(self):
            return _info("typo")

        @hookimpl
        def shouhou_asset_typez(self):
            return []

    manager = PluginManager()
    assert manager.register(Typo(), "typo") is False
    assert manager.failures and manager.failures[0].name == "typo"
    assert not manager.pm.has_plugin("typo")


def test_a_plugin_that_fails_to_import_is_reported_and_skipped(monkeypatch):
    import core.plugins as plugins_module

    class BrokenEntryPoint:
        name = "broken"

        def load(self):
            raise ImportError("No module named 'broken_dep'")

    real = plugins_module.entry_points

    def fake_entry_points(group):
        return [*real(group=group), BrokenEntryPoint()]

    monkeypatch.setattr(plugins_module, "entry_points", fake_entry_points)
    manager = PluginManager()
    manager.load_entrypoints()
    assert "lighting" in manager.names and "broken" not in manager.names
    assert manager.failures[0].name == "broken" and "broken_dep" in manager.failures[0].error

    from core import cli

    result = CliRunner().invoke(cli.main, ["plugin", "list"])
    assert result.exit_code == 0
    assert "lighting" in result.output and "broken" in result.output and "FAILED" in result.output
