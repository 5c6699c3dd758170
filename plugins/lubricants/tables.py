"""The published lubrication equipment warranty table, built from the ladder the rules walk."""

from __future__ import annotations

from core.sdk import WarrantyRow, WarrantyTable
from plugins.lubricants.rules import EQUIPMENT, LADDER
from plugins.lubricants.settings import Settings

_REMEDY = {
    "reject": {"zh_Hans": "说明原因，不予维修", "en": "Explained, not repaired"},
    "repair_free": {"zh_Hans": "免费维修", "en": "Free repair"},
    "repair_paid": {"zh_Hans": "有偿维修（配件+工时）", "en": "Paid: parts + labour"},
}


def warranty_tables(settings: Settings) -> list[WarrantyTable]:
    """Rows in ladder order; only the warranty rung has a period (ISO 8601, from installation)."""
    rows = tuple(
        WarrantyRow(
            rule_id=rung.rule_id,
            asset_type=EQUIPMENT,
            period=f"P{settings.warranty_months}M" if rung.rule_id == "lubricants.warranty.period" else "",
            remedy=_REMEDY[rung.decision],
            note={"zh_Hans": "自安装（投运）之日起", "en": "From installation (commissioning)"}
            if rung.rule_id == "lubricants.warranty.period" else None,
        )
        for rung in LADDER
    )
    return [WarrantyTable("lubricants.warranty", {"zh_Hans": "润滑设备保修", "en": "Lubrication equipment warranty"},
                          rows)]
