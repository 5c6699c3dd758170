"""Inbound call records and answers within three rings (三声内接听, DOMAIN §12, 003 篇6), with
row-level security."""

from __future__ import annotations

import sqlalchemy as sa

from core.db.migration_kit import GUID, create_tenant_table, drop_tables, ref, tenant_keys, timestamp, unique

revision = "0038_call_records"
down_revision = "0037_major_faults"

TABLE = "call_records"


def upgrade() -> None:
    create_tenant_table(
        TABLE,
        sa.Column("external_id", sa.String(length=100), nullable=False),
        timestamp("started_at"),
        sa.Column("ring_seconds", sa.Float(), nullable=True),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.Column("within_three_rings", sa.Boolean(), nullable=False),
        sa.Column("user_id", GUID, nullable=True),
        sa.Column("employee_no", sa.String(length=40), nullable=True),
        timestamp(),
        ref(TABLE, "user_id", "users"),
        *tenant_keys(TABLE),
        unique(TABLE, "tenant_id", "external_id"),
        indexes=[("tenant_id", "started_at")],
    )


def downgrade() -> None:
    drop_tables(TABLE)
