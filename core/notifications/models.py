"""The notification outbox, the tenant's templates and the tenant's channel settings."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import CheckConstraint, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, tenant_fk, utcnow

#: Waiting to be sent (or retried); delivered; given up; never sent (no channel, no address).
STATUSES = ("queued", "sent", "failed", "suppressed")
#: Who a message is for: customers get quiet hours, staff do not.
AUDIENCES = ("customer", "staff")


class Notification(TenantScoped, Base):
    """One message in the outbox, rendered when it was queued (in the transaction of the command
    that caused it) and delivered by the worker.

    ``dedupe_key`` is unique per tenant, so the same cause (an escalation level, a notice step)
    queues one message however often it is seen. ``next_attempt_at`` is when the worker may try
    it next: for a customer it lies outside the tenant's quiet hours. ``sensitive`` bodies (a
    password-reset link) are blanked once delivered or given up.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        tenant_fk("ticket_id", "tickets"),
        UniqueConstraint("tenant_id", "dedupe_key"),
        Index(None, "tenant_id", "status", "next_attempt_at"),
        Index(None, "tenant_id", "ticket_id"),
        CheckConstraint("status IN ('queued', 'sent', 'failed', 'suppressed')", name="status"),
        CheckConstraint("audience IN ('customer', 'staff')", name="audience"),
    )

    channel: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(500))
    audience: Mapped[str] = mapped_column(String(10))
    template_key: Mapped[str] = mapped_column(String(100))
    locale: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    ticket_id: Mapped[UUID | None]
    dedupe_key: Mapped[str] = mapped_column(String(300))
    error: Mapped[str | None] = mapped_column(String(500))
    sensitive: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class NotificationTemplate(TenantScoped, Base):
    """A tenant's own wording of one message in one locale; the shipped default applies while
    there is none."""

    __tablename__ = "notification_templates"
    __table_args__ = (UniqueConstraint("tenant_id", "key", "locale"),)

    key: Mapped[str] = mapped_column(String(100))
    locale: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class NotificationSettings(TenantScoped, Base):
    """A tenant's channels (one row): for each channel name its configuration (the SMS gateway's
    address and token, a group robot's webhook address and signing secret…), which channel
    reaches customers and which ones reach staff."""

    __tablename__ = "notification_settings"
    __table_args__ = (UniqueConstraint("tenant_id"),)

    channels: Mapped[dict] = mapped_column(default=dict)
    customer_channel: Mapped[str] = mapped_column(String(40), default="sms")
    staff_channels: Mapped[list] = mapped_column(default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
