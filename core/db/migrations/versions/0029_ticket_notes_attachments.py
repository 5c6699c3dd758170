"""Internal notes on tickets and the files attached to them."""

from __future__ import annotations

import sqlalchemy as sa

from core.db.migration_kit import GUID, create_tenant_table, drop_tables, ref, tenant_keys, timestamp

revision = "0029_ticket_notes_attachments"
down_revision = "0028_webhook_config_version"

NOTES, ATTACHMENTS = "ticket_notes", "ticket_attachments"


def upgrade() -> None:
    create_tenant_table(
        NOTES,
        sa.Column("ticket_id", GUID, nullable=False),
        sa.Column("author_id", GUID, nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        timestamp(),
        *tenant_keys(NOTES),
        ref(NOTES, "ticket_id", "tickets"),
        ref(NOTES, "author_id", "users"),
        indexes=[("tenant_id", "ticket_id", "id")],
    )
    create_tenant_table(
        ATTACHMENTS,
        sa.Column("ticket_id", GUID, nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by", GUID, nullable=False),
        timestamp(),
        *tenant_keys(ATTACHMENTS),
        ref(ATTACHMENTS, "ticket_id", "tickets"),
        ref(ATTACHMENTS, "uploaded_by", "users"),
        indexes=[("tenant_id", "ticket_id", "id")],
    )


def downgrade() -> None:
    drop_tables(NOTES, ATTACHMENTS)
