"""Shift hand-over notes (交接班记录, DOMAIN §11) and their open questions, with row-level security."""

from __future__ import annotations

import sqlalchemy as sa

from core.db.migration_kit import GUID, UTC_TIME, create_tenant_table, drop_tables, ref, tenant_keys, timestamp

revision = "0009_shift_handovers"
down_revision = "0008_campaigns"

HANDOVERS, ITEMS = "shift_handovers", "shift_handover_items"


def upgrade() -> None:
    create_tenant_table(
        HANDOVERS,
        sa.Column("written_by", GUID, nullable=False),
        timestamp("written_at"),
        sa.Column("shift_date", sa.Date(), nullable=False),
        sa.Column("shift", sa.String(length=20), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("acknowledged_by", GUID, nullable=True),
        sa.Column("acknowledged_at", UTC_TIME, nullable=True),
        timestamp(),
        ref(HANDOVERS, "acknowledged_by", "users"),
        ref(HANDOVERS, "written_by", "users"),
        *tenant_keys(HANDOVERS),
        indexes=[("tenant_id", "shift_date")],
    )
    create_tenant_table(
        ITEMS,
        sa.Column("handover_id", GUID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("ticket_id", GUID, nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("carried_from_id", GUID, nullable=True),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.Column("resolved_at", UTC_TIME, nullable=True),
        sa.Column("resolved_by", GUID, nullable=True),
        timestamp(),
        ref(ITEMS, "handover_id", HANDOVERS, ondelete="CASCADE"),
        ref(ITEMS, "resolved_by", "users"),
        ref(ITEMS, "ticket_id", "tickets"),
        *tenant_keys(ITEMS),
        indexes=[("tenant_id", "handover_id", "position")],
    )


def downgrade() -> None:
    drop_tables(HANDOVERS, ITEMS)
