"""What the car repair plugin declares: settings, vehicle asset type, forms, scripts, warranty
table, revisit rules, SLA, routing and the decision hooks (DOMAIN §3, §4, §8)."""

from __future__ import annotations

from datetime import date

import jinja2
import jsonschema
import msgspec
import pytest

import plugins.automotive as automotive
from core.sdk import Claim, Part
from core.sdk.testing import PluginManager
from plugins.automotive import rules
from plugins.automotive.settings import Settings

BANNED = ("不知道", "我不能", "我不会", "i don't know", "i can't", "i cannot", "i won't")
CONTEXT = {
    "tenant": {"name": "顺风汽修"}, "agent": {"name": "李娜", "employee_no": "0817"},
    "customer": {"name": "王", "title": "先生"}, "ticket": {"number": "SH-2024-0001"},
    "asset": {"attributes": {"plate": "苏F12345", "next_maintenance_date": "2024-07-10",
                             "next_maintenance_km": 35000}},
    "event": {"name": "免费检测周", "date": "2024-06-01", "address": "工农路1号"},
}


@pytest.fixture
def hooks():
    pm = PluginManager()
    assert pm.register(automotive.plugin, "automotive"), pm.failures
    return pm.for_tenant(["automotive"])


def test_settings_defaults_are_the_source_values(hooks):
    """DOMAIN §8: 首保 80 CNY; follow-ups 3-7 days, then 7 days later within 7; documented defaults."""
    s = Settings()
    assert (s.first_service_fee_fen, s.dealer_stock_price_percent) == (8000, 70)
    assert (s.first_follow_up_from_days, s.first_follow_up_by_days) == (3, 7)
    assert (s.second_follow_up_after_days, s.second_follow_up_within_days) == (7, 7)
    assert (s.warranty_months, s.warranty_km, s.reminder_days_before) == (36, 60_000, 7)
    with pytest.raises(msgspec.ValidationError):
        hooks.manager.parse_settings("automotive", {"first_service_fee_fen": -1})


def test_vehicle_asset_type_has_plate_model_type_mileage_and_cycle(hooks):
    """DOMAIN §8: plate 车牌号, model, vehicle type, mileage, maintenance cycle (months and km)."""
    (vehicle,) = hooks.collect("shouhou_asset_types")
    schema = vehicle.attributes_schema
    jsonschema.Draft202012Validator.check_schema(schema)
    assert {"plate", "model", "vehicle_type", "mileage_km", "maintenance_cycle"} <= set(schema["properties"])
    jsonschema.validate({"plate": "苏F12345", "model": "朗逸", "vehicle_type": "轿车", "mileage_km": 30000,
                         "maintenance_cycle": {"months": 6, "km": 5000}}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"maintenance_cycle": {"weeks": 2}}, schema)
    check = hooks.shouhou_validate_asset
    assert check(asset_type="automotive.vehicle", attributes={"plate": "苏F12345"}, settings={}) == []
    assert check(asset_type="automotive.vehicle", attributes={"plate": "12345"}, settings={})
    assert check(asset_type="gps_install.terminal", attributes={}, settings={}) is None


def test_forms_are_valid_json_schema(hooks):
    """DOMAIN §8: vehicle service record (items, cycle, next due date) and follow-up call record."""
    forms = {f.id: f for f in hooks.collect("shouhou_forms")}
    assert set(forms) == {"automotive.vehicle_service_record", "automotive.follow_up_call_record"}
    for form in forms.values():
        jsonschema.Draft202012Validator.check_schema(form.schema)
        assert form.version >= 1 and set(form.title) == {"zh_Hans", "en"}
    record = jsonschema.Draft202012Validator(forms["automotive.vehicle_service_record"].schema)
    good = {"customer": "王先生", "phone": "13800000000", "service_date": "2024-01-10", "plate": "苏F12345",
            "items": [{"name": "更换机油"}], "maintenance_cycle": {"months": 6, "km": 5000},
            "next_maintenance": {"due_date": "2024-07-10", "due_km": 35000, "reason": "time"}}
    assert not list(record.iter_errors(good))
    assert list(record.iter_errors({**good, "items": []}))
    calls = jsonschema.Draft202012Validator(forms["automotive.follow_up_call_record"].schema)
    assert list(calls.iter_errors({"called_on": "2024-01-15", "direction": "outbound",
                                   "topics": ["vehicle_use", "vehicle_use"]}))


