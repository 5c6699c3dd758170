"""Per-tenant quota overrides (``NULL``: the deployment's default from the settings)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020_tenant_quotas"
down_revision = "0019_tenant_config_version"

COLUMNS = ("quota_requests_per_minute", "quota_running_jobs", "quota_import_rows", "quota_storage_mb")


def upgrade() -> None:
    for column in COLUMNS:
        op.add_column("tenants", sa.Column(column, sa.Integer(), nullable=True))


def downgrade() -> None:
    for column in reversed(COLUMNS):
        op.drop_column("tenants", column)
