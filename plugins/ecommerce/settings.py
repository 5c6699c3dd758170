"""Tenant settings of the online shop plugin; every default is the source's value (DOMAIN §10)."""

from __future__ import annotations

from typing import Annotated

import msgspec

from core.sdk import setting_label

Days = Annotated[int, msgspec.Meta(ge=0, le=3650)]


class Settings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The return ladder (days and calendar months from purchase, 第六-十条), repair and notice
    times (第十六、二十七、二十八、三十五条) and online-chat response times (003 篇4)."""

    no_reason_return_days: Annotated[Days, setting_label("无理由退货期（天）", "Return without reason (days)")] = 7
    quality_return_days: Annotated[Days, setting_label("质量问题退货期（天）", "Return for a quality problem (days)")] = 15
    quality_exchange_days: Annotated[Days, setting_label("质量问题换货期（天）", "Exchange for a quality problem (days)")] = 30
    free_repair_months: Annotated[int, msgspec.Meta(ge=0, le=120), setting_label(
        "免费维修期（月）", "Free repair (months)")] = 3
    repair_days: Annotated[Days, setting_label("维修时限（天）", "Repair time (days)")] = 7
    #: 第十六条: a repair that will be late is announced this many hours before its due time.
    late_repair_notice_hours: Annotated[int, msgspec.Meta(ge=1, le=24 * 30), setting_label(
        "维修延期提前通知（小时）", "Notice of a late repair (hours before due)")] = 24
    repair_ready_renotify_days: Annotated[Days, setting_label(
        "修好待取再次通知间隔（天）", "Repeat the 'ready for pick-up' notice every (days)")] = 3
    repair_ready_notices: Annotated[int, msgspec.Meta(ge=1, le=10), setting_label(
        "修好待取通知次数", "'Ready for pick-up' notices")] = 3
    out_of_stock_callback_days: Annotated[Days, setting_label(
        "缺货回电期限（天）", "Call back about an out-of-stock item within (days)")] = 7
    chat_greet_seconds: Annotated[int, msgspec.Meta(ge=1), setting_label(
        "在线客服首次问候时限（秒）", "Online chat: greet within (seconds)")] = 15
    chat_answer_seconds: Annotated[int, msgspec.Meta(ge=1), setting_label(
        "在线客服回复时限（秒）", "Online chat: answer within (seconds)")] = 20
