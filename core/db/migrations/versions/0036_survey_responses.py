"""Satisfaction questionnaires (满意度调查表, DOMAIN §12, 003 篇3 10.1.2), with row-level security."""

from __future__ import annotations

import sqlalchemy as sa

from core.db.migration_kit import GUID, create_tenant_table, drop_tables, ref, tenant_keys, timestamp

revision = "0036_survey_responses"
down_revision = "0035_transport_claims"

TABLE = "survey_responses"
AREAS = ("installation", "operation", "implementation", "after_sales", "training")


def upgrade() -> None:
    create_tenant_table(
        TABLE,
        sa.Column("customer_id", GUID, nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=False),
        *(sa.Column(area, sa.Integer(), nullable=True) for area in AREAS),
        sa.Column("comments", sa.Text(), nullable=True),
        sa.Column("recorded_by", GUID, nullable=False),
        timestamp(),
        ref(TABLE, "customer_id", "customers"),
        ref(TABLE, "recorded_by", "users"),
        *tenant_keys(TABLE),
        indexes=[("tenant_id", "answered_on")],
    )


def downgrade() -> None:
    drop_tables(TABLE)
