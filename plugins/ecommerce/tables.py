"""The published return ladder and exclusions, built from the same rows the rules walk."""

from __future__ import annotations

from core.sdk import WarrantyRow, WarrantyTable
from plugins.ecommerce.rules import EXCLUSIONS, ITEM, NO_REASON_RUNG, QUALITY_LADDER, Rung
from plugins.ecommerce.settings import Settings

_REMEDY = {
    "return": {"zh_Hans": "退货", "en": "Return"},
    "exchange": {"zh_Hans": "调换", "en": "Exchange"},
    "repair_free": {"zh_Hans": "免费维修", "en": "Free repair"},
    "repair_paid": {"zh_Hans": "有偿维修（配件费）", "en": "Paid repair (parts)"},
    "reject": {"zh_Hans": "恕不退换", "en": "No return or exchange"},
}


def _period(rung: Rung, settings: Settings) -> str:
    """ISO 8601 duration of the rung's limit from purchase; the open last rung is ``beyond``."""
    if rung.setting is None:
        return "beyond"
    return f"P{getattr(settings, rung.setting)}{'D' if rung.unit == 'days' else 'M'}"


def warranty_tables(settings: Settings) -> list[WarrantyTable]:
    """The ladder from purchase (第六-十条) and what is never returned or exchanged (第十一-十五条)."""
    no_reason = WarrantyRow(
        NO_REASON_RUNG.rule_id, ITEM, _period(NO_REASON_RUNG, settings), _REMEDY["return"],
        {"zh_Hans": "任何原因，不影响再次销售且无除外情形", "en": "Any reason; resalable, no exclusion"},
    )
    ladder = tuple(
        WarrantyRow(rung.rule_id, ITEM, _period(rung, settings), _REMEDY[rung.decision],
                    {"zh_Hans": "质量问题", "en": "Quality problem"})
        for rung in QUALITY_LADDER
    )
    exclusions = tuple(
        WarrantyRow(e.rule_id, ITEM, "", _REMEDY["repair_paid" if e.fact == "customer_damage" else "reject"],
                    dict(e.text))
        for e in EXCLUSIONS
    )
    return [
        WarrantyTable("ecommerce.ladder",
                      {"zh_Hans": "退换货及维修期限", "en": "Return, exchange and repair ladder"},
                      (no_reason, *ladder)),
        WarrantyTable("ecommerce.exclusions",
                      {"zh_Hans": "恕不退换的情形", "en": "Never returned or exchanged"}, exclusions),
    ]
