"""The append-only ticket history: every change with who, what, when, and the fields before and
after."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from core.db.inserts import insert_new
from core.db.loaded import column_values
from core.tickets.models import Ticket, TicketEvent

#: Ticket columns the history compares (everything but keys and bookkeeping).
TRACKED = tuple(
    c.key for c in Ticket.__table__.columns if c.key not in {"tenant_id", "id", "created_at", "updated_at"}
)


def plain(value: Any) -> Any:
    """A JSON-friendly value."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


def snapshot(ticket: Ticket) -> dict[str, Any]:
    values = column_values(ticket)
    return {key: plain(values[key]) for key in TRACKED}


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that changed, as ``(before, after)``; an empty ``before`` (a new ticket)
    stays empty."""
    changed = [k for k in after if before.get(k) != after[k]]
    return {k: before[k] for k in changed if k in before}, {k: after[k] for k in changed}


async def record(
    session: AsyncSession,
    ticket: Ticket,
    actor_id: UUID | None,
    action: str,
    before: dict[str, Any],
    *,
    from_status: str | None = None,
    data: dict[str, Any] | None = None,
) -> TicketEvent:
    """Append one history entry for ``ticket`` comparing ``before`` with its current fields."""
    old, new = diff(before, snapshot(ticket))
    event = TicketEvent(
        ticket_id=ticket.id,
        actor_id=actor_id,
        action=action,
        from_status=from_status,
        to_status=ticket.status,
        before=old,
        after=new,
        data={k: plain(v) for k, v in (data or {}).items()},
    )
    await insert_new(session, event)
    return event
