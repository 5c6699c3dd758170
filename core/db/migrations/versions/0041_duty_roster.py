"""The holiday duty roster (值班表, 003 篇3 八) and staff leave requests (请假, 003 篇1 请假制度),
DOMAIN §12, with row-level security.

Revision ID: 0041_duty_roster
Revises: 0040_service_visits
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

from core.db.rls import enable_rls

revision: str = "0041_duty_roster"
down_revision: str | Sequence[str] | None = "0040_service_visits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
ROSTER = "duty_roster"
LEAVE = "leave_requests"


def _user_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["tenant_id", column], ["users.tenant_id", "users.id"],
                                   name=op.f(f"fk_{table}_tenant_id_{column}_users"))


def _tenant_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants"),
                                   ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        ROSTER,
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("shift", sa.String(length=10), nullable=False),
        sa.Column("user_id", GUID, nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_by", GUID, nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.CheckConstraint("shift IN ('day', 'night')", name=op.f(f"ck_{ROSTER}_shift")),
        _user_fk(ROSTER, "user_id"),
        _user_fk(ROSTER, "created_by"),
        _tenant_fk(ROSTER),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f(f"pk_{ROSTER}")),
        sa.UniqueConstraint("tenant_id", "day", "shift", "user_id",
                            name=op.f(f"uq_{ROSTER}_tenant_id_day_shift_user_id")),
    )
    enable_rls(ROSTER)
    op.create_table(
        LEAVE,
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
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
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.CheckConstraint("status IN ('requested', 'approved', 'refused', 'withdrawn')",
                           name=op.f(f"ck_{LEAVE}_status")),
        sa.CheckConstraint("last_day >= first_day", name=op.f(f"ck_{LEAVE}_days")),
        _user_fk(LEAVE, "user_id"),
        _user_fk(LEAVE, "decided_by"),
        _tenant_fk(LEAVE),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f(f"pk_{LEAVE}")),
    )
    op.create_index(op.f(f"ix_{LEAVE}_tenant_id_user_id_first_day"), LEAVE, ["tenant_id", "user_id", "first_day"])
    op.create_index(op.f(f"ix_{LEAVE}_tenant_id_status_first_day"), LEAVE, ["tenant_id", "status", "first_day"])
    enable_rls(LEAVE)


def downgrade() -> None:
    op.drop_table(LEAVE)
    op.drop_table(ROSTER)
