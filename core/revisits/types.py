"""Revisit rules (回访规则) that core and plugins declare."""

from __future__ import annotations

import msgspec

from core.i18n import LocalizedText


class RevisitRule(msgspec.Struct, frozen=True):
    """When an event happens (or on a cadence), schedule a contact within a due window.

    ``trigger``: ``ticket.closed``, ``installation.done``, ``asset.created``, ``revisit.outcome``,
    ``complaint.closed`` or ``cadence``. The window is ``[event date + due_from_days,
    event date + due_by_days]``. ``conditions`` narrow the rule, e.g.
    ``{"is_member": true, "ticket_kinds": ["repair"], "asset_type_prefix": "automotive."}``.
    ``cadence`` (for ``trigger == "cadence"``) is e.g.
    ``{"every_months": 1, "for_months": 12, "then_every_months": 3}``.
    """

    id: str
    trigger: str
    due_from_days: int
    due_by_days: int
    reason: LocalizedText
    channel: str = "phone"
    script_id: str | None = None
    conditions: dict = msgspec.field(default_factory=dict)
    cadence: dict | None = None
    follows: str | None = None
