"""The plugin SDK (issue 18, item 3): one public module whose surface is listed, from code, in
``docs/plugins.md``; the built-in plugins and the scaffold use it only; its ``PluginBase`` is the
boilerplate the plugins used to copy."""

from __future__ import annotations

import ast
from collections import Counter
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import msgspec

import core.sdk as sdk
from core.kit.scaffold import new_plugin
from core.sdk import surface
from core.sdk.testing import PluginManager

ROOT = Path(__file__).resolve().parents[2]


def core_imports(folder: Path) -> set[str]:
    """Every ``core`` or ``tenants`` module imported by the Python files under ``folder``."""
    found: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in ("core", "tenants"):
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.split(".")[0] in ("core", "tenants")}
    return found


def test_every_name_of_the_surface_is_in_exactly_one_group_and_exists():
    grouped = Counter(name for names in sdk.GROUPS.values() for name in names)
    assert set(grouped) == set(sdk.__all__) and max(grouped.values()) == 1
    assert all(hasattr(sdk, name) for name in sdk.__all__)


def test_the_listing_in_docs_plugins_md_is_generated_from_the_code():
    listing = surface.current(surface.DOC.read_text(encoding="utf-8"))
    assert listing, "docs/plugins.md lost its SDK surface markers"
    assert listing == surface.render(), "docs/plugins.md is out of date: run python -m core.sdk.surface"
    assert f"**{sdk.SDK_VERSION}**" in listing


def test_the_built_in_plugins_import_the_sdk_only():
    assert core_imports(ROOT / "plugins") == {"core.sdk"}


def test_a_scaffolded_plugin_imports_the_sdk_only(tmp_path):
    package = new_plugin("waterpurifier", tmp_path)
    assert core_imports(package / "shouhou_waterpurifier") == {"core.sdk"}


class Settings(msgspec.Struct, frozen=True):
    months: int = 12


def test_plugin_base_declares_who_the_plugin_is_its_settings_forms_and_scripts(tmp_path):
    for kind, pattern in (("forms", "*.json"), ("scripts", "*.toml")):
        (tmp_path / kind).mkdir()
        source = sorted((ROOT / "plugins" / "ecommerce" / kind).glob(pattern))[0]
        (tmp_path / kind / source.name).write_bytes(source.read_bytes())
    base = sdk.PluginBase(name="probe", version="1.2.3", title={"zh_Hans": "探针", "en": "Probe"},
                          description={"zh_Hans": "测试", "en": "Test"}, folder=tmp_path, settings=Settings)

    class Probe:
        shouhou_plugin_info = base.plugin_info_hook
        shouhou_settings_schema = base.settings_schema_hook
        shouhou_forms = base.forms_hook
        shouhou_scripts = base.scripts_hook

    manager = PluginManager()
    assert manager.register(Probe(), "probe"), manager.failures
    assert manager.infos["probe"].version == "1.2.3"
    assert manager.settings_types["probe"] is Settings
    hooks = manager.for_tenant(["probe"])
    assert len(hooks.collect_by_plugin("shouhou_forms")["probe"]) == 1
    assert len(hooks.collect_by_plugin("shouhou_scripts")["probe"]) == 1
    assert base.tenant_settings({"probe": {"months": 18}}) == Settings(months=18)
    assert base.tenant_settings({}) == Settings()


def test_plugin_base_builds_declarations_settings_hooks_and_the_claim_decision(tmp_path):
    base = sdk.PluginBase(name="probe", version="1.0.0", title={"en": "Probe"}, description={"en": "Test"},
                          folder=tmp_path, settings=Settings)
    routing = [sdk.RoutingRule(id="probe.r", match={"type": "quality"}, department="qa", label={"en": "QA"})]

    def decide(claim, settings):
        return sdk.Decision("repair_free", True, (f"probe.{settings.months}",), ())

    # a plugin is a module: a namespace whose attributes are the hook implementations
    probe = SimpleNamespace(
        shouhou_plugin_info=base.plugin_info_hook,
        shouhou_settings_schema=base.settings_schema_hook,
        shouhou_complaint_routing=base.declare(routing),
        shouhou_sla_defaults=base.with_settings(lambda s: sdk.SlaDefaults(source="probe", respond_in_province_hours=s.months)),
        shouhou_warranty_decision=base.decides({"probe.thing"}, decide),
    )
    manager = PluginManager()
    assert manager.register(probe, "probe"), manager.failures
    hooks = manager.for_tenant(["probe"])
    assert hooks.collect_by_plugin("shouhou_complaint_routing")["probe"] == routing
    assert hooks.collect_by_plugin("shouhou_sla_defaults", settings={"probe": {"months": 6}})["probe"][0].respond_in_province_hours == 6
    claim = sdk.Claim(asset_type="probe.thing", claim_date=date(2026, 7, 1), claimant="consumer")
    plugin, decision = hooks.first_answer("shouhou_warranty_decision", claim=claim, settings={"probe": {"months": 9}})
    assert (plugin, decision.rule_ids) == ("probe", ("probe.9",))
    other = msgspec.structs.replace(claim, asset_type="else.thing")
    assert hooks.first_answer("shouhou_warranty_decision", claim=other, settings={}) is None


