"""Transport-damage claims (运输损坏索赔, DOMAIN §12, 001 篇1 退换货 第四条), with row-level security."""

from __future__ import annotations

import sqlalchemy as sa

from core.db.migration_kit import GUID, UTC_TIME, create_tenant_table, drop_tables, ref, tenant_keys, timestamp

revision = "0035_transport_claims"
down_revision = "0034_weekly_reports"

TABLE = "transport_claims"


def upgrade() -> None:
    create_tenant_table(
        TABLE,
        sa.Column("customer_id", GUID, nullable=False),
        sa.Column("ticket_id", GUID, nullable=True),
        sa.Column("carrier", sa.String(length=100), nullable=False),
        sa.Column("waybill_no", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("claimed_fen", sa.BigInteger(), nullable=True),
        sa.Column("owner_id", GUID, nullable=False),
        sa.Column("logistics_id", GUID, nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("settled_fen", sa.BigInteger(), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("closed_at", UTC_TIME, nullable=True),
        timestamp(),
        ref(TABLE, "customer_id", "customers"), ref(TABLE, "ticket_id", "tickets"),
        ref(TABLE, "owner_id", "users"), ref(TABLE, "logistics_id", "users"),
        *tenant_keys(TABLE),
        indexes=[("tenant_id", "status"), ("tenant_id", "customer_id")],
    )


def downgrade() -> None:
    drop_tables(TABLE)
