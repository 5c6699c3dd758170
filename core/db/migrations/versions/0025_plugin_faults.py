"""Plugin faults: each plugin hook that raised while reacting to an event, rolled back alone and
kept for the tenant's admin (``GET /api/v1/plugin-faults``)."""

from __future__ import annotations

import sqlalchemy as sa

from core.db.migration_kit import GUID, create_tenant_table, drop_tables, tenant_keys, timestamp

revision = "0025_plugin_faults"
down_revision = "0024_personal_info"


def upgrade() -> None:
    create_tenant_table(
        "plugin_faults",
        sa.Column("plugin", sa.String(length=64), nullable=False),
        sa.Column("hook", sa.String(length=64), nullable=False),
        sa.Column("event", sa.String(length=100), nullable=True),
        sa.Column("subject_id", GUID, nullable=True),
        sa.Column("error", sa.String(length=100), nullable=False),
        sa.Column("message", sa.String(length=500), nullable=False),
        timestamp(),
        *tenant_keys("plugin_faults"),
        indexes=[("tenant_id", "plugin")],
    )


def downgrade() -> None:
    drop_tables("plugin_faults")
