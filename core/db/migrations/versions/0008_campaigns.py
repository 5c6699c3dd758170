"""Campaigns: events and promotions announced to customers (DOMAIN §3, 004 (三)6)."""

from __future__ import annotations

import sqlalchemy as sa

from core.db.migration_kit import GUID, create_tenant_table, drop_tables, ref, tenant_keys, timestamp

revision = "0008_campaigns"
down_revision = "0007_revisit_topics"


def upgrade() -> None:
    create_tenant_table(
        "campaigns",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.Column("script_id", sa.String(length=200), nullable=True),
        sa.Column("members_only", sa.Boolean(), nullable=False),
        sa.Column("asset_type_prefix", sa.String(length=100), nullable=True),
        sa.Column("customers", sa.Integer(), nullable=False),
        sa.Column("created_by", GUID, nullable=True),
        timestamp(),
        *tenant_keys("campaigns"),
        ref("campaigns", "created_by", "users"),
        indexes=[("tenant_id", "event_date")],
    )


def downgrade() -> None:
    drop_tables("campaigns")
