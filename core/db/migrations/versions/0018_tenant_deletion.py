"""Tenant deletion: a tenant is suspended for a grace period, then purged; the certificate of each
purge stays (a global table)."""

from __future__ import annotations

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0018_tenant_deletion"
down_revision = "0017_business_calendar"

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN on both databases: a batch copy of ``tenants`` on SQLite would
    # drop the table every tenant row cascades from.
    op.add_column("tenants", sa.Column("suspended_at", UTC_TIME, nullable=True))
    op.add_column("tenants", sa.Column("deletion_due_at", UTC_TIME, nullable=True))
    op.add_column("tenants", sa.Column("deletion_requested_by", sa.String(length=320), nullable=True))
    op.create_index(op.f("ix_tenants_deletion_due_at"), "tenants", ["deletion_due_at"])
    op.create_table(
        "tenant_deletion_certificates",
        sa.Column("id", GUID, nullable=False),
        sa.Column("deleted_tenant_id", GUID, nullable=False),
        sa.Column("slug", sa.String(length=63), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("requested_by", sa.String(length=320), nullable=True),
        sa.Column("requested_at", UTC_TIME, nullable=False),
        sa.Column("deleted_at", UTC_TIME, nullable=False),
        sa.Column("tables", JSON, nullable=False),
        sa.Column("total_rows", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenant_deletion_certificates")),
    )
    op.create_index(op.f("ix_tenant_deletion_certificates_deleted_tenant_id"), "tenant_deletion_certificates",
                    ["deleted_tenant_id"])
    op.create_index(op.f("ix_tenant_deletion_certificates_slug"), "tenant_deletion_certificates", ["slug"])


def downgrade() -> None:
    op.drop_table("tenant_deletion_certificates")
    op.drop_index(op.f("ix_tenants_deletion_due_at"), table_name="tenants")
    for column in ("deletion_requested_by", "deletion_due_at", "suspended_at"):
        op.drop_column("tenants", column)  # ALTER TABLE DROP COLUMN (SQLite 3.35+), no table copy
