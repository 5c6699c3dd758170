"""Tenant settings of the lighting plugin; every default is the source's value (DOMAIN §6)."""

from __future__ import annotations

from functools import partial
from typing import Annotated

import msgspec

from core.sdk import plugin_settings, setting_label

Months = Annotated[int, msgspec.Meta(ge=0, le=120)]
#: The hint of a warranty period that may be left empty.
NO_WARRANTY_WHEN_EMPTY = {"hint_zh_hans": "留空表示不保修", "hint_en": "Empty: no warranty"}


class Settings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Warranty periods (calendar months from purchase), the dealer window (months from the
    manufacture date read from the spray code), the out-of-warranty repair fee, the repair
    points' promise and the deposit (押金) a repair point pays on its first-batch parts stock, in
    percent of the stock's value (the source leaves the proportion to the company; 30 here).
    ``plastic_part_months = None`` means plastic parts have no warranty."""

    ceiling_lamp_months: Annotated[Months | None, setting_label(
        "吸顶灯保修期（月）", "Ceiling lamp warranty (months)", **NO_WARRANTY_WHEN_EMPTY)] = 12
    recessed_ballast_months: Annotated[Months | None, setting_label(
        "筒灯镇流器保修期（月）", "Recessed lamp ballast warranty (months)", **NO_WARRANTY_WHEN_EMPTY)] = 12
    tube_months: Annotated[Months | None, setting_label(
        "灯管保修期（月）", "Tube warranty (months)", **NO_WARRANTY_WHEN_EMPTY)] = 6
    plastic_part_months: Annotated[Months | None, setting_label(
        "塑料件保修期（月）", "Plastic part warranty (months)", **NO_WARRANTY_WHEN_EMPTY)] = None
    cfl_months: Annotated[Months | None, setting_label(
        "节能灯保修期（月）", "Energy-saving lamp warranty (months)", **NO_WARRANTY_WHEN_EMPTY)] = 12
    dealer_months_from_manufacture: Annotated[Months, setting_label(
        "经销商退换期（月，自生产日期起）", "Dealer window (months from the manufacture date)",
        hint_zh_hans="生产日期由喷码读出",
        hint_en="The manufacture date is read from the spray code")] = 15
    repair_fee_percent: Annotated[float, msgspec.Meta(ge=0, le=100), setting_label(
        "保外维修费（%）", "Out-of-warranty repair fee (%)")] = 10
    repair_promise_days: Annotated[int, msgspec.Meta(ge=0, le=30), setting_label(
        "维修点承诺修复天数", "Repair point's promise (days)")] = 3
    deposit_percent: Annotated[float, msgspec.Meta(ge=0, le=100), setting_label(
        "首批配件押金比例（%）", "Deposit on the first-batch parts stock (%)")] = 30
    #: Extra return-to-factory weeks keyed by GB/T 2260 code (province or city), e.g. ``{"220000": 1}``
    #: for a region the source leaves unassigned.
    return_week_overrides: Annotated[dict[str, Annotated[int, msgspec.Meta(ge=1, le=5)]], setting_label(
        "返厂周次调整（按地区代码）", "Return-to-factory week by region code",
        hint_zh_hans="例如 {\"220000\": 1}：吉林省第 1 周",
        hint_en="For example {\"220000\": 1}: Jilin in week 1")] = msgspec.field(
        default_factory=dict
    )


#: This plugin's settings out of the per-plugin mapping hooks receive (defaults if none).
tenant_settings = partial(plugin_settings, name="lighting", cls=Settings)
