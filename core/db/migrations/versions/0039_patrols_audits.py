"""Quality patrols and service-research visits with their findings (DOMAIN §12, 003 篇3 10.1.1,
10.1.3) and office audit plans (001 篇1 办事处稽查), with row-level security."""

from __future__ import annotations

import sqlalchemy as sa

from core.db.migration_kit import GUID, JSON, UTC_TIME, create_tenant_table, drop_tables, ref, tenant_keys, timestamp

revision = "0039_patrols_audits"
down_revision = "0038_call_records"

VISITS, FINDINGS, AUDITS = "service_visits", "service_visit_findings", "office_audits"


def upgrade() -> None:
    create_tenant_table(
        VISITS,
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("customer_id", GUID, nullable=False),
        sa.Column("asset_id", GUID, nullable=True),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("leader_id", GUID, nullable=False),
        sa.Column("participant_ids", JSON, nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("recorded_by", GUID, nullable=False),
        timestamp(),
        ref(VISITS, "customer_id", "customers"), ref(VISITS, "asset_id", "assets"),
        ref(VISITS, "leader_id", "users"), ref(VISITS, "recorded_by", "users"),
        *tenant_keys(VISITS),
        indexes=[("tenant_id", "visited_on"), ("tenant_id", "customer_id")],
    )
    create_tenant_table(
        FINDINGS,
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
        timestamp(),
        ref(FINDINGS, "visit_id", VISITS), ref(FINDINGS, "owner_id", "users"),
        ref(FINDINGS, "followed_up_by", "users"), ref(FINDINGS, "closed_by", "users"),
        *tenant_keys(FINDINGS),
        indexes=[("tenant_id", "visit_id"), ("tenant_id", "status", "due_on")],
    )
    create_tenant_table(
        AUDITS,
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
        timestamp(),
        ref(AUDITS, "office_manager_id", "users"), ref(AUDITS, "planned_by", "users"),
        ref(AUDITS, "completed_by", "users"),
        *tenant_keys(AUDITS),
        indexes=[("tenant_id", "status", "planned_completion_on")],
    )


def downgrade() -> None:
    drop_tables(VISITS, FINDINGS, AUDITS)
