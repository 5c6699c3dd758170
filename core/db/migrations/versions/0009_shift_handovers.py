"""Shift hand-over notes (交接班记录, DOMAIN §11) and their open questions, with row-level security.

Revision ID: 0009_shift_handovers
Revises: 0008_campaigns
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

from core.db.rls import enable_rls

revision: str = "0009_shift_handovers"
down_revision: str | Sequence[str] | None = "0008_campaigns"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)


def _tenant_columns() -> list[sa.Column]:
    return [sa.Column("tenant_id", GUID, nullable=False), sa.Column("id", GUID, nullable=False)]


def _fk(table: str, column: str, target: str, ondelete: str | None = None) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column], [f"{target}.tenant_id", f"{target}.id"],
        name=op.f(f"fk_{table}_tenant_id_{column}_{target}"), ondelete=ondelete,
    )


def _tenant_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "shift_handovers",
        *_tenant_columns(),
        sa.Column("written_by", GUID, nullable=False),
        sa.Column("written_at", UTC_TIME, nullable=False),
        sa.Column("shift_date", sa.Date(), nullable=False),
        sa.Column("shift", sa.String(length=20), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("acknowledged_by", GUID, nullable=True),
        sa.Column("acknowledged_at", UTC_TIME, nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        _fk("shift_handovers", "acknowledged_by", "users"),
        _fk("shift_handovers", "written_by", "users"),
        _tenant_fk("shift_handovers"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_shift_handovers")),
    )
    op.create_index(
        op.f("ix_shift_handovers_tenant_id_shift_date"), "shift_handovers", ["tenant_id", "shift_date"]
    )
    op.create_table(
        "shift_handover_items",
        *_tenant_columns(),
        sa.Column("handover_id", GUID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("ticket_id", GUID, nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("carried_from_id", GUID, nullable=True),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.Column("resolved_at", UTC_TIME, nullable=True),
        sa.Column("resolved_by", GUID, nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        _fk("shift_handover_items", "handover_id", "shift_handovers", ondelete="CASCADE"),
        _fk("shift_handover_items", "resolved_by", "users"),
        _fk("shift_handover_items", "ticket_id", "tickets"),
        _tenant_fk("shift_handover_items"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_shift_handover_items")),
    )
    op.create_index(
        op.f("ix_shift_handover_items_tenant_id_handover_id_position"), "shift_handover_items",
        ["tenant_id", "handover_id", "position"],
    )
    enable_rls("shift_handovers", "shift_handover_items")


def downgrade() -> None:
    op.drop_table("shift_handover_items")
    op.drop_table("shift_handovers")
