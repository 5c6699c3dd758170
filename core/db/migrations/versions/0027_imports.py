"""Imports: the external id customers, assets and tickets keep from the system they came from
(unique in the tenant, so re-importing a file updates instead of duplicating), and the import
jobs with their progress and per-row results.

Revision ID: 0027_imports
Revises: 0026_notifications
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from core.db.rls import enable_rls

revision: str = "0027_imports"
down_revision: str | Sequence[str] | None = "0026_notifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
IMPORTED = ("customers", "assets", "tickets")


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in IMPORTED:
        op.add_column(table, sa.Column("external_id", sa.String(length=100), nullable=True))
        name = op.f(f"uq_{table}_tenant_id_external_id")
        if postgres:
            op.create_unique_constraint(name, table, ["tenant_id", "external_id"])
        else:  # SQLite adds a constraint only by copying the table, which would lose the DESC of its indexes
            op.create_index(name, table, ["tenant_id", "external_id"], unique=True)
    op.create_table(
        "import_jobs",
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("file_format", sa.String(length=10), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_by", GUID, nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("processed", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("rows", JSON, nullable=True),
        sa.Column("columns", JSON, nullable=False),
        sa.Column("results", JSON, nullable=False),
        sa.Column("finished_at", UTC_TIME, nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.CheckConstraint("kind IN ('customers', 'assets', 'tickets')", name=op.f("ck_import_jobs_kind")),
        sa.CheckConstraint("status IN ('queued', 'running', 'done')", name=op.f("ck_import_jobs_status")),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_import_jobs_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id", "created_by"], ["users.tenant_id", "users.id"],
                                name=op.f("fk_import_jobs_tenant_id_created_by_users")),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_import_jobs")),
    )
    op.create_index(op.f("ix_import_jobs_tenant_id_created_at"), "import_jobs", ["tenant_id", "created_at"])
    enable_rls("import_jobs")


def downgrade() -> None:
    op.drop_index(op.f("ix_import_jobs_tenant_id_created_at"), table_name="import_jobs")
    op.drop_table("import_jobs")
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in reversed(IMPORTED):
        name = op.f(f"uq_{table}_tenant_id_external_id")
        if postgres:
            op.drop_constraint(name, table, type_="unique")
        else:
            op.drop_index(name, table_name=table)
        op.drop_column(table, "external_id")