def test_scripts_in_both_languages_without_banned_phrases(hooks):
    """DOMAIN §4: car follow-up scripts in zh_Hans and en; never 不知道/我不能/我不会; they render
    with the full context (strict) and with only the standard variables (missing ones blank)."""
    strict = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    lenient = jinja2.Environment(undefined=jinja2.ChainableUndefined, autoescape=False)
    basic = {k: CONTEXT[k] for k in ("tenant", "agent", "customer", "ticket")}
    scripts = hooks.collect("shouhou_scripts")
    assert {s.id for s in scripts} == {"automotive.follow_up_first", "automotive.follow_up_second",
                                       "automotive.maintenance_reminder", "automotive.event_notice"}
    for script in scripts:
        assert set(script.texts) == {"zh_Hans", "en"} == set(script.title)
        for text in script.texts.values():
            assert not [b for b in BANNED if b in text.lower()], script.id
            assert "0817" in strict.from_string(text).render(**CONTEXT)
            assert "{{" not in lenient.from_string(text).render(**basic)
    reminder = next(s for s in scripts if s.id == "automotive.maintenance_reminder")
    assert "2024-07-10" in strict.from_string(reminder.texts["zh_Hans"]).render(**CONTEXT)


def test_revisit_rules_first_and_second_follow_up_and_reminder(hooks):
    """DOMAIN §3 / 004 (三)4-5: first 3-7 days after collection; second 7-14 days after the first
    (chained on it); maintenance reminder N days before the due date."""
    rules_by_id = {r.id: r for r in hooks.collect("shouhou_revisit_rules", settings={})}
    first, second = rules_by_id["automotive.follow_up.first"], rules_by_id["automotive.follow_up.second"]
    assert (first.trigger, first.due_from_days, first.due_by_days) == ("ticket.closed", 3, 7)
    assert first.conditions["asset_type_prefix"] == "automotive."
    assert (second.trigger, second.follows, second.due_from_days, second.due_by_days) == (
        "revisit.outcome", first.id, 7, 14)
    reminder = rules_by_id["automotive.maintenance_reminder"]
    assert (reminder.due_from_days, reminder.due_by_days) == (-7, 0)
    scripts = {s.id for s in hooks.collect("shouhou_scripts")}
    assert {r.script_id for r in rules_by_id.values()} <= scripts
    assert first.script_id != second.script_id  # topics must not repeat


def test_sla_and_routing(hooks):
    """DOMAIN §1 (004 §1.3): 8 h in the province, 24 h outside; 004: improper repair → the shop."""
    (sla,) = hooks.collect("shouhou_sla_defaults", settings={})
    assert (sla.source, sla.respond_in_province_hours, sla.respond_out_of_province_hours) == ("automotive", 8, 24)
    routes = {r.id: r for r in hooks.collect("shouhou_complaint_routing")}
    assert routes["automotive.route.improper_repair"].department == "repair_shop"


def test_warranty_table_matches_the_ladder(hooks):
    """DOMAIN §8: the published table has every rung's rule id, the warranty with its period."""
    (table,) = hooks.collect("shouhou_warranty_tables", settings={})
    assert [r.rule_id for r in table.rows] == [r.rule_id for r in rules.WARRANTY]
    periods = {r.rule_id: r.period for r in table.rows}
    assert periods["automotive.warranty.period"] == "P36M"


def test_decision_hook_answers_only_for_vehicles_and_reads_settings(hooks):
    """core.hookspecs.shouhou_warranty_decision: None for other types; settings by plugin name."""
    decide = hooks.shouhou_warranty_decision
    assert decide(claim=Claim("lighting.cfl", date(2024, 6, 1), purchase_date=date(2024, 6, 1)), settings={}) is None
    c = Claim("automotive.vehicle", date(2024, 6, 1), purchase_date=date(2022, 1, 1))
    assert decide(claim=c, settings={}).decision == "repair_free"
    assert decide(claim=c, settings={"automotive": {"warranty_months": 24}}).decision == "repair_paid"


def test_service_charge_hook_is_parts_and_labour(hooks):
    c = Claim("automotive.vehicle", date(2024, 6, 1), parts=(Part("a", "a", 900, 2),), facts={"labour_fen": 500})
    assert hooks.shouhou_service_charge(claim=c, settings={}).amount_fen == 2300
    assert hooks.shouhou_service_charge(claim=Claim("lighting.cfl", date(2024, 6, 1)), settings={}) is None
