"""Staff fines (违规处罚, DOMAIN §12, 003 篇6 管理规定): breaches of the service rules and the
fine each reached, with row-level security.

Revision ID: 0033_staff_breaches
Revises: 0032_search_indexes
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

from core.db.rls import enable_rls

revision: str = "0033_staff_breaches"
down_revision: str | Sequence[str] | None = "0032_search_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
TABLE = "staff_breaches"


def _user_fk(column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column], ["users.tenant_id", "users.id"], name=op.f(f"fk_{TABLE}_tenant_id_{column}_users"),
    )


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
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
        sa.Column("created_at", UTC_TIME, nullable=False),
        *(_user_fk(column) for column in ("user_id", "in_charge_id", "recorded_by", "decided_by")),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{TABLE}_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f(f"pk_{TABLE}")),
    )
    op.create_index(op.f(f"ix_{TABLE}_tenant_id_user_id_rule"), TABLE, ["tenant_id", "user_id", "rule"])
    enable_rls(TABLE)


def downgrade() -> None:
    op.drop_table(TABLE)
