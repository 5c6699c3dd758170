"""What the lighting plugin declares: settings, asset types, forms, scripts, tables, revisits,
SLA and routing (DOMAIN §3, §4, §6)."""

from __future__ import annotations

from datetime import date

import jinja2
import jsonschema
import msgspec
import pytest

import plugins.lighting as lighting
from core.sdk import Claim, Part
from core.sdk.testing import PluginManager
from plugins.lighting import rules
from plugins.lighting.settings import Settings

BANNED = ("不知道", "我不能", "我不会")
CONTEXT = {
    "tenant": {"name": "明亮照明"},
    "agent": {"employee_no": "0817"},
    "customer": {"name": "王", "title": "先生"},
    "ticket": {"number": "SH-2024-0001"},
}


@pytest.fixture
def hooks():
    pm = PluginManager()
    assert pm.register(lighting.plugin, "lighting"), pm.failures
    return pm.for_tenant(["lighting"])


def test_settings_defaults_are_the_domain_values():
    """DOMAIN §6: 12 / 12 / 6 / none / 12 months, dealers 15 months, fee 10 %, promise 3 days."""
    s = Settings()
    assert (s.ceiling_lamp_months, s.recessed_ballast_months, s.tube_months, s.plastic_part_months,
            s.cfl_months) == (12, 12, 6, None, 12)
    assert (s.dealer_months_from_manufacture, s.repair_fee_percent, s.repair_promise_days) == (15, 10, 3)


def test_settings_are_validated_through_the_plugin_manager(hooks):
    """core.plugins: a tenant's settings are validated against the plugin's Struct."""
    manager = hooks.manager
    assert manager.parse_settings("lighting", {"tube_months": "9"}).tube_months == 9
    with pytest.raises(msgspec.ValidationError):
        manager.parse_settings("lighting", {"repair_fee_percent": -1})
    with pytest.raises(msgspec.ValidationError):
        manager.parse_settings("lighting", {"tube_month": 9})


def test_asset_types_are_the_api_types_with_valid_attribute_schemas(hooks):
    """API.md: lighting.ceiling_lamp, recessed_ballast, tube, plastic_part, cfl."""
    types = {t.name: t for t in hooks.collect("shouhou_asset_types")}
    assert set(types) == {"lighting.ceiling_lamp", "lighting.recessed_ballast", "lighting.tube",
                          "lighting.plastic_part", "lighting.cfl"}
    for t in types.values():
        jsonschema.Draft202012Validator.check_schema(t.attributes_schema)
        assert set(t.label) == {"zh_Hans", "en"}
    schema = types["lighting.cfl"].attributes_schema
    jsonschema.validate({"lamp_category": "cfl", "spray_code": "A240401", "manufacture_date": "2024-04-01"},
                        schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"lamp_category": "tube"}, schema)


def test_validate_asset_checks_the_spray_code_date(hooks):
    """DOMAIN §6 第二条 D: the manufacture date read from the spray code must be a real past date."""
    check = hooks.shouhou_validate_asset
    assert check(asset_type="lighting.cfl", attributes={"manufacture_date": "2024-04-01"}, settings={}) == []
    assert check(asset_type="lighting.cfl", attributes={"manufacture_date": "2024-13-01"}, settings={})
    assert check(asset_type="lighting.cfl", attributes={"manufacture_date": "2999-01-01"}, settings={})
    assert check(asset_type="ecommerce.item", attributes={}, settings={}) is None


def test_forms_are_valid_json_schema_and_named_for_the_plugin(hooks):
    """DOMAIN §6: forms are JSON Schemas declared in plugins/lighting/forms/."""
    forms = hooks.collect("shouhou_forms")
    assert {f.id for f in forms} == {"lighting.return_to_factory", "lighting.batch_quality_report"}
    for form in forms:
        jsonschema.Draft202012Validator.check_schema(form.schema)
        assert form.version >= 1 and set(form.title) == {"zh_Hans", "en"}


def test_return_to_factory_form_needs_items_quantity_reason_and_a_managers_signature(hooks):
    """DOMAIN §6 (不良品产品返厂申请表): items, quantity, reason; signed by the office or regional
    manager; without form or signature, not accepted."""
    form = next(f for f in hooks.collect("shouhou_forms") if f.id == "lighting.return_to_factory")
    validator = jsonschema.Draft202012Validator(form.schema)
    good = {
        "office": "福州办事处",
        "region_code": "350100",
        "items": [{"product": "lighting.cfl", "quantity": 40, "reason": "不亮"}],
        "signature": {"signed_by": "林经理", "role": "regional_manager", "signed_on": "2024-05-06"},
    }
    assert not list(validator.iter_errors(good))
    for broken in (
        {k: v for k, v in good.items() if k != "signature"},
        {**good, "items": []},
        {**good, "items": [{"product": "lighting.cfl", "quantity": 0, "reason": "x"}]},
        {**good, "items": [{"product": "lighting.cfl", "quantity": 1}]},
        {**good, "signature": {**good["signature"], "role": "clerk"}},
    ):
        assert list(validator.iter_errors(broken))


