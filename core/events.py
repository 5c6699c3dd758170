"""Domain events that reaction hooks receive."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID


@dataclass(frozen=True)
class DomainEvent:
    """Something that happened to a ticket, complaint, revisit or asset.

    ``name`` is ``<subject>.<verb>``: ``ticket.created``, ``ticket.closed``, ``asset.created``,
    ``installation.done``, ``complaint.closed``, ``revisit.outcome`` …
    """

    name: str
    tenant_id: UUID
    subject_id: UUID
    occurred_at: datetime
    actor_id: UUID | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class EventContext:
    """What a reaction may use: the open database session (already scoped to the tenant) and the
    enabled plugins' settings, keyed by plugin name."""

    session: Any
    plugin_settings: dict[str, Any]
    locale: str = "zh_Hans"
