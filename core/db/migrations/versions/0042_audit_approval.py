"""Office audits approved by the marketing centre's vice president before they run (001 篇1
办事处审计检查管理制度 第三条), their written report (第六条) and the rectification of the problems it
names (第七条), with row-level security on the problems.

Revision ID: 0042_audit_approval
Revises: 0041_duty_roster
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

from core.db.rls import enable_rls

revision: str = "0042_audit_approval"
down_revision: str | Sequence[str] | None = "0041_duty_roster"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
AUDITS, PROBLEMS = "office_audits", "office_audit_problems"


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["tenant_id", column], [f"{target}.tenant_id", f"{target}.id"],
                                   name=op.f(f"fk_{table}_tenant_id_{column}_{target}"))


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

    op.create_table(
        PROBLEMS,
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
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
        sa.Column("created_at", UTC_TIME, nullable=False),
        _fk(PROBLEMS, "audit_id", AUDITS), _fk(PROBLEMS, "ordered_by", "users"),
        _fk(PROBLEMS, "rectified_by", "users"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{PROBLEMS}_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f(f"pk_{PROBLEMS}")),
    )
    op.create_index(op.f(f"ix_{PROBLEMS}_tenant_id_audit_id"), PROBLEMS, ["tenant_id", "audit_id"])
    op.create_index(op.f(f"ix_{PROBLEMS}_tenant_id_status_due_on"), PROBLEMS, ["tenant_id", "status", "due_on"])
    enable_rls(PROBLEMS)


def downgrade() -> None:
    op.drop_table(PROBLEMS)
    with op.batch_alter_table(AUDITS) as batch:
        for column in ("approved_by", "reported_by"):
            batch.drop_constraint(op.f(f"fk_{AUDITS}_tenant_id_{column}_users"), type_="foreignkey")
        for column in ("reported_by", "reported_on", "report_findings", "report_within_days", "approved_at",
                       "approved_by"):
            batch.drop_column(column)
