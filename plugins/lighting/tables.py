"""The published lighting warranty tables, built from the same rows the rules walk."""

from __future__ import annotations

from core.sdk import WarrantyRow, WarrantyTable
from plugins.lighting.rules import (
    CFL,
    CFL_EXCHANGE_ORDER,
    PERIODS,
    RULE_DEALER_WINDOW,
    RULE_REPAIR_PAID,
)
from plugins.lighting.settings import Settings

_REMEDY = {
    "repair_free": {"zh_Hans": "免费维修", "en": "Free repair"},
    "exchange": {"zh_Hans": "一支换一支", "en": "Exchange one for one"},
    "reject": {"zh_Hans": "不予更换", "en": "No exchange"},
    "repair_paid": {"zh_Hans": "有偿维修：配件费 + 配件费{percent}%的维修费",
                    "en": "Paid repair: parts + {percent}% of the parts"},
}


def _paid(settings: Settings) -> dict[str, str]:
    percent = f"{settings.repair_fee_percent:g}"
    return {k: v.format(percent=percent) for k, v in _REMEDY["repair_paid"].items()}


def warranty_tables(settings: Settings) -> list[WarrantyTable]:
    """Periods from purchase (第一条), the energy-saving lamp exchange order (第二条 A–C) and the
    dealer window (第二条 D). Periods are ISO 8601 durations; ``none`` means no warranty."""
    periods = tuple(
        WarrantyRow(
            rule_id=row.rule_id,
            asset_type=row.asset_type,
            period="none" if months is None else f"P{months}M",
            remedy=_paid(settings) if months is None else _REMEDY["exchange" if row.asset_type == CFL
                                                                  else "repair_free"],
            note={"zh_Hans": "自购买之日起；过期或非质量问题：有偿维修",
                  "en": "From purchase; after it, or not a quality fault: paid repair"},
        )
        for row in PERIODS
        for months in [getattr(settings, row.setting)]
    )
    paid = WarrantyRow(RULE_REPAIR_PAID, "lighting.*", "", _paid(settings))
    exchange = tuple(
        WarrantyRow(row.rule_id, CFL, f"P{settings.cfl_months}M", _REMEDY[row.decision], dict(row.text))
        for row in CFL_EXCHANGE_ORDER
    )
    dealer = WarrantyRow(
        RULE_DEALER_WINDOW, "lighting.*", f"P{settings.dealer_months_from_manufacture}M",
        {"zh_Hans": "经销商：自出厂日期（喷码）起，只换货或拒绝",
         "en": "Dealer: from the manufacture date (spray code); exchange or reject only"},
        {"zh_Hans": "超出期限一律不予更换", "en": "After it: no exchange"},
    )
    return [
        WarrantyTable("lighting.periods",
                      {"zh_Hans": "照明产品保修期", "en": "Lighting warranty periods"}, (*periods, paid)),
        WarrantyTable("lighting.cfl_exchange",
                      {"zh_Hans": "节能灯退换标准", "en": "Energy-saving lamp exchange"},
                      (dealer, *exchange)),
    ]
