"""vehicle maintenance and visits"""

from __future__ import annotations

import sqlalchemy as sa

from core.sdk import migration_kit as kit

revision = 'automotive_0001'
down_revision = None
branch_labels = ('automotive',)
depends_on = '0001_spine'

GUID, UTC_TIME = kit.GUID, kit.UTC_TIME
MAINTENANCE = "automotive_vehicle_maintenance"
VISITS = "automotive_visits"


def upgrade() -> None:
    kit.create_tenant_table(
        MAINTENANCE,
        sa.Column("asset_id", GUID, nullable=False),
        sa.Column("customer_id", GUID, nullable=False),
        sa.Column("last_service_date", sa.Date(), nullable=False),
        sa.Column("last_service_km", sa.Integer(), nullable=False),
        sa.Column("next_due_date", sa.Date(), nullable=False),
        sa.Column("next_due_km", sa.Integer(), nullable=True),
        sa.Column("due_reason", sa.String(length=10), nullable=False),
        sa.Column("rule_id", sa.String(length=100), nullable=False),
        sa.Column("reminder_date", sa.Date(), nullable=False),
        sa.Column("reminder_revisit_id", GUID, nullable=True),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        kit.timestamp(),
        kit.ref(MAINTENANCE, "asset_id", "assets", ondelete="CASCADE"),
        kit.ref(MAINTENANCE, "customer_id", "customers"),
        *kit.tenant_keys(MAINTENANCE),
        kit.unique(MAINTENANCE, "tenant_id", "asset_id"),
        indexes=[("tenant_id", "next_due_date")],
    )
    kit.create_tenant_table(
        VISITS,
        sa.Column("asset_id", GUID, nullable=False),
        sa.Column("customer_id", GUID, nullable=False),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("file_late", sa.Boolean(), nullable=False),
        sa.Column("mileage_km", sa.Integer(), nullable=False),
        sa.Column("items", kit.JSON, nullable=False),
        sa.Column("first_service", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("next_due_date", sa.Date(), nullable=False),
        sa.Column("recorded_by", GUID, nullable=False),
        kit.timestamp(),
        kit.ref(VISITS, "asset_id", "assets", ondelete="CASCADE"),
        kit.ref(VISITS, "customer_id", "customers"),
        kit.ref(VISITS, "recorded_by", "users"),
        *kit.tenant_keys(VISITS),
        indexes=[("tenant_id", "asset_id", "id"), ("tenant_id", "file_late", "id")],
    )


def downgrade() -> None:
    kit.drop_tables(MAINTENANCE, VISITS)
