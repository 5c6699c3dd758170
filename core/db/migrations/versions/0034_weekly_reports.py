"""Weekly service reports (周报, DOMAIN §12, 003 篇3 四), with row-level security.

Revision ID: 0034_weekly_reports
Revises: 0033_staff_breaches
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

from core.db.rls import enable_rls

revision: str = "0034_weekly_reports"
down_revision: str | Sequence[str] | None = "0033_staff_breaches"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
TABLE = "weekly_reports"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
        sa.Column("user_id", GUID, nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("situations", sa.Text(), nullable=False),
        sa.Column("feedback", sa.Text(), nullable=False),
        sa.Column("submitted_at", UTC_TIME, nullable=False),
        sa.Column("on_time", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(["tenant_id", "user_id"], ["users.tenant_id", "users.id"],
                                name=op.f(f"fk_{TABLE}_tenant_id_user_id_users")),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{TABLE}_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f(f"pk_{TABLE}")),
        sa.UniqueConstraint("tenant_id", "week_start", "user_id", name=op.f(f"uq_{TABLE}_tenant_id_week_start_user_id")),
    )
    enable_rls(TABLE)


def downgrade() -> None:
    op.drop_table(TABLE)
