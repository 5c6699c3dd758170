"""What the GPS installation plugin declares: settings, asset type and its checks, forms, scripts,
warranty table, revisit rule and the decision hooks (DOMAIN §4, §9)."""

from __future__ import annotations

from datetime import date

import jinja2
import jsonschema
import msgspec
import pytest

import plugins.gps_install as gps
from core.sdk import Claim, Part
from core.sdk.testing import PluginManager
from plugins.gps_install.settings import Settings

BANNED = ("不知道", "我不能", "我不会", "i don't know", "i can't", "i cannot", "i won't")
CONTEXT = {"tenant": {"name": "星途定位"}, "agent": {"name": "李娜", "employee_no": "0817"},
           "customer": {"name": "王", "title": "先生"}, "ticket": {"number": "SH-2024-0001"}}
ICCID = "8986001234567890120"  # 19 digits, Luhn check digit 0


@pytest.fixture
def hooks():
    pm = PluginManager()
    assert pm.register(gps.plugin, "gps_install"), pm.failures
    return pm.for_tenant(["gps_install"])


def test_settings_default_to_twelve_months_and_are_validated(hooks):
    """DOMAIN §9 configurable: 12 months from installation by default."""
    assert Settings().warranty_months == 12
    assert hooks.manager.parse_settings("gps_install", {"warranty_months": "18"}).warranty_months == 18
    with pytest.raises(msgspec.ValidationError):
        hooks.manager.parse_settings("gps_install", {"warranty_months": -1})
    with pytest.raises(msgspec.ValidationError):
        hooks.manager.parse_settings("gps_install", {"warranty_month": 3})


def test_terminal_asset_type_has_terminal_sim_plate_and_driver(hooks):
    """DOMAIN §9 / API.md: gps_install.terminal with terminal number, SIM ICCID, plate and driver."""
    (terminal,) = hooks.collect("shouhou_asset_types")
    assert terminal.name == "gps_install.terminal"
    jsonschema.Draft202012Validator.check_schema(terminal.attributes_schema)
    assert {"terminal_number", "sim_iccid", "vehicle_plate", "driver"} <= set(terminal.attributes_schema["properties"])
    jsonschema.validate({"terminal_number": "013912345678", "sim_iccid": ICCID, "vehicle_plate": "苏F12345",
                         "driver": {"name": "赵师傅", "phone": "13800000000"}}, terminal.attributes_schema)


def test_validate_asset_checks_the_iccid_luhn_digit(hooks):
    """DOMAIN §9: shouhou_validate_asset goes beyond the schema: Luhn digit, terminal number, plate."""
    check = hooks.shouhou_validate_asset
    good = {"terminal_number": "013912345678", "sim_iccid": ICCID, "vehicle_plate": "苏F12345"}
    assert check(asset_type="gps_install.terminal", attributes=good, settings={}) == []
    assert check(asset_type="gps_install.terminal", attributes={}, settings={}) == []
    bad = {"terminal_number": "x", "sim_iccid": ICCID[:-1] + "1", "vehicle_plate": "F12345"}
    problems = dict(check(asset_type="gps_install.terminal", attributes=bad, settings={}))
    assert set(problems) == {"terminal_number", "sim_iccid", "vehicle_plate"} and "Luhn" in problems["sim_iccid"]
    assert check(asset_type="lighting.cfl", attributes=bad, settings={}) is None