def test_scripts_render_in_both_languages_without_banned_phrases(hooks):
    """DOMAIN §4: scripts in zh_Hans and en with the standard variables; never 不知道, 我不能, 我不会."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    scripts = hooks.collect("shouhou_scripts")
    assert {s.id for s in scripts} >= {"lighting.next_day_satisfaction"}
    for script in scripts:
        assert script.id.startswith("lighting.") and set(script.texts) == {"zh_Hans", "en"}
        for text in script.texts.values():
            rendered = env.from_string(text).render(**CONTEXT)
            assert not [b for b in BANNED if b in text or b in rendered], script.id
            assert "{{" not in rendered
        assert "王先生" in env.from_string(script.texts["zh_Hans"]).render(**CONTEXT)


def test_next_day_satisfaction_call_after_each_service(hooks):
    """DOMAIN §3 (001 §四.3.6): a satisfaction call the day after each service (due 1..1)."""
    (rule,) = hooks.collect("shouhou_revisit_rules", settings={})
    assert (rule.trigger, rule.due_from_days, rule.due_by_days) == ("ticket.closed", 1, 1)
    assert rule.channel == "phone"
    assert rule.script_id in {s.id for s in hooks.collect("shouhou_scripts")}


def test_sla_repair_points_promise_three_days(hooks):
    """DOMAIN §1 (001 §2 第二条): repair points promise a repair within 3 days; configurable."""
    (sla,) = hooks.collect("shouhou_sla_defaults", settings={})
    assert (sla.source, sla.resolve_hours) == ("lighting", 72)
    (sla,) = hooks.collect("shouhou_sla_defaults", settings={"lighting": Settings(repair_promise_days=2)})
    assert sla.resolve_hours == 48


def test_complaint_routing_from_the_source(hooks):
    """Source 001 §1 第三、四、七条: batch quality, transport, customer disputes."""
    routes = {r.id: r for r in hooks.collect("shouhou_complaint_routing")}
    assert routes["lighting.route.batch_quality"].match == {"category": "batch_quality"}
    assert routes["lighting.route.transport"].department == "logistics"
    assert routes["lighting.route.user_dispute"].department == "regional_manager"


def test_warranty_tables_publish_every_rule_the_decisions_use(hooks):
    """DOMAIN §6: the published tables carry the same rule ids as the rules."""
    tables = {t.id: t for t in hooks.collect("shouhou_warranty_tables", settings={})}
    rows = {row.rule_id: row for t in tables.values() for row in t.rows}
    expected = {r.rule_id for r in rules.PERIODS} | {r.rule_id for r in rules.CFL_EXCHANGE_ORDER}
    assert expected | {rules.RULE_REPAIR_PAID, rules.RULE_DEALER_WINDOW} <= set(rows)
    assert rows["lighting.period.tube"].period == "P6M"
    assert rows["lighting.period.plastic_part"].period == "none"
    assert rows[rules.RULE_DEALER_WINDOW].period == "P15M"


def test_decision_hook_answers_only_for_lighting_and_reads_the_tenant_settings(hooks):
    """core.hookspecs.shouhou_warranty_decision: None for other plugins' types; settings by plugin name."""
    decide = hooks.shouhou_warranty_decision
    assert decide(claim=Claim("ecommerce.item", date(2024, 6, 1), purchase_date=date(2024, 6, 1)),
                  settings={}) is None
    tube = Claim("lighting.tube", date(2024, 9, 1), purchase_date=date(2024, 1, 1))
    assert decide(claim=tube, settings={}).decision == "repair_paid"
    assert decide(claim=tube, settings={"lighting": Settings(tube_months=12)}).decision == "repair_free"
    assert decide(claim=tube, settings={"lighting": {"tube_months": 12}}).decision == "repair_free"


def test_service_charge_hook_prices_parts_plus_ten_percent(hooks):
    """DOMAIN §6 第一条: out of warranty, parts + 10 % (None for other plugins' types)."""
    c = Claim("lighting.plastic_part", date(2024, 6, 1), parts=(Part("p", "cover", 333),))
    assert hooks.shouhou_service_charge(claim=c, settings={}).amount_fen == 366
    other = Claim("ecommerce.item", date(2024, 6, 1), parts=(Part("p", "x", 333),))
    assert hooks.shouhou_service_charge(claim=other, settings={}) is None


def test_ticket_kinds_are_named_for_the_plugin(hooks):
    """core.hookspecs.shouhou_ticket_kinds: <plugin>.<kind>; the forms point at them."""
    kinds = set(hooks.collect("shouhou_ticket_kinds"))
    assert kinds == {"lighting.return_to_factory", "lighting.batch_quality"}
    assert {k for f in hooks.collect("shouhou_forms") for k in f.ticket_kinds} <= kinds
