"""The SLA clock of a ticket: pausing stops it (waiting for the customer, for parts, the product
at the factory), resuming moves every due time not yet met by the time it stood still."""

from __future__ import annotations

from datetime import datetime, timedelta

PAUSE_REASONS = ("waiting_customer", "waiting_parts", "at_factory")


def start_pause(ticket, reason: str, now: datetime) -> None:
    ticket.paused_at, ticket.pause_reason = now, reason


def end_pause(ticket, now: datetime) -> int:
    """Stop the pause; extend the due times still running. Returns the paused seconds."""
    paused = max(now - ticket.paused_at, timedelta(0))
    if ticket.responded_at is None and ticket.respond_by is not None:
        ticket.respond_by += paused
    if ticket.resolved_at is None and ticket.resolve_by is not None:
        ticket.resolve_by += paused
    if ticket.escalated_at is None and ticket.escalate_by is not None:
        ticket.escalate_by += paused
    ticket.paused_seconds += int(paused.total_seconds())
    ticket.paused_at = ticket.pause_reason = None
    return int(paused.total_seconds())
