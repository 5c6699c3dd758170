"""What the online shop plugin declares: settings, asset type, forms, scripts, tables, revisits,
SLA, routing and penalties (DOMAIN §2, §3, §4, §10)."""

from __future__ import annotations

from datetime import date

import jinja2
import jsonschema
import msgspec
import pytest

import plugins.ecommerce as ecommerce
from core.sdk import Claim
from core.sdk.testing import PluginManager
from plugins.ecommerce import rules
from plugins.ecommerce.service_rules import revisit_rules
from plugins.ecommerce.settings import Settings

BANNED = ("不知道", "我不能", "我不会")
CONTEXT = {
    "tenant": {"name": "优选商城"},
    "agent": {"employee_no": "021"},
    "customer": {"name": "李", "title": "女士"},
    "ticket": {"number": "SH-2024-0002"},
}


@pytest.fixture
def hooks():
    pm = PluginManager()
    assert pm.register(ecommerce.plugin, "ecommerce"), pm.failures
    return pm.for_tenant(["ecommerce"])


def test_settings_defaults_are_the_domain_values():
    """DOMAIN §10: 7 / 15 / 30 days, 3 months; repairs 1 week; notices every 3 days, 3 of them;
    out-of-stock call-back 1 week; chat 15 s / 20 s."""
    s = Settings()
    ladder = (s.no_reason_return_days, s.quality_return_days, s.quality_exchange_days, s.free_repair_months)
    assert ladder == (7, 15, 30, 3)
    assert (s.repair_days, s.repair_ready_renotify_days, s.repair_ready_notices) == (7, 3, 3)
    assert (s.out_of_stock_callback_days, s.chat_greet_seconds, s.chat_answer_seconds) == (7, 15, 20)


def test_settings_are_validated_through_the_plugin_manager(hooks):
    """core.plugins: a tenant's settings are validated against the plugin's Struct."""
    assert hooks.manager.parse_settings("ecommerce", {"quality_return_days": "10"}).quality_return_days == 10
    with pytest.raises(msgspec.ValidationError):
        hooks.manager.parse_settings("ecommerce", {"chat_greet_seconds": 0})


