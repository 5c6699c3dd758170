"""Weekly service reports (周报, DOMAIN §12, 003 篇3 四), with row-level security."""

from __future__ import annotations

import sqlalchemy as sa

from core.db.migration_kit import GUID, create_tenant_table, drop_tables, ref, tenant_keys, timestamp, unique

revision = "0034_weekly_reports"
down_revision = "0033_staff_breaches"

TABLE = "weekly_reports"


def upgrade() -> None:
    create_tenant_table(
        TABLE,
        sa.Column("user_id", GUID, nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("situations", sa.Text(), nullable=False),
        sa.Column("feedback", sa.Text(), nullable=False),
        timestamp("submitted_at"),
        sa.Column("on_time", sa.Boolean(), nullable=False),
        timestamp(),
        ref(TABLE, "user_id", "users"),
        *tenant_keys(TABLE),
        unique(TABLE, "tenant_id", "week_start", "user_id"),
    )


def downgrade() -> None:
    drop_tables(TABLE)
