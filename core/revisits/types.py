"""Revisit rules (回访规则) that core and plugins declare."""

from __future__ import annotations

import msgspec

from core.i18n import LocalizedText


class NoticeSequence(msgspec.Struct, frozen=True):
    """A chain of notices sent until the customer answers (DOMAIN §3: repaired product ready).

    Each unanswered notice (outcome ``unreachable``) schedules the next one ``every_days``
    later; after ``notices`` unanswered notices the ``final_reason`` contact is scheduled on
    ``final_channel`` (e.g. mail the product back) and the sequence ends. An answered notice
    ends it too, and so does the case moving on: with ``while_ticket_status`` the next notice
    or the final contact is only scheduled while the revisit's ticket is in one of those
    statuses (the repaired item still waiting: ``resolved``; once collected, nothing more).
    ``last_script_id`` is the script of the last notice (a firmer wording), if it differs.
    """

    every_days: int = 3
    notices: int = 3
    final_reason: LocalizedText | None = None
    final_channel: str = "letter"
    final_script_id: str | None = None
    while_ticket_status: tuple[str, ...] = ()
    last_script_id: str | None = None


class RevisitRule(msgspec.Struct, frozen=True):
    """When an event happens (or on a cadence), schedule a contact within a due window.

    ``trigger``: ``ticket.closed``, ``installation.done``, ``asset.created``, ``revisit.outcome``,
    ``complaint.closed`` or ``cadence``. The window is ``[event date + due_from_days,
    event date + due_by_days]``, both days inclusive. ``conditions`` narrow the rule, e.g.
    ``{"is_member": true, "ticket_kinds": ["repair"], "asset_type_prefix": "automotive."}``
    (see :data:`core.revisits.conditions.CONDITIONS` for every key).
    ``cadence`` (for ``trigger == "cadence"``) is either anchored on an asset's installation
    date, e.g. ``{"every_months": 1, "for_months": 12, "then_every_months": 3}``, or per
    calendar quarter and customer: ``{"per": "quarter"}``.
    ``follows`` (for ``trigger == "revisit.outcome"``) is the rule id whose revisit, once the
    customer was reached, schedules this one (a chained follow-up).
    ``sequence`` makes the revisit a notice that repeats until answered.
    ``topics`` lists what its calls may talk about (id → title; a reached call records the ids
    it covered, from this list); ``topics_differ_from`` names rules whose earlier calls on the same
    case this call must not repeat (DOMAIN §3, 004 (三)5: 内容避免重复). ``not_before_window``:
    the call only counts inside its window, so its outcome cannot be recorded before the window
    opens (the car's follow-ups, 004 (三)4-5: a call on day 2 is not a 3-days-to-a-week follow-up).
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
    sequence: NoticeSequence | None = None
    topics: dict[str, LocalizedText] = msgspec.field(default_factory=dict)
    topics_differ_from: tuple[str, ...] = ()
    not_before_window: bool = False
