"""Tenant settings of the car repair plugin (DOMAIN §8, source 004).

Values the source gives: the first free service fee (首保, 80 CNY per car), the dealer-stock
discount (市场价的7折), the follow-up windows (3 days to 1 week; a week later, within 7 days).
Values it leaves open, with documented defaults:

* the warranty (三包) period: 36 months or 60,000 km from delivery, whichever comes first — the
  minimum repair-warranty period (包修期) of China's rules for household cars
  (《家用汽车产品修理更换退货责任规定》);
* the maintenance cycle when a vehicle has none recorded: 6 months or 5,000 km;
* the reminder lead time: 7 days before the next maintenance is due.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from core.sdk import setting_label

Days = Annotated[int, msgspec.Meta(ge=0, le=3650)]
Months = Annotated[int, msgspec.Meta(ge=0, le=240)]
Km = Annotated[int, msgspec.Meta(ge=0, le=2_000_000)]
Percent = Annotated[float, msgspec.Meta(ge=0, le=100)]


class Settings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Money in fen; periods in calendar months or days; distances in km."""

    first_service_fee_fen: Annotated[int, msgspec.Meta(ge=0), setting_label(
        "首保工时费（分）", "First free service fee billed to the maker (fen)",
        hint_zh_hans="8000 分 = 80.00 元",
        hint_en="8000 fen = ¥80.00")] = 8000
    warranty_months: Annotated[Months, setting_label("整车保修期（月）", "Vehicle warranty (months)")] = 36
    warranty_km: Annotated[Km, setting_label("整车保修里程（公里）", "Vehicle warranty (km)")] = 60_000
    dealer_stock_price_percent: Annotated[Percent, setting_label("经销商备件价格（%）", "Dealer parts price (%)")] = 70
    default_cycle_months: Annotated[Months, setting_label("默认保养周期（月）", "Default maintenance cycle (months)")] = 6
    default_cycle_km: Annotated[Km, setting_label("默认保养里程（公里）", "Default maintenance cycle (km)")] = 5_000
    reminder_days_before: Annotated[Days, setting_label("保养提醒提前天数", "Maintenance reminder (days before)")] = 7
    first_follow_up_from_days: Annotated[Days, setting_label("首次回访最早（天后）", "First follow-up from (days after)")] = 3
    first_follow_up_by_days: Annotated[Days, setting_label("首次回访最晚（天内）", "First follow-up by (days after)")] = 7
    second_follow_up_after_days: Annotated[Days, setting_label("二次回访间隔（天）", "Second follow-up after (days)")] = 7
    second_follow_up_within_days: Annotated[Days, setting_label("二次回访期限（天）", "Second follow-up within (days)")] = 7
    customer_file_days: Annotated[Days, setting_label("建立客户档案期限（天）", "Customer file within (days)")] = 2
