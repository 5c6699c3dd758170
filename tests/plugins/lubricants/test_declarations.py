"""What the lubrication equipment plugin declares: settings, asset type, forms, scripts, warranty
table, revisit rules, SLA, routing, penalty ladder and the decision hooks (DOMAIN §2, §4, §7)."""

from __future__ import annotations

from datetime import date

import jinja2
import jsonschema
import msgspec
import pytest

import plugins.lubricants as lubricants
from core.sdk import Claim, Part
from core.sdk.testing import PluginManager
from plugins.lubricants import rules
from plugins.lubricants.settings import Settings

BANNED = ("不知道", "我不能", "我不会", "i don't know", "i can't", "i cannot", "i won't")
CONTEXT = {"tenant": {"name": "启东南方润滑"}, "agent": {"name": "张伟", "employee_no": "0817"},
           "customer": {"name": "王", "title": "先生"}, "ticket": {"number": "SH-2024-0001"},
           "visit": {"arrival": "下午两点"}}


@pytest.fixture
def hooks():
    pm = PluginManager()
    assert pm.register(lubricants.plugin, "lubricants"), pm.failures
    return pm.for_tenant(["lubricants"])


def test_settings_defaults_and_validation(hooks):
    """DOMAIN §7: warranty 12 months (configurable default), revisit within 1 month, 8 h / 24 h."""
    s = Settings()
    assert (s.warranty_months, s.install_revisit_months) == (12, 1)
    assert (s.respond_in_province_hours, s.respond_out_of_province_hours) == (8, 24)
    with pytest.raises(msgspec.ValidationError):
        hooks.manager.parse_settings("lubricants", {"install_revisit_months": 0})


def test_equipment_asset_type_has_a_model(hooks):
    """DOMAIN §7 / API.md: lubricants.equipment with its model."""
    (equipment,) = hooks.collect("shouhou_asset_types")
    assert equipment.name == "lubricants.equipment"
    jsonschema.Draft202012Validator.check_schema(equipment.attributes_schema)
    jsonschema.validate({"model": "DRB-P235Z"}, equipment.attributes_schema)


def test_forms_are_valid_json_schema(hooks):
    """DOMAIN §7: on-site service registration, service feedback form (signature and stamp) and the
    tool custody register (handover, loss or damage), in plugins/lubricants/forms/."""
    forms = {f.id: f for f in hooks.collect("shouhou_forms")}
    assert set(forms) == {"lubricants.on_site_service_registration", "lubricants.service_feedback",
                          "lubricants.tool_custody"}
    for form in forms.values():
        jsonschema.Draft202012Validator.check_schema(form.schema)
        assert form.version >= 1 and set(form.title) == {"zh_Hans", "en"}
    feedback = forms["lubricants.service_feedback"].schema
    assert {"customer_signature", "company_stamp"} <= set(feedback["required"])
    tools = jsonschema.Draft202012Validator(forms["lubricants.tool_custody"].schema)
    base = {"technician": "张伟", "date": "2024-05-01", "tools": [{"name": "压力表", "serial": "PG-01"}]}
    assert not list(tools.iter_errors({**base, "event": "register"}))
    assert list(tools.iter_errors({**base, "event": "handover"}))  # to whom?
    assert not list(tools.iter_errors({**base, "event": "handover", "handover_to": "李强"}))
    assert list(tools.iter_errors({**base, "event": "loss"}))  # a report is required
    assert not list(tools.iter_errors({**base, "event": "damage", "report": "跌落损坏"}))


def test_scripts_in_both_languages_without_banned_phrases(hooks):
    """DOMAIN §4 (000 第四条(三)7, (五)8): first words on site 「您好，我是…售后服务人员…」; no
    不知道/我不能/我不会 in any script."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    scripts = {s.id: s for s in hooks.collect("shouhou_scripts")}
    assert {"lubricants.on_site_greeting", "lubricants.install_revisit", "lubricants.quarterly_revisit",
            "lubricants.out_of_scope_explained"} <= set(scripts)
    for script in scripts.values():
        assert set(script.texts) == {"zh_Hans", "en"} == set(script.title)
        for text in script.texts.values():
            assert not [b for b in BANNED if b in text.lower()], script.id
            assert "{{" not in env.from_string(text).render(**CONTEXT)
    greeting = env.from_string(scripts["lubricants.on_site_greeting"].texts["zh_Hans"]).render(**CONTEXT)
    assert greeting.strip().startswith("您好，我是启东南方润滑售后服务人员张伟")


def test_revisit_rules_use_declared_scripts(hooks):
    """DOMAIN §7: within 1 month of installation, and each customer every quarter."""
    revisit_rules = {r.id: r for r in hooks.collect("shouhou_revisit_rules", settings={})}
    assert set(revisit_rules) == {"lubricants.install_revisit", "lubricants.quarterly_revisit"}
    assert {r.script_id for r in revisit_rules.values()} <= {s.id for s in hooks.collect("shouhou_scripts")}


def test_sla_routing_and_penalty_ladder(hooks):
    """DOMAIN §1, §2: 8 h / 24 h; service complaints to the service manager; warning, penalty, dismissal."""
    (sla,) = hooks.collect("shouhou_sla_defaults", settings={"lubricants": {"respond_in_province_hours": 4}})
    assert (sla.respond_in_province_hours, sla.respond_out_of_province_hours) == (4, 24)
    (route,) = hooks.collect("shouhou_complaint_routing")
    assert (route.match, route.department) == ({"type": "service"}, "service_manager")
    (ladder,) = hooks.collect("shouhou_penalty_ladders")
    assert [s.level for s in ladder.steps] == ["warning", "penalty", "dismissal"]


def test_warranty_table_matches_the_ladder(hooks):
    (table,) = hooks.collect("shouhou_warranty_tables", settings={})
    assert [r.rule_id for r in table.rows] == [r.rule_id for r in rules.LADDER]
    assert {r.rule_id: r.period for r in table.rows}["lubricants.warranty.period"] == "P12M"


def test_decision_hook_answers_only_for_lubrication_equipment(hooks):
    """core.hookspecs.shouhou_warranty_decision: None for other types; settings by plugin name."""
    decide = hooks.shouhou_warranty_decision
    assert decide(claim=Claim("automotive.vehicle", date(2024, 6, 1)), settings={}) is None
    c = Claim("lubricants.equipment", date(2025, 6, 1), install_date=date(2024, 1, 1), parts=(Part("a", "a", 900),))
    assert decide(claim=c, settings={}).decision == "repair_paid"
    assert decide(claim=c, settings={"lubricants": {"warranty_months": 24}}).decision == "repair_free"
    out = Claim("lubricants.equipment", date(2024, 6, 1), facts={"general_equipment": True})
    assert decide(claim=out, settings={}).decision == "reject"
    assert hooks.shouhou_service_charge(claim=c, settings={}).amount_fen == 900
