"""Online chat: the messages of a chat ticket, agent replies measured against the greeting and
answer times of the SLA policy (DOMAIN §1, 003 篇4)."""

from __future__ import annotations

import sqlalchemy as sa

from core.db.migration_kit import GUID, UTC_TIME, create_tenant_table, drop_tables, ref, tenant_keys, timestamp

revision = "0010_chat_messages"
down_revision = "0009_shift_handovers"

TABLE = "chat_messages"


def upgrade() -> None:
    create_tenant_table(
        TABLE,
        sa.Column("ticket_id", GUID, nullable=False),
        sa.Column("sender", sa.String(length=10), nullable=False),
        sa.Column("author_id", GUID, nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("sent_at", UTC_TIME, nullable=False),
        sa.Column("measure", sa.String(length=10), nullable=True),
        sa.Column("wait_seconds", sa.Integer(), nullable=True),
        sa.Column("on_time", sa.Boolean(), nullable=True),
        timestamp(),
        ref(TABLE, "author_id", "users"),
        ref(TABLE, "ticket_id", "tickets", ondelete="CASCADE"),
        *tenant_keys(TABLE),
        indexes=[("tenant_id", "ticket_id", "sent_at"), ("tenant_id", "sent_at")],
    )


def downgrade() -> None:
    drop_tables(TABLE)
