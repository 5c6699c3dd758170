"""Notifications: the outbox of messages to customers and staff, the tenants' templates and
channel settings.

Revision ID: 0026_notifications
Revises: 0025_plugin_faults
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from core.db.rls import enable_rls

revision: str = "0026_notifications"
down_revision: str | Sequence[str] | None = "0025_plugin_faults"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TABLES = ("notifications", "notification_templates", "notification_settings")


def _keys(table: str) -> list:
    """The columns and keys every tenant table starts with."""
    return [
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    op.create_table(
        "notifications",
        *_keys("notifications"),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("recipient", sa.String(length=500), nullable=False),
        sa.Column("audience", sa.String(length=10), nullable=False),
        sa.Column("template_key", sa.String(length=100), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTC_TIME, nullable=False),
        sa.Column("sent_at", UTC_TIME, nullable=True),
        sa.Column("ticket_id", GUID, nullable=True),
        sa.Column("dedupe_key", sa.String(length=300), nullable=False),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("sensitive", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id", "ticket_id"], ["tickets.tenant_id", "tickets.id"],
                                name=op.f("fk_notifications_tenant_id_ticket_id_tickets")),
        sa.UniqueConstraint("tenant_id", "dedupe_key", name=op.f("uq_notifications_tenant_id_dedupe_key")),
        sa.CheckConstraint("status IN ('queued', 'sent', 'failed', 'suppressed')",
                           name=op.f("ck_notifications_status")),
        sa.CheckConstraint("audience IN ('customer', 'staff')", name=op.f("ck_notifications_audience")),
    )
    op.create_index(op.f("ix_notifications_tenant_id_status_next_attempt_at"), "notifications",
                    ["tenant_id", "status", "next_attempt_at"])
    op.create_index(op.f("ix_notifications_tenant_id_ticket_id"), "notifications", ["tenant_id", "ticket_id"])
    op.create_table(
        "notification_templates",
        *_keys("notification_templates"),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.UniqueConstraint("tenant_id", "key", "locale",
                            name=op.f("uq_notification_templates_tenant_id_key_locale")),
    )
    op.create_table(
        "notification_settings",
        *_keys("notification_settings"),
        sa.Column("channels", JSON, nullable=False),
        sa.Column("customer_channel", sa.String(length=40), nullable=False),
        sa.Column("staff_channels", JSON, nullable=False),
        sa.UniqueConstraint("tenant_id", name=op.f("uq_notification_settings_tenant_id")),
    )
    enable_rls(*TABLES)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
