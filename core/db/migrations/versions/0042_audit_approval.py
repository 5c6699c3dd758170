"""Office audits approved by the marketing centre's vice president before they run (001 篇1
办事处审计检查管理制度 第三条), their written report (第六条) and the rectification of the problems it
names (第七条), with row-level security on the problems."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.migration_kit import GUID, UTC_TIME, create_tenant_table, drop_tables, ref, tenant_keys, timestamp

revision = "0042_audit_approval"
down_revision = "0041_duty_roster"

AUDITS, PROBLEMS = "office_audits", "office_audit_problems"


def upgrade() -> None:
    with op.batch_alter_table(AUDITS) as batch:
        batch.add_column(sa.Column("approved_by", GUID, nullable=True))
        batch.add_column(sa.Column("approved_at", UTC_TIME, nullable=True))
        batch.add_column(sa.Column("report_within_days", sa.Integer(), nullable=False, server_default="7"))
        batch.add_column(sa.Column("report_findings", sa.Text(), nullable=True))
        batch.add_column(sa.Column("reported_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("reported_by", GUID, nullable=True))
        for column in ("approved_by", "reported_by"):
            batch.create_foreign_key(op.f(f"fk_{AUDITS}_tenant_id_{column}_users"), "users",
                                     ["tenant_id", column], ["tenant_id", "id"])

    create_tenant_table(
        PROBLEMS,
        sa.Column("audit_id", GUID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("instruction", sa.Text(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("ordered_by", GUID, nullable=True),
        sa.Column("ordered_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("rectified_on", sa.Date(), nullable=True),
        sa.Column("rectified_by", GUID, nullable=True),
        timestamp(),
        ref(PROBLEMS, "audit_id", AUDITS), ref(PROBLEMS, "ordered_by", "users"),
        ref(PROBLEMS, "rectified_by", "users"),
        *tenant_keys(PROBLEMS),
        indexes=[("tenant_id", "audit_id"), ("tenant_id", "status", "due_on")],
    )


def downgrade() -> None:
    drop_tables(PROBLEMS)
    with op.batch_alter_table(AUDITS) as batch:
        for column in ("approved_by", "reported_by"):
            batch.drop_constraint(op.f(f"fk_{AUDITS}_tenant_id_{column}_users"), type_="foreignkey")
        for column in ("reported_by", "reported_on", "report_findings", "report_within_days", "approved_at",
                       "approved_by"):
            batch.drop_column(column)
