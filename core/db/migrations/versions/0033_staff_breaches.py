"""Staff fines (违规处罚, DOMAIN §12, 003 篇6 管理规定): breaches of the service rules and the
fine each reached, with row-level security."""

from __future__ import annotations

import sqlalchemy as sa

from core.db.migration_kit import GUID, UTC_TIME, create_tenant_table, drop_tables, ref, tenant_keys, timestamp

revision = "0033_staff_breaches"
down_revision = "0032_search_indexes"

TABLE = "staff_breaches"


def upgrade() -> None:
    create_tenant_table(
        TABLE,
        sa.Column("user_id", GUID, nullable=False),
        sa.Column("rule", sa.String(length=200), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("in_charge_id", GUID, nullable=True),
        sa.Column("recorded_by", GUID, nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("fine_fen", sa.Integer(), nullable=True),
        sa.Column("in_charge_fine_fen", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decided_by", GUID, nullable=True),
        sa.Column("decided_at", UTC_TIME, nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        timestamp(),
        *(ref(TABLE, column, "users") for column in ("user_id", "in_charge_id", "recorded_by", "decided_by")),
        *tenant_keys(TABLE),
        indexes=[("tenant_id", "user_id", "rule")],
    )


def downgrade() -> None:
    drop_tables(TABLE)
