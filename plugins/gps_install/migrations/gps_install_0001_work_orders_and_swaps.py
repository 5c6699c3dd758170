"""work orders and swaps"""

from __future__ import annotations

import sqlalchemy as sa

from core.sdk import migration_kit as kit

revision = 'gps_install_0001'
down_revision = None
branch_labels = ('gps_install',)
depends_on = '0001_spine'

GUID, UTC_TIME = kit.GUID, kit.UTC_TIME
ORDERS = "gps_install_work_orders"
SWAPS = "gps_install_swaps"


def upgrade() -> None:
    kit.create_tenant_table(
        ORDERS,
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("customer_id", GUID, nullable=False),
        sa.Column("asset_id", GUID, nullable=True),
        sa.Column("install_request_no", sa.String(length=100), nullable=True),
        sa.Column("vehicles", kit.JSON, nullable=False),
        sa.Column("drivers", kit.JSON, nullable=False),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.Column("contact_name", sa.String(length=200), nullable=True),
        sa.Column("contact_phone", sa.String(length=32), nullable=True),
        sa.Column("model", sa.String(length=200), nullable=True),
        sa.Column("purchase_date", sa.Date(), nullable=True),
        sa.Column("fault", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_by", GUID, nullable=False),
        sa.Column("approved_by", GUID, nullable=True),
        sa.Column("approved_at", UTC_TIME, nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("technician_id", GUID, nullable=True),
        sa.Column("contractor", kit.JSON, nullable=True),
        sa.Column("emergency_reason", sa.Text(), nullable=True),
        sa.Column("assigned_by", GUID, nullable=True),
        sa.Column("assigned_at", UTC_TIME, nullable=True),
        sa.Column("completed_at", UTC_TIME, nullable=True),
        sa.Column("warranty_decision_id", GUID, nullable=True),
        sa.Column("charge_fen", sa.Integer(), nullable=True),
        kit.timestamp(),
        kit.ref(ORDERS, "approved_by", "users"),
        kit.ref(ORDERS, "asset_id", "assets"),
        kit.ref(ORDERS, "assigned_by", "users"),
        kit.ref(ORDERS, "created_by", "users"),
        kit.ref(ORDERS, "customer_id", "customers"),
        kit.ref(ORDERS, "technician_id", "users"),
        *kit.tenant_keys(ORDERS),
        indexes=[("tenant_id", "customer_id"), ("tenant_id", "status", "technician_id")],
    )
    kit.create_tenant_table(
        SWAPS,
        sa.Column("work_order_id", GUID, nullable=False),
        sa.Column("plate", sa.String(length=16), nullable=False),
        sa.Column("fault", sa.Text(), nullable=True),
        sa.Column("old_terminal_no", sa.String(length=40), nullable=True),
        sa.Column("new_terminal_no", sa.String(length=40), nullable=True),
        sa.Column("old_iccid", sa.String(length=24), nullable=True),
        sa.Column("new_iccid", sa.String(length=24), nullable=True),
        sa.Column("recorded_by", GUID, nullable=False),
        kit.timestamp(),
        kit.ref(SWAPS, "recorded_by", "users"),
        kit.ref(SWAPS, "work_order_id", ORDERS),
        *kit.tenant_keys(SWAPS),
        indexes=[("tenant_id", "plate", "id")],
    )


def downgrade() -> None:
    kit.drop_tables(ORDERS, SWAPS)
