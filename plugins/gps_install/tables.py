"""The published GPS warranty table, built from the same rungs the rules walk."""

from __future__ import annotations

from core.sdk import WarrantyRow, WarrantyTable
from plugins.gps_install.rules import TERMINAL, WARRANTY
from plugins.gps_install.settings import Settings

_REMEDY = {
    "repair_free": {"zh_Hans": "免费维修（配件、工时均免费）", "en": "Free repair (parts and labour)"},
    "repair_paid": {"zh_Hans": "只收零部件费用，工时免费", "en": "Parts only; labour free"},
}


def warranty_tables(settings: Settings) -> list[WarrantyTable]:
    """Periods are ISO 8601 durations from installation; an empty period is the catch-all rung."""
    months = settings.warranty_months
    rows = tuple(
        WarrantyRow(
            rule_id=rung.rule_id.format(months=months),
            asset_type=TERMINAL,
            period=f"P{months}M" if rung.months_setting else "",
            remedy=_REMEDY[rung.decision],
            note={"zh_Hans": "自安装之日起（未登记安装日期时自购买之日起）",
                  "en": "From installation (from purchase when no installation date is recorded)"},
        )
        for rung in WARRANTY
    )
    return [WarrantyTable("gps_install.warranty", {"zh_Hans": "GPS 终端保修", "en": "GPS terminal warranty"}, rows)]
