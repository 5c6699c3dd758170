"""Notifications: the outbox of messages to customers and staff, the tenants' templates and
channel settings."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.migration_kit import GUID, JSON, create_tenant_table, drop_tables, ref, tenant_keys, timestamp, unique

revision = "0026_notifications"
down_revision = "0025_plugin_faults"

NOTIFICATIONS, TEMPLATES, SETTINGS = "notifications", "notification_templates", "notification_settings"


def _keys(table: str) -> list:
    """When the row was made and last changed, and the tenant's keys."""
    return [timestamp(), timestamp("updated_at"), *tenant_keys(table)]


def upgrade() -> None:
    create_tenant_table(
        NOTIFICATIONS,
        *_keys(NOTIFICATIONS),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("recipient", sa.String(length=500), nullable=False),
        sa.Column("audience", sa.String(length=10), nullable=False),
        sa.Column("template_key", sa.String(length=100), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        timestamp("next_attempt_at"),
        timestamp("sent_at", nullable=True),
        sa.Column("ticket_id", GUID, nullable=True),
        sa.Column("dedupe_key", sa.String(length=300), nullable=False),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("sensitive", sa.Boolean(), nullable=False),
        ref(NOTIFICATIONS, "ticket_id", "tickets"),
        unique(NOTIFICATIONS, "tenant_id", "dedupe_key"),
        sa.CheckConstraint("status IN ('queued', 'sent', 'failed', 'suppressed')",
                           name=op.f(f"ck_{NOTIFICATIONS}_status")),
        sa.CheckConstraint("audience IN ('customer', 'staff')", name=op.f(f"ck_{NOTIFICATIONS}_audience")),
        indexes=[("tenant_id", "status", "next_attempt_at"), ("tenant_id", "ticket_id")],
    )
    create_tenant_table(
        TEMPLATES,
        *_keys(TEMPLATES),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        unique(TEMPLATES, "tenant_id", "key", "locale"),
    )
    create_tenant_table(
        SETTINGS,
        *_keys(SETTINGS),
        sa.Column("channels", JSON, nullable=False),
        sa.Column("customer_channel", sa.String(length=40), nullable=False),
        sa.Column("staff_channels", JSON, nullable=False),
        unique(SETTINGS, "tenant_id"),
    )


def downgrade() -> None:
    drop_tables(NOTIFICATIONS, TEMPLATES, SETTINGS)
