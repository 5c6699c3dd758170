"""Webhook endpoints a tenant registered, and the deliveries of events to them (the outbox)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, tenant_fk, utcnow


class WebhookEndpoint(TenantScoped, Base):
    """A URL of the tenant's that hears the event types it subscribed to.

    ``secret`` (``whsec_<base64>``) signs every message; after a rotation the previous secret
    also signs until ``previous_secret_until``, so receivers can switch without losing messages.
    ``consecutive_failures`` and ``failing_since`` count the current streak of failed attempts;
    a long streak disables the endpoint (``disabled_at`` and ``disabled_reason`` tell the admin).
    """

    __tablename__ = "webhook_endpoints"
    __table_args__ = (tenant_fk("created_by", "users"), Index(None, "tenant_id", "enabled"))

    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str] = mapped_column(String(500), default="")
    event_types: Mapped[list] = mapped_column(default=list)
    secret: Mapped[str] = mapped_column(String(200))
    previous_secret: Mapped[str | None] = mapped_column(String(200))
    previous_secret_until: Mapped[datetime | None]
    enabled: Mapped[bool] = mapped_column(default=True)
    disabled_at: Mapped[datetime | None]
    disabled_reason: Mapped[str | None] = mapped_column(String(500))
    consecutive_failures: Mapped[int] = mapped_column(default=0)
    failing_since: Mapped[datetime | None]
    created_by: Mapped[UUID | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebhookDelivery(TenantScoped, Base):
    """One event for one endpoint: the exact body sent on every attempt (its ``id`` is the
    ``webhook-id``, the same on retries and replays), its state and its latest attempt.

    ``status``: ``pending`` (an attempt is scheduled at ``next_attempt_at``), ``delivered``,
    ``failed`` (the retries ran out) or ``cancelled`` (the endpoint was disabled).
    ``round_attempts`` counts the attempts since it was recorded or last replayed.
    """

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        tenant_fk("endpoint_id", "webhook_endpoints", ondelete="CASCADE"),
        Index(None, "tenant_id", "endpoint_id", "id"),
    )

    endpoint_id: Mapped[UUID]
    event_type: Mapped[str] = mapped_column(String(100))
    subject_id: Mapped[UUID]
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    round_attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    last_attempt_at: Mapped[datetime | None]
    last_status_code: Mapped[int | None]
    last_duration_ms: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    last_response: Mapped[str | None] = mapped_column(String(1024))
    delivered_at: Mapped[datetime | None]
