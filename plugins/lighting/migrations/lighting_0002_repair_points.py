"""lighting: authorised repair points (特约维修部), their parts stock, deposit payments and swaps"""

from __future__ import annotations

import sqlalchemy as sa

from core.sdk import migration_kit as kit

revision = 'lighting_0002'
down_revision = 'lighting_0001'
depends_on = '0002_tickets'

GUID, UTC_TIME = kit.GUID, kit.UTC_TIME
POINTS = "lighting_repair_points"
STOCK = "lighting_repair_point_stock"
DEPOSITS = "lighting_repair_point_deposits"
SWAPS = "lighting_repair_point_swaps"


def upgrade() -> None:
    kit.create_tenant_table(
        POINTS,
        sa.Column("office_id", GUID, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("city", sa.String(length=6), nullable=True),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("coverage", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=False),
        sa.Column("proposed_by", GUID, nullable=False),
        sa.Column("allowance_proposed_fen", sa.Integer(), nullable=False),
        sa.Column("allowance_fen", sa.Integer(), nullable=True),
        sa.Column("approved_by", GUID, nullable=True),
        sa.Column("approved_at", UTC_TIME, nullable=True),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("approval_note", sa.Text(), nullable=True),
        sa.Column("rejected_by", GUID, nullable=True),
        sa.Column("rejected_at", UTC_TIME, nullable=True),
        sa.Column("rejection_reason", sa.Text(), nullable=True),
        sa.Column("deposit_percent", sa.String(length=6), nullable=False),
        sa.Column("stock_value_fen", sa.Integer(), nullable=False),
        sa.Column("deposit_fen", sa.Integer(), nullable=False),
        sa.Column("deposit_paid_fen", sa.Integer(), nullable=False),
        sa.Column("activated_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closed_by", GUID, nullable=True),
        sa.Column("close_reason", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        kit.timestamp(),
        kit.ref(POINTS, "office_id", "lighting_offices"),
        *kit.tenant_keys(POINTS),
        indexes=[("tenant_id", "status")],
    )
    kit.create_tenant_table(
        STOCK,
        sa.Column("repair_point_id", GUID, nullable=False),
        sa.Column("sku", sa.String(length=60), nullable=False),
        sa.Column("part_name", sa.String(length=200), nullable=False),
        sa.Column("unit_price_fen", sa.Integer(), nullable=False),
        sa.Column("initial_quantity", sa.Integer(), nullable=False),
        sa.Column("on_hand", sa.Integer(), nullable=False),
        kit.timestamp(),
        kit.ref(STOCK, "repair_point_id", POINTS, ondelete="CASCADE"),
        *kit.tenant_keys(STOCK),
        kit.unique(STOCK, "tenant_id", "repair_point_id", "sku"),
    )
    kit.create_tenant_table(
        DEPOSITS,
        sa.Column("repair_point_id", GUID, nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", GUID, nullable=False),
        kit.timestamp(),
        kit.ref(DEPOSITS, "repair_point_id", POINTS, ondelete="CASCADE"),
        *kit.tenant_keys(DEPOSITS),
        indexes=[("tenant_id", "repair_point_id")],
    )
    kit.create_tenant_table(
        SWAPS,
        sa.Column("repair_point_id", GUID, nullable=False),
        sa.Column("sku", sa.String(length=60), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("swapped_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("ticket_id", GUID, nullable=True),
        sa.Column("recorded_by", GUID, nullable=False),
        kit.timestamp(),
        kit.ref(SWAPS, "repair_point_id", POINTS, ondelete="CASCADE"),
        kit.ref(SWAPS, "ticket_id", "tickets"),
        *kit.tenant_keys(SWAPS),
        indexes=[("tenant_id", "repair_point_id")],
    )


def downgrade() -> None:
    kit.drop_tables(POINTS, STOCK, DEPOSITS, SWAPS)