def test_every_setting_of_every_built_in_plugin_is_labelled_in_both_languages():
    """The console's generated settings form shows each setting by its label, never its name."""
    from core.defaults import build_plugin_manager
    from core.web.settings_form import settings_fields

    plugins = build_plugin_manager()
    unlabelled = []
    for name in ("lighting", "lubricants", "automotive", "gps_install", "ecommerce"):
        schema = plugins.settings_schema(name)
        for locale in ("zh_Hans", "en"):
            fields = settings_fields(schema, locale)
            assert fields, name
            unlabelled += [f"{name}.{f.name} ({locale})" for f in fields if f.label == f.name.replace("_", " ")]
    assert not unlabelled
    lighting = {f.name: f for f in settings_fields(plugins.settings_schema("lighting"), "zh_Hans")}
    assert lighting["repair_fee_percent"].label == "保外维修费（%）"
    assert lighting["cfl_months"].hint == "留空表示不保修"
    english = {f.name: f for f in settings_fields(plugins.settings_schema("lighting"), "en")}
    assert english["cfl_months"].label == "Energy-saving lamp warranty (months)"


def test_plugin_base_builds_the_service_charge_and_asset_validation_of_its_own_types(tmp_path):
    base = sdk.PluginBase(name="probe", version="1.0.0", title={"en": "Probe"}, description={"en": "Test"},
                          folder=tmp_path, settings=Settings)
    seen = []

    def check(attributes, settings):
        seen.append(attributes)
        return [("model", f"unknown after {settings.months} months")] if attributes.get("model") == "x" else []

    probe = SimpleNamespace(
        shouhou_plugin_info=base.plugin_info_hook,
        shouhou_service_charge=base.charges({"probe.thing"}, lambda claim, s: sdk.Charge(amount_fen=s.months * 100)),
        shouhou_validate_asset=base.validates({"probe.thing"}, check),
    )
    manager = PluginManager()
    assert manager.register(probe, "probe"), manager.failures
    hooks = manager.for_tenant(["probe"])
    claim = sdk.Claim(asset_type="probe.thing", claim_date=date(2026, 7, 1), claimant="consumer")
    assert hooks.first_answer("shouhou_service_charge", claim=claim, settings={"probe": {"months": 3}})[1].amount_fen == 300
    other = msgspec.structs.replace(claim, asset_type="else.thing")
    assert hooks.first_answer("shouhou_service_charge", claim=other, settings={}) is None
    validate = probe.shouhou_validate_asset
    assert validate(asset_type="probe.thing", attributes={"model": "x"}, settings={}) == [
        ("model", "unknown after 12 months")]
    assert validate(asset_type="probe.thing", attributes=None, settings={}) == []
    assert validate(asset_type="else.thing", attributes={"model": "x"}, settings={}) is None
    assert seen == [{"model": "x"}, {}]


async def test_create_once_answers_the_read_of_what_was_created_with_201():
    request = SimpleNamespace(headers={})  # no Idempotency-Key: nothing is replayed or stored
    created = []

    async def create():
        created.append("tool")
        return "tool"

    async def read(thing):
        return {"name": thing}

    response = await sdk.create_once(None, request, create, read)
    assert (response.status_code, response.content, created) == (201, {"name": "tool"}, ["tool"])
    response = await sdk.create_once(None, request, create, lambda thing: {"plain": thing})
    assert response.content == {"plain": "tool"}


def test_routing_rule_is_named_after_its_source_and_labelled_in_both_languages():
    rule = sdk.routing_rule("probe", "transport", {"category": "transport"}, "logistics", "运输问题", "Transport")
    assert rule == sdk.RoutingRule(id="probe.route.transport", match={"category": "transport"}, department="logistics",
                                   label={"zh_Hans": "运输问题", "en": "Transport"})
