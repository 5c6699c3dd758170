"""Inbound call records and answers within three rings (三声内接听, DOMAIN §12, 003 篇6), with
row-level security.

Revision ID: 0038_call_records
Revises: 0037_major_faults
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

from core.db.rls import enable_rls

revision: str = "0038_call_records"
down_revision: str | Sequence[str] | None = "0037_major_faults"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
TABLE = "call_records"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
        sa.Column("external_id", sa.String(length=100), nullable=False),
        sa.Column("started_at", UTC_TIME, nullable=False),
        sa.Column("ring_seconds", sa.Float(), nullable=True),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.Column("within_three_rings", sa.Boolean(), nullable=False),
        sa.Column("user_id", GUID, nullable=True),
        sa.Column("employee_no", sa.String(length=40), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(["tenant_id", "user_id"], ["users.tenant_id", "users.id"],
                                name=op.f(f"fk_{TABLE}_tenant_id_user_id_users")),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{TABLE}_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f(f"pk_{TABLE}")),
        sa.UniqueConstraint("tenant_id", "external_id", name=op.f(f"uq_{TABLE}_tenant_id_external_id")),
    )
    op.create_index(op.f(f"ix_{TABLE}_tenant_id_started_at"), TABLE, ["tenant_id", "started_at"])
    enable_rls(TABLE)


def downgrade() -> None:
    op.drop_table(TABLE)