def test_item_asset_type_has_sku_price_type_and_made_to_order(hooks):
    """API.md ecommerce.item; DOMAIN §10 第十二、十五条: made-to-order, special price, gift."""
    (item,) = hooks.collect("shouhou_asset_types")
    assert item.name == "ecommerce.item"
    schema = item.attributes_schema
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate({"sku": "SKU-1", "price_type": "gift", "made_to_order": False}, schema)
    for bad in ({}, {"sku": "A", "price_type": "clearance"}, {"sku": "A", "made_to_order": "no"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


def test_forms_are_valid_json_schema(hooks):
    """DOMAIN §10: the return request and the out-of-stock registration, declared in forms/."""
    forms = {f.id: f for f in hooks.collect("shouhou_forms")}
    assert set(forms) == {"ecommerce.return_request", "ecommerce.out_of_stock"}
    for form in forms.values():
        jsonschema.Draft202012Validator.check_schema(form.schema)
        assert set(form.title) == {"zh_Hans", "en"}
    request = jsonschema.Draft202012Validator(forms["ecommerce.return_request"].schema)
    good = {"sku": "A1", "purchase_date": "2024-03-10", "reason": "quality", "description": "不开机"}
    assert not list(request.iter_errors(good))
    assert list(request.iter_errors({**good, "reason": "changed_mind"}))
    stock = jsonschema.Draft202012Validator(forms["ecommerce.out_of_stock"].schema)
    customer = {"name": "李", "phone": "13800000000"}
    assert not list(stock.iter_errors({"sku": "A1", "quantity": 1, "customer": customer}))
    assert list(stock.iter_errors({"sku": "A1", "quantity": 1}))


def test_scripts_render_in_both_languages_without_banned_phrases(hooks):
    """DOMAIN §4 (003 篇4 §七.11): never 不知道, 我不能, 我不会; zh_Hans and en with the variables."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    scripts = {s.id: s for s in hooks.collect("shouhou_scripts")}
    assert {"ecommerce.chat_greeting", "ecommerce.satisfaction", "ecommerce.repair_ready_notice",
            "ecommerce.repair_ready_final_notice", "ecommerce.out_of_stock_callback"} <= set(scripts)
    for script in scripts.values():
        assert set(script.texts) == {"zh_Hans", "en"}
        for text in script.texts.values():
            rendered = env.from_string(text).render(**CONTEXT)
            assert not [b for b in BANNED if b in text or b in rendered], script.id
            assert "{{" not in rendered and "优选商城" in rendered


def test_revisit_satisfaction_after_every_case(hooks):
    """DOMAIN §10 (第三十二条): satisfaction is asked after every case."""
    rules_by_id = {r.id: r for r in hooks.collect("shouhou_revisit_rules", settings={})}
    satisfaction = rules_by_id["ecommerce.satisfaction"]
    assert satisfaction.trigger == "ticket.closed" and satisfaction.conditions == {}


def test_revisit_repair_ready_notify_again_after_three_days_mail_back_after_three_notices(hooks):
    """DOMAIN §3 and §10 (第二十七-二十八条): notify; again 3 days later; mail back after 3 notices,
    while the repaired item still waits (the sequence runs end to end in test_repair_ready_notices)."""
    by_id = {r.id: r for r in hooks.collect("shouhou_revisit_rules", settings={})}
    rule = by_id["ecommerce.repair_ready"]
    assert (rule.trigger, rule.due_from_days, rule.due_by_days) == ("ticket.resolved", 0, 0)
    assert rule.conditions == {"ticket_kinds": ["repair"]}
    sequence = rule.sequence
    assert (sequence.every_days, sequence.notices, sequence.final_channel) == (3, 3, "mail")
    assert sequence.while_ticket_status == ("resolved",)
    scripts = {s.id for s in hooks.collect("shouhou_scripts")}
    assert {rule.script_id, sequence.last_script_id} <= scripts


def test_revisit_notice_count_follows_the_settings():
    """DOMAIN §10 (configurable): a shop sending 4 notices every 2 days."""
    by_id = {r.id: r for r in revisit_rules(Settings(repair_ready_notices=4, repair_ready_renotify_days=2))}
    sequence = by_id["ecommerce.repair_ready"].sequence
    assert (sequence.notices, sequence.every_days) == (4, 2)


def test_revisit_out_of_stock_call_back_within_one_week(hooks):
    """DOMAIN §3 (第三十五条): contact the customer again within 1 week, arrived or not."""
    by_id = {r.id: r for r in hooks.collect("shouhou_revisit_rules", settings={})}
    rule = by_id["ecommerce.out_of_stock_callback"]
    assert (rule.due_from_days, rule.due_by_days) == (0, 7)
    assert rule.conditions == {"ticket_kinds": ["ecommerce.out_of_stock"]}
    assert "ecommerce.out_of_stock" in hooks.collect("shouhou_ticket_kinds")


def test_sla_chat_fifteen_and_twenty_seconds_repairs_within_a_week(hooks):
    """DOMAIN §1 (003 篇4, 004 第十六条): greet in 15 s, answer in 20 s; repairs within 1 week."""
    (sla,) = hooks.collect("shouhou_sla_defaults", settings={})
    assert (sla.chat_greet_seconds, sla.chat_answer_seconds, sla.resolve_hours) == (15, 20, 168)
    (sla,) = hooks.collect("shouhou_sla_defaults", settings={"ecommerce": Settings(repair_days=5)})
    assert sla.resolve_hours == 120


def test_penalty_ladder_thirty_yuan_then_double_then_dismissal(hooks):
    """DOMAIN §2 (003 篇4 §四.3(5)): 1st fine 30 CNY, 2nd double, 3rd dismissal."""
    (ladder,) = hooks.collect("shouhou_penalty_ladders")
    first, second, third = ladder.steps
    assert first.fine_fen == 3000 and second.fine_fen == 2 * first.fine_fen
    assert (third.level, third.fine_fen) == ("dismissal", None)


def test_complaint_routing_sends_service_complaints_to_the_store_manager(hooks):
    """003 篇4 §三 (直属上级: 店长) and 004 第二十条 (请示上级)."""
    routes = {r.id: r for r in hooks.collect("shouhou_complaint_routing")}
    assert routes["ecommerce.route.service"].match == {"type": "service"}
    assert routes["ecommerce.route.service"].department == "store_manager"


def test_warranty_tables_publish_every_rule_the_decisions_use(hooks):
    """DOMAIN §10: the published ladder and exclusions carry the rules' ids and windows."""
    rows = {row.rule_id: row for t in hooks.collect("shouhou_warranty_tables", settings={}) for row in t.rows}
    expected = {rules.NO_REASON_RUNG.rule_id} | {r.rule_id for r in rules.QUALITY_LADDER}
    assert expected | {e.rule_id for e in rules.EXCLUSIONS} <= set(rows)
    assert [rows[r.rule_id].period for r in rules.QUALITY_LADDER] == ["P15D", "P30D", "P3M", "beyond"]
    assert rows["ecommerce.ladder.no_reason_7d"].period == "P7D"


def test_decision_hook_answers_only_for_shop_items_and_reads_the_tenant_settings(hooks):
    """core.hookspecs.shouhou_warranty_decision: None for other types; settings by plugin name."""
    decide = hooks.shouhou_warranty_decision
    lamp = Claim("lighting.tube", date(2024, 6, 1), purchase_date=date(2024, 6, 1))
    assert decide(claim=lamp, settings={}) is None
    item = Claim("ecommerce.item", date(2024, 3, 21), purchase_date=date(2024, 3, 10))
    assert decide(claim=item, settings={}).decision == "return"
    assert decide(claim=item, settings={"ecommerce": Settings(quality_return_days=10)}).decision == "exchange"
    assert decide(claim=item, settings={"ecommerce": {"quality_return_days": 10}}).decision == "exchange"
