"""Quality patrols and service-research visits with their findings (DOMAIN §12, 003 篇3 10.1.1,
10.1.3) and office audit plans (001 篇1 办事处稽查), with row-level security.

Revision ID: 0039_patrols_audits
Revises: 0038_call_records
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from core.db.rls import enable_rls

revision: str = "0039_patrols_audits"
down_revision: str | Sequence[str] | None = "0038_call_records"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
VISITS, FINDINGS, AUDITS = "service_visits", "service_visit_findings", "office_audits"


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["tenant_id", column], [f"{target}.tenant_id", f"{target}.id"],
                                   name=op.f(f"fk_{table}_tenant_id_{column}_{target}"))


def _tenant(table: str) -> tuple[sa.ForeignKeyConstraint, sa.PrimaryKeyConstraint]:
    return (sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants"),
                                    ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f(f"pk_{table}")))


def upgrade() -> None:
    op.create_table(
        VISITS,
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("customer_id", GUID, nullable=False),
        sa.Column("asset_id", GUID, nullable=True),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("leader_id", GUID, nullable=False),
        sa.Column("participant_ids", JSON, nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("recorded_by", GUID, nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        _fk(VISITS, "customer_id", "customers"), _fk(VISITS, "asset_id", "assets"),
        _fk(VISITS, "leader_id", "users"), _fk(VISITS, "recorded_by", "users"),
        *_tenant(VISITS),
    )
    op.create_index(op.f(f"ix_{VISITS}_tenant_id_visited_on"), VISITS, ["tenant_id", "visited_on"])
    op.create_index(op.f(f"ix_{VISITS}_tenant_id_customer_id"), VISITS, ["tenant_id", "customer_id"])
    enable_rls(VISITS)

    op.create_table(
        FINDINGS,
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
        sa.Column("visit_id", GUID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_id", GUID, nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("action", sa.Text(), nullable=True),
        sa.Column("followed_up_at", UTC_TIME, nullable=True),
        sa.Column("followed_up_by", GUID, nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("closed_at", UTC_TIME, nullable=True),
        sa.Column("closed_by", GUID, nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        _fk(FINDINGS, "visit_id", VISITS), _fk(FINDINGS, "owner_id", "users"),
        _fk(FINDINGS, "followed_up_by", "users"), _fk(FINDINGS, "closed_by", "users"),
        *_tenant(FINDINGS),
    )
    op.create_index(op.f(f"ix_{FINDINGS}_tenant_id_visit_id"), FINDINGS, ["tenant_id", "visit_id"])
    op.create_index(op.f(f"ix_{FINDINGS}_tenant_id_status_due_on"), FINDINGS, ["tenant_id", "status", "due_on"])
    enable_rls(FINDINGS)

    op.create_table(
        AUDITS,
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
        sa.Column("office", sa.String(length=200), nullable=False),
        sa.Column("office_manager_id", GUID, nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("method", sa.String(length=30), nullable=False),
        sa.Column("planned_completion_on", sa.Date(), nullable=False),
        sa.Column("costs_fen", sa.BigInteger(), nullable=False),
        sa.Column("auditor_ids", JSON, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("completed_by", GUID, nullable=True),
        sa.Column("planned_by", GUID, nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        _fk(AUDITS, "office_manager_id", "users"), _fk(AUDITS, "planned_by", "users"),
        _fk(AUDITS, "completed_by", "users"),
        *_tenant(AUDITS),
    )
    op.create_index(op.f(f"ix_{AUDITS}_tenant_id_status_planned_completion_on"), AUDITS,
                    ["tenant_id", "status", "planned_completion_on"])
    enable_rls(AUDITS)


def downgrade() -> None:
    op.drop_table(AUDITS)
    op.drop_table(FINDINGS)
    op.drop_table(VISITS)