def test_forms_are_valid_json_schema(hooks):
    """DOMAIN §9: install work order (with manager approval) and repair service form (old/new
    terminal numbers and SIM ICCIDs), declared in plugins/gps_install/forms/."""
    forms = {f.id: f for f in hooks.collect("shouhou_forms")}
    assert set(forms) == {"gps_install.install_work_order", "gps_install.repair_service"}
    for form in forms.values():
        jsonschema.Draft202012Validator.check_schema(form.schema)
        assert form.version >= 1 and set(form.title) == {"zh_Hans", "en"}
    order = jsonschema.Draft202012Validator(forms["gps_install.install_work_order"].schema)
    good = {"customer": "顺达物流", "install_request_no": "AZ-001",
            "vehicles": [{"plate": "苏F12345", "driver_name": "赵师傅", "driver_phone": "13800000000"}],
            "approval": {"approved": True, "approved_by": "GPS 事业部经理"}}
    assert not list(order.iter_errors(good))
    assert list(order.iter_errors({**good, "vehicles": []}))
    repair = jsonschema.Draft202012Validator(forms["gps_install.repair_service"].schema)
    swap = {"customer": "顺达物流", "contact": "13800000000", "fault": "不定位", "plate": "苏F12345",
            "terminal_swap": {"old_terminal_no": "T1000001", "new_terminal_no": "T1000002", "labelled": True},
            "sim_swap": {"old_iccid": ICCID, "new_iccid": "89860012345678901234"}}
    assert not list(repair.iter_errors(swap))
    assert list(repair.iter_errors({**swap, "sim_swap": {"old_iccid": ICCID}}))
    assert list(repair.iter_errors({**swap, "terminal_swap": {**swap["terminal_swap"], "labelled": False}}))


def test_scripts_in_both_languages_without_banned_phrases(hooks):
    """DOMAIN §4: zh_Hans and en Jinja2 texts with the standard variables; never 不知道/我不能/我不会."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    scripts = hooks.collect("shouhou_scripts")
    assert {s.id for s in scripts} == {"gps_install.install_appointment", "gps_install.after_service"}
    for script in scripts:
        assert set(script.texts) == {"zh_Hans", "en"} == set(script.title)
        for text in script.texts.values():
            rendered = env.from_string(text).render(**CONTEXT)
            assert not [b for b in BANNED if b in text.lower()], script.id
            assert "SH-2024-0001" in rendered and "0817" in rendered


def test_revisit_after_service_uses_a_declared_script(hooks):
    """003 篇2 §七.4 / 篇5 §二.2: a call within three days of an installation or repair."""
    (rule,) = hooks.collect("shouhou_revisit_rules", settings={})
    assert (rule.trigger, rule.due_from_days, rule.due_by_days) == ("ticket.closed", 1, 3)
    assert rule.script_id in {s.id for s in hooks.collect("shouhou_scripts")}


def test_warranty_table_matches_the_rules(hooks):
    """DOMAIN §9: the published table carries the rule ids the decisions use."""
    (table,) = hooks.collect("shouhou_warranty_tables", settings={})
    assert [(r.rule_id, r.period) for r in table.rows] == [
        ("gps_install.warranty.12m", "P12M"), ("gps_install.out_of_warranty.parts_only", "")]


def test_decision_hook_answers_only_for_gps_terminals_and_reads_settings(hooks):
    """core.hookspecs.shouhou_warranty_decision: None for other types; settings by plugin name."""
    decide = hooks.shouhou_warranty_decision
    assert decide(claim=Claim("lighting.cfl", date(2024, 6, 1), purchase_date=date(2024, 6, 1)), settings={}) is None
    c = Claim("gps_install.terminal", date(2025, 6, 1), install_date=date(2024, 1, 1), parts=(Part("a", "a", 900),))
    assert decide(claim=c, settings={}).decision == "repair_paid"
    assert decide(claim=c, settings={"gps_install": {"warranty_months": 24}}).decision == "repair_free"
    assert decide(claim=c, settings={"gps_install": Settings(warranty_months=24)}).rule_ids == (
        "gps_install.warranty.24m",)


def test_service_charge_hook_is_parts_only(hooks):
    """DOMAIN §9: out of warranty only parts are charged, labour free (None for other types)."""
    c = Claim("gps_install.terminal", date(2025, 6, 1), parts=(Part("a", "a", 900, 3),), facts={"labour_fen": 1})
    assert hooks.shouhou_service_charge(claim=c, settings={}).amount_fen == 2700
    assert hooks.shouhou_service_charge(claim=Claim("lighting.cfl", date(2025, 6, 1)), settings={}) is None
