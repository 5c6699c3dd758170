"""Tickets: forms filled after intake (DOMAIN §1 and §7: the forms an action requires)."""

from __future__ import annotations

import sqlalchemy as sa

from core.db.migration_kit import GUID, JSON, create_tenant_table, drop_tables, ref, tenant_keys, timestamp

revision = "0011_ticket_forms"
down_revision = "0010_chat_messages"

TABLE = "ticket_forms"


def upgrade() -> None:
    create_tenant_table(
        TABLE,
        sa.Column("ticket_id", GUID, nullable=False),
        sa.Column("form_id", sa.String(length=200), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.Column("data", JSON, nullable=False),
        sa.Column("filled_by", GUID, nullable=True),
        timestamp(),
        *tenant_keys(TABLE),
        ref(TABLE, "ticket_id", "tickets", ondelete="CASCADE"),
        ref(TABLE, "filled_by", "users"),
        indexes=[("tenant_id", "ticket_id", "form_id")],
    )


def downgrade() -> None:
    drop_tables(TABLE)
