"""The holiday duty roster (值班表, 003 篇3 八) and staff leave requests (请假, 003 篇1 请假制度),
DOMAIN §12, with row-level security."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.migration_kit import GUID, UTC_TIME, create_tenant_table, drop_tables, ref, tenant_keys, timestamp, unique

revision = "0041_duty_roster"
down_revision = "0040_service_visits"

ROSTER = "duty_roster"
LEAVE = "leave_requests"


def upgrade() -> None:
    create_tenant_table(
        ROSTER,
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("shift", sa.String(length=10), nullable=False),
        sa.Column("user_id", GUID, nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_by", GUID, nullable=True),
        timestamp(),
        sa.CheckConstraint("shift IN ('day', 'night')", name=op.f(f"ck_{ROSTER}_shift")),
        ref(ROSTER, "user_id", "users"),
        ref(ROSTER, "created_by", "users"),
        *tenant_keys(ROSTER),
        unique(ROSTER, "tenant_id", "day", "shift", "user_id"),
    )
    create_tenant_table(
        LEAVE,
        sa.Column("user_id", GUID, nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("night_shift", sa.Boolean(), nullable=False),
        sa.Column("special", sa.Boolean(), nullable=False),
        sa.Column("holiday", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("approver_position", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decided_by", GUID, nullable=True),
        sa.Column("decided_at", UTC_TIME, nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("withdrawn_at", UTC_TIME, nullable=True),
        timestamp(),
        sa.CheckConstraint("status IN ('requested', 'approved', 'refused', 'withdrawn')",
                           name=op.f(f"ck_{LEAVE}_status")),
        sa.CheckConstraint("last_day >= first_day", name=op.f(f"ck_{LEAVE}_days")),
        ref(LEAVE, "user_id", "users"),
        ref(LEAVE, "decided_by", "users"),
        *tenant_keys(LEAVE),
        indexes=[("tenant_id", "user_id", "first_day"), ("tenant_id", "status", "first_day")],
    )


def downgrade() -> None:
    drop_tables(ROSTER, LEAVE)
