"""Imports: the external id customers, assets and tickets keep from the system they came from
(unique in the tenant, so re-importing a file updates instead of duplicating), and the import
jobs with their progress and per-row results."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.migration_kit import GUID, JSON, UTC_TIME, create_tenant_table, drop_tables, ref, tenant_keys, timestamp

revision = "0027_imports"
down_revision = "0026_notifications"

IMPORTED = ("customers", "assets", "tickets")
JOBS = "import_jobs"


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in IMPORTED:
        op.add_column(table, sa.Column("external_id", sa.String(length=100), nullable=True))
        name = op.f(f"uq_{table}_tenant_id_external_id")
        if postgres:
            op.create_unique_constraint(name, table, ["tenant_id", "external_id"])
        else:  # SQLite adds a constraint only by copying the table, which would lose the DESC of its indexes
            op.create_index(name, table, ["tenant_id", "external_id"], unique=True)
    create_tenant_table(
        JOBS,
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("file_format", sa.String(length=10), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_by", GUID, nullable=False),
        *(sa.Column(count, sa.Integer(), nullable=False)
          for count in ("total", "processed", "created", "updated", "unchanged", "failed")),
        sa.Column("rows", JSON, nullable=True),
        sa.Column("columns", JSON, nullable=False),
        sa.Column("results", JSON, nullable=False),
        sa.Column("finished_at", UTC_TIME, nullable=True),
        timestamp(),
        sa.CheckConstraint("kind IN ('customers', 'assets', 'tickets')", name=op.f(f"ck_{JOBS}_kind")),
        sa.CheckConstraint("status IN ('queued', 'running', 'done')", name=op.f(f"ck_{JOBS}_status")),
        *tenant_keys(JOBS),
        ref(JOBS, "created_by", "users"),
        indexes=[("tenant_id", "created_at")],
    )


def downgrade() -> None:
    drop_tables(JOBS)
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in reversed(IMPORTED):
        name = op.f(f"uq_{table}_tenant_id_external_id")
        if postgres:
            op.drop_constraint(name, table, type_="unique")
        else:
            op.drop_index(name, table_name=table)
        op.drop_column(table, "external_id")
