"""Plugin faults: each plugin hook that raised while reacting to an event, rolled back alone and
kept for the tenant's admin (``GET /api/v1/plugin-faults``).

Revision ID: 0025_plugin_faults
Revises: 0024_personal_info
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

from core.db.rls import enable_rls

revision: str = "0025_plugin_faults"
down_revision: str | Sequence[str] | None = "0024_personal_info"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)


def upgrade() -> None:
    op.create_table(
        "plugin_faults",
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
        sa.Column("plugin", sa.String(length=64), nullable=False),
        sa.Column("hook", sa.String(length=64), nullable=False),
        sa.Column("event", sa.String(length=100), nullable=True),
        sa.Column("subject_id", GUID, nullable=True),
        sa.Column("error", sa.String(length=100), nullable=False),
        sa.Column("message", sa.String(length=500), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_plugin_faults_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_plugin_faults")),
    )
    op.create_index(op.f("ix_plugin_faults_tenant_id_plugin"), "plugin_faults", ["tenant_id", "plugin"])
    enable_rls("plugin_faults")


def downgrade() -> None:
    op.drop_index(op.f("ix_plugin_faults_tenant_id_plugin"), table_name="plugin_faults")
    op.drop_table("plugin_faults")
