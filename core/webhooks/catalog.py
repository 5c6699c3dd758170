"""The event types a webhook endpoint can subscribe to.

A message's ``type`` is the domain event's name (:mod:`core.events`). A subscription is one of:
an event type of :data:`EVENT_TYPES`; ``ticket.status_changed`` (every ticket event that moved
the ticket to another status); ``<subject>.*`` (every event about that subject, plugins' events
included); ``*`` (everything); or the name of an event a plugin publishes (``<subject>.<verb>``).
"""

from __future__ import annotations

import re

from core.events import DomainEvent

#: Core event types, each with what it means (zh_Hans, en).
EVENT_TYPES: dict[str, tuple[str, str]] = {
    "ticket.created": ("服务单已创建", "A ticket was created"),
    "ticket.assigned": ("服务单已派工", "A ticket was assigned to a technician"),
    "ticket.handed_over": ("服务单已移交", "A ticket's owner changed"),
    "ticket.status_changed": ("服务单状态变化", "Any ticket event that changed its status"),
    "ticket.resolve_due_soon": ("SLA 即将超时", "SLA at risk: the resolve deadline is near"),
    "ticket.sla_breached": ("SLA 已超时", "SLA breached"),
    "ticket.sla_escalated": ("SLA 已升级", "An SLA breach was escalated"),
    "ticket.resolved": ("服务单已解决", "A ticket was resolved"),
    "ticket.closed": ("服务单已关闭", "A ticket was closed"),
    "complaint.created": ("投诉已记录", "A complaint was recorded"),
    "complaint.*": ("投诉处理步骤", "Every step of a complaint"),
    "revisit.scheduled": ("回访已安排（到期提醒）", "A revisit is due: it was scheduled with its window"),
    "revisit.outcome": ("回访结果", "A revisit's outcome was recorded"),
    "warranty.decided": ("保修判定", "A warranty decision was recorded"),
    "asset.created": ("设备已登记", "An asset was registered"),
    "installation.done": ("安装已完成", "An installation was done"),
    "*": ("全部事件（含插件事件）", "Every event, plugins' events included"),
}
#: Selects ticket events that moved the ticket to another status.
STATUS_CHANGED = "ticket.status_changed"
#: A subscription pattern: ``*``, ``subject.*`` or ``subject.verb``.
PATTERN = re.compile(r"^(\*|[a-z][a-z0-9_]{0,39}\.(\*|[a-z][a-z0-9_]{0,59}))$")
MAX_TYPES = 50


def check_patterns(patterns: list[str]) -> list[tuple[str, str]]:
    """The problems of a subscription list, as ``(field, reason)`` pairs (empty: fine)."""
    problems = []
    if not patterns:
        problems.append(("event_types", "subscribe to at least one event type"))
    if len(patterns) > MAX_TYPES:
        problems.append(("event_types", f"at most {MAX_TYPES} event types"))
    for index, pattern in enumerate(patterns):
        if not PATTERN.fullmatch(pattern):
            problems.append((f"event_types[{index}]", "must be '*', '<subject>.*' or '<subject>.<verb>'"))
    return problems


def matches(patterns: list[str], event: DomainEvent) -> bool:
    """Whether an endpoint subscribed to ``patterns`` hears ``event``."""
    subject = event.name.split(".", 1)[0]
    for pattern in patterns:
        if pattern in ("*", event.name, f"{subject}.*"):
            return True
        if pattern == STATUS_CHANGED and subject == "ticket" and status_changed(event):
            return True
    return False


def status_changed(event: DomainEvent) -> bool:
    """A ticket event whose ``from_status`` differs from the ticket's ``status`` after it."""
    before = event.data.get("from_status")
    return before is not None and before != event.data.get("status")
