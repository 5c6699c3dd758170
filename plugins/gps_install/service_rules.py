"""GPS installation's revisit defaults (source 003: 篇5 §二.2 long-term follow-up, 篇2 §七.4
revisit within three days)."""

from __future__ import annotations

from core.sdk import RevisitRule

REVISIT_RULES: tuple[RevisitRule, ...] = (
    RevisitRule(
        id="gps_install.after_service",
        trigger="ticket.closed",
        due_from_days=1,
        due_by_days=3,
        reason={"zh_Hans": "安装或维修后三天内回访，确认终端定位和上线正常（003 篇5 §二.2，篇2 §七.4）",
                "en": "Within three days of an installation or repair: is the terminal reporting and online? "
                      "(003 part 5 §2.2, part 2 §7.4)"},
        channel="phone",
        script_id="gps_install.after_service",
        conditions={"ticket_kinds": ["installation", "repair"], "asset_type_prefix": "gps_install."},
    ),
)
