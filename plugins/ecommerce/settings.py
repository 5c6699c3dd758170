"""Tenant settings of the online shop plugin; every default is the source's value (DOMAIN §10)."""

from __future__ import annotations

from typing import Annotated

import msgspec

Days = Annotated[int, msgspec.Meta(ge=0, le=3650)]


class Settings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The return ladder (days and calendar months from purchase, 第六-十条), repair and notice
    times (第十六、二十七、二十八、三十五条) and online-chat response times (003 篇4)."""

    no_reason_return_days: Days = 7
    quality_return_days: Days = 15
    quality_exchange_days: Days = 30
    free_repair_months: Annotated[int, msgspec.Meta(ge=0, le=120)] = 3
    repair_days: Days = 7
    #: 第十六条: a repair that will be late is announced this many hours before its due time.
    late_repair_notice_hours: Annotated[int, msgspec.Meta(ge=1, le=24 * 30)] = 24
    repair_ready_renotify_days: Days = 3
    repair_ready_notices: Annotated[int, msgspec.Meta(ge=1, le=10)] = 3
    out_of_stock_callback_days: Days = 7
    chat_greet_seconds: Annotated[int, msgspec.Meta(ge=1)] = 15
    chat_answer_seconds: Annotated[int, msgspec.Meta(ge=1)] = 20
