"""The published car warranty table, built from the same ladder the rules walk."""

from __future__ import annotations

from core.sdk import WarrantyRow, WarrantyTable, yuan
from plugins.automotive.rules import VEHICLE, WARRANTY
from plugins.automotive.settings import Settings

_REMEDY = {
    "automotive.dealer_stock.discount": {"zh_Hans": "按市场价的{pct}%收费", "en": "{pct}% of the market price"},
    "automotive.first_service.already_given": {"zh_Hans": "首保每台新车仅一次：再次申请按常规保养收费（配件+工时）",
                                               "en": "Once per new car: a second claim is paid (parts + labour)"},
    "automotive.first_service": {"zh_Hans": "客户免费；厂家付首保费每台{fee}元，当日结算",
                                 "en": "Free to the customer; the maker pays CNY {fee} per car, same day"},
    "automotive.warranty.excluded": {"zh_Hans": "有偿维修（配件+工时）", "en": "Paid: parts + labour"},
    "automotive.warranty.period": {"zh_Hans": "免费维修；工时按厂家工时费结算",
                                   "en": "Free; labour at the maker's rates"},
    "automotive.out_of_warranty": {"zh_Hans": "有偿维修（配件+工时）", "en": "Paid: parts + labour"},
}


def warranty_tables(settings: Settings) -> list[WarrantyTable]:
    """Rows in ladder order; only the warranty rung has a period (ISO 8601 months; km in the note)."""
    values = {"pct": f"{settings.dealer_stock_price_percent:g}", "fee": yuan(settings.first_service_fee_fen)}
    rows = tuple(
        WarrantyRow(
            rule_id=rung.rule_id,
            asset_type=VEHICLE,
            period=f"P{settings.warranty_months}M" if rung.rule_id == "automotive.warranty.period" else "",
            remedy={k: v.format(**values) for k, v in _REMEDY[rung.rule_id].items()},
            note={"zh_Hans": f"或 {settings.warranty_km} 公里，以先到者为准（自交车日起）",
                  "en": f"or {settings.warranty_km} km, whichever comes first (from delivery)"}
            if rung.rule_id == "automotive.warranty.period" else None,
        )
        for rung in WARRANTY
    )
    return [WarrantyTable("automotive.warranty", {"zh_Hans": "汽车三包与首保", "en": "Car warranty and first service"},
                          rows)]
