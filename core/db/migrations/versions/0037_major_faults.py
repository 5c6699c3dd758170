"""Major-fault reports (重大故障报告, DOMAIN §12, 003 篇3 七), with row-level security."""

from __future__ import annotations

import sqlalchemy as sa

from core.db.migration_kit import GUID, UTC_TIME, create_tenant_table, drop_tables, ref, tenant_keys, timestamp

revision = "0037_major_faults"
down_revision = "0036_survey_responses"

TABLE = "major_faults"
PEOPLE = ("reported_by", "account_owner_id", "manager_id", "technical_lead_id")
ANALYSIS = ("impact", "handling", "root_cause", "corrective_actions", "preventive_actions")


def upgrade() -> None:
    create_tenant_table(
        TABLE,
        sa.Column("customer_id", GUID, nullable=False),
        sa.Column("ticket_id", GUID, nullable=True),
        timestamp("occurred_at"),
        sa.Column("place", sa.String(length=500), nullable=False),
        sa.Column("symptoms", sa.Text(), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("reported_by", GUID, nullable=False),
        sa.Column("account_owner_id", GUID, nullable=False),
        sa.Column("manager_id", GUID, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("management_informed_at", UTC_TIME, nullable=True),
        *(sa.Column(name, sa.Text(), nullable=True) for name in ANALYSIS),
        sa.Column("technical_lead_id", GUID, nullable=True),
        sa.Column("analysed_at", UTC_TIME, nullable=True),
        sa.Column("sent_at", UTC_TIME, nullable=True),
        timestamp(),
        ref(TABLE, "customer_id", "customers"), ref(TABLE, "ticket_id", "tickets"),
        *(ref(TABLE, person, "users") for person in PEOPLE),
        *tenant_keys(TABLE),
        indexes=[("tenant_id", "status")],
    )


def downgrade() -> None:
    drop_tables(TABLE)
