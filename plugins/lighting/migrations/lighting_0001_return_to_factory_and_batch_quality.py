"""lighting: offices, return-to-factory batches and lines, batch quality reports"""

from __future__ import annotations

import sqlalchemy as sa

from core.sdk import migration_kit as kit

revision = 'lighting_0001'
down_revision = None
branch_labels = ('lighting',)
depends_on = '0001_spine'

GUID, UTC_TIME = kit.GUID, kit.UTC_TIME
OFFICES = "lighting_offices"
REPORTS = "lighting_batch_quality_reports"
BATCHES = "lighting_return_batches"
LINES = "lighting_return_lines"


def upgrade() -> None:
    kit.create_tenant_table(
        OFFICES,
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("city", sa.String(length=6), nullable=True),
        kit.timestamp(),
        *kit.tenant_keys(OFFICES),
        kit.unique(OFFICES, "tenant_id", "name"),
    )
    kit.create_tenant_table(
        REPORTS,
        sa.Column("dealer_id", GUID, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("product", sa.String(length=60), nullable=False),
        sa.Column("model", sa.String(length=100), nullable=True),
        sa.Column("spray_code", sa.String(length=100), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("reported_by", GUID, nullable=False),
        sa.Column("visit_due_by", sa.Date(), nullable=False),
        sa.Column("technician", sa.String(length=200), nullable=True),
        sa.Column("visited_on", sa.Date(), nullable=True),
        sa.Column("confirmed", sa.Boolean(), nullable=True),
        sa.Column("finding", sa.Text(), nullable=True),
        sa.Column("freight_payer", sa.String(length=20), nullable=True),
        sa.Column("returned_quantity", sa.Integer(), nullable=True),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.Column("freight_fen", sa.Integer(), nullable=True),
        sa.Column("carrier", sa.String(length=200), nullable=True),
        kit.timestamp(),
        kit.ref(REPORTS, "dealer_id", "customers"),
        *kit.tenant_keys(REPORTS),
        indexes=[("tenant_id", "status")],
    )
    kit.create_tenant_table(
        BATCHES,
        sa.Column("office_id", GUID, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=False),
        sa.Column("applied_by", GUID, nullable=False),
        sa.Column("signed_by", sa.String(length=200), nullable=True),
        sa.Column("signer_role", sa.String(length=20), nullable=True),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("approved_by", GUID, nullable=True),
        sa.Column("approved_at", UTC_TIME, nullable=True),
        sa.Column("approval_note", sa.Text(), nullable=True),
        sa.Column("special_approved_by", GUID, nullable=True),
        sa.Column("special_approved_at", UTC_TIME, nullable=True),
        sa.Column("special_approval_reason", sa.Text(), nullable=True),
        sa.Column("return_week", sa.Integer(), nullable=True),
        sa.Column("batch_month", sa.Date(), nullable=True),
        sa.Column("month_slot", sa.Date(), nullable=True),
        sa.Column("arrived_on", sa.Date(), nullable=True),
        sa.Column("received_by", GUID, nullable=True),
        sa.Column("count_due_by", sa.Date(), nullable=True),
        sa.Column("counted_on", sa.Date(), nullable=True),
        sa.Column("counted_by", GUID, nullable=True),
        sa.Column("handle_by", sa.Date(), nullable=True),
        sa.Column("handled_on", sa.Date(), nullable=True),
        kit.timestamp(),
        kit.ref(BATCHES, "office_id", OFFICES),
        *kit.tenant_keys(BATCHES),
        kit.unique(BATCHES, "tenant_id", "office_id", "month_slot"),
        indexes=[("tenant_id", "status")],
    )
    kit.create_tenant_table(
        LINES,
        sa.Column("batch_id", GUID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("product", sa.String(length=60), nullable=False),
        sa.Column("model", sa.String(length=100), nullable=True),
        sa.Column("spray_code", sa.String(length=100), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("office_quantity", sa.Integer(), nullable=False),
        sa.Column("factory_quantity", sa.Integer(), nullable=True),
        sa.Column("condition", sa.Text(), nullable=True),
        sa.Column("decision", sa.String(length=20), nullable=True),
        sa.Column("refused_quantity", sa.Integer(), nullable=True),
        sa.Column("refusal_reason", sa.Text(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decided_by", GUID, nullable=True),
        kit.timestamp(),
        kit.ref(LINES, "batch_id", BATCHES, ondelete="CASCADE"),
        *kit.tenant_keys(LINES),
        indexes=[("tenant_id", "batch_id")],
    )


def downgrade() -> None:
    kit.drop_tables(OFFICES, REPORTS, BATCHES, LINES)
