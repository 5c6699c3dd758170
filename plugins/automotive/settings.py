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

Days = Annotated[int, msgspec.Meta(ge=0, le=3650)]
Months = Annotated[int, msgspec.Meta(ge=0, le=240)]
Km = Annotated[int, msgspec.Meta(ge=0, le=2_000_000)]
Percent = Annotated[float, msgspec.Meta(ge=0, le=100)]


class Settings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Money in fen; periods in calendar months or days; distances in km."""

    first_service_fee_fen: Annotated[int, msgspec.Meta(ge=0)] = 8000
    warranty_months: Months = 36
    warranty_km: Km = 60_000
    dealer_stock_price_percent: Percent = 70
    default_cycle_months: Months = 6
    default_cycle_km: Km = 5_000
    reminder_days_before: Days = 7
    first_follow_up_from_days: Days = 3
    first_follow_up_by_days: Days = 7
    second_follow_up_after_days: Days = 7
    second_follow_up_within_days: Days = 7
    customer_file_days: Days = 2
