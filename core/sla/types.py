"""SLA defaults that core and plugins propose; a tenant's policy overrides them."""

from __future__ import annotations

import msgspec


class SlaDefaults(msgspec.Struct, frozen=True):
    """Response and resolution targets, in hours unless named otherwise (DOMAIN §1 SLA defaults)."""

    source: str
    respond_in_province_hours: int = 8
    respond_out_of_province_hours: int = 24
    escalate_open_question_minutes: int = 30
    resolve_hours: int | None = None
    resolve_working_days: int | None = None
    chat_greet_seconds: int | None = None
    chat_answer_seconds: int | None = None
