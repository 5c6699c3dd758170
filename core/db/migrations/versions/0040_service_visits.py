"""Service visits of DOMAIN §12: residential projects (001 篇2 二), seasonal inspection campaigns and
their visits (004 1.3), New Year campaigns and their contacts (003 篇3 三), with row-level security."""

from __future__ import annotations

import sqlalchemy as sa

from core.db.migration_kit import GUID, UTC_TIME, create_tenant_table, drop_tables, ref, tenant_keys, timestamp, unique

revision = "0040_service_visits"
down_revision = "0039_patrols_audits"

PROJECTS, SEASONAL, INSPECTIONS = "residential_projects", "seasonal_campaigns", "inspection_visits"
NEW_YEAR, CONTACTS = "new_year_campaigns", "new_year_contacts"


def upgrade() -> None:
    create_tenant_table(
        PROJECTS,
        sa.Column("customer_id", GUID, nullable=False),
        sa.Column("asset_id", GUID, nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=False),
        sa.Column("handover_date", sa.Date(), nullable=False),
        sa.Column("warranty_months", sa.Integer(), nullable=False),
        sa.Column("owner_id", GUID, nullable=True),
        timestamp(),
        ref(PROJECTS, "customer_id", "customers"),
        ref(PROJECTS, "asset_id", "assets"),
        ref(PROJECTS, "owner_id", "users"),
        *tenant_keys(PROJECTS),
        indexes=[("tenant_id", "customer_id"), ("tenant_id", "asset_id")],
    )
    create_tenant_table(
        SEASONAL,
        sa.Column("season", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("asset_type_prefix", sa.String(length=100), nullable=True),
        sa.Column("created_by", GUID, nullable=True),
        timestamp(),
        ref(SEASONAL, "created_by", "users"),
        *tenant_keys(SEASONAL),
        unique(SEASONAL, "tenant_id", "season", "year"),
        indexes=[("tenant_id", "last_day")],
    )
    create_tenant_table(
        INSPECTIONS,
        sa.Column("campaign_id", GUID, nullable=False),
        sa.Column("customer_id", GUID, nullable=False),
        sa.Column("technician_id", GUID, nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("findings", sa.Text(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("done_by", GUID, nullable=True),
        timestamp(),
        ref(INSPECTIONS, "campaign_id", SEASONAL, ondelete="CASCADE"),
        ref(INSPECTIONS, "customer_id", "customers"),
        ref(INSPECTIONS, "technician_id", "users"),
        ref(INSPECTIONS, "done_by", "users"),
        *tenant_keys(INSPECTIONS),
        unique(INSPECTIONS, "tenant_id", "campaign_id", "customer_id"),
        indexes=[("tenant_id", "technician_id", "status"), ("tenant_id", "customer_id")],
    )
    create_tenant_table(
        NEW_YEAR,
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("created_by", GUID, nullable=True),
        timestamp(),
        ref(NEW_YEAR, "created_by", "users"),
        *tenant_keys(NEW_YEAR),
        unique(NEW_YEAR, "tenant_id", "year"),
    )
    create_tenant_table(
        CONTACTS,
        sa.Column("campaign_id", GUID, nullable=False),
        sa.Column("customer_id", GUID, nullable=False),
        sa.Column("new_customer", sa.Boolean(), nullable=False),
        sa.Column("gift_sent_on", sa.Date(), nullable=True),
        sa.Column("needs", sa.Text(), nullable=True),
        sa.Column("recorded_at", UTC_TIME, nullable=True),
        sa.Column("recorded_by", GUID, nullable=True),
        timestamp(),
        ref(CONTACTS, "campaign_id", NEW_YEAR, ondelete="CASCADE"),
        ref(CONTACTS, "customer_id", "customers"),
        ref(CONTACTS, "recorded_by", "users"),
        *tenant_keys(CONTACTS),
        unique(CONTACTS, "tenant_id", "campaign_id", "customer_id"),
        indexes=[("tenant_id", "customer_id")],
    )


def downgrade() -> None:
    drop_tables(PROJECTS, SEASONAL, INSPECTIONS, NEW_YEAR, CONTACTS)
