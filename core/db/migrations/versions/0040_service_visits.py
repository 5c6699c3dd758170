"""Service visits of DOMAIN §12: residential projects (001 篇2 二), seasonal inspection campaigns and
their visits (004 1.3), New Year campaigns and their contacts (003 篇3 三), with row-level security.

Revision ID: 0040_service_visits
Revises: 0039_patrols_audits
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

from core.db.rls import enable_rls

revision: str = "0040_service_visits"
down_revision: str | Sequence[str] | None = "0039_patrols_audits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
TABLES = ("residential_projects", "seasonal_campaigns", "inspection_visits", "new_year_campaigns", "new_year_contacts")


def _fk(table: str, column: str, target: str, ondelete: str | None = None) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{target}.tenant_id", f"{target}.id"],
        name=op.f(f"fk_{table}_tenant_id_{column}_{target}"),
        ondelete=ondelete,
    )


def _keys(table: str) -> list:
    return [
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f(f"pk_{table}")),
    ]


def _ids() -> list:
    return [sa.Column("tenant_id", GUID, nullable=False), sa.Column("id", GUID, nullable=False)]


def upgrade() -> None:
    t = "residential_projects"
    op.create_table(
        t,
        *_ids(),
        sa.Column("customer_id", GUID, nullable=False),
        sa.Column("asset_id", GUID, nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=False),
        sa.Column("handover_date", sa.Date(), nullable=False),
        sa.Column("warranty_months", sa.Integer(), nullable=False),
        sa.Column("owner_id", GUID, nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        _fk(t, "customer_id", "customers"),
        _fk(t, "asset_id", "assets"),
        _fk(t, "owner_id", "users"),
        *_keys(t),
    )
    op.create_index(op.f(f"ix_{t}_tenant_id_customer_id"), t, ["tenant_id", "customer_id"])
    op.create_index(op.f(f"ix_{t}_tenant_id_asset_id"), t, ["tenant_id", "asset_id"])

    t = "seasonal_campaigns"
    op.create_table(
        t,
        *_ids(),
        sa.Column("season", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("asset_type_prefix", sa.String(length=100), nullable=True),
        sa.Column("created_by", GUID, nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        _fk(t, "created_by", "users"),
        *_keys(t),
        sa.UniqueConstraint("tenant_id", "season", "year", name=op.f(f"uq_{t}_tenant_id_season_year")),
    )
    op.create_index(op.f(f"ix_{t}_tenant_id_last_day"), t, ["tenant_id", "last_day"])

    t = "inspection_visits"
    op.create_table(
        t,
        *_ids(),
        sa.Column("campaign_id", GUID, nullable=False),
        sa.Column("customer_id", GUID, nullable=False),
        sa.Column("technician_id", GUID, nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("findings", sa.Text(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("done_by", GUID, nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        _fk(t, "campaign_id", "seasonal_campaigns", ondelete="CASCADE"),
        _fk(t, "customer_id", "customers"),
        _fk(t, "technician_id", "users"),
        _fk(t, "done_by", "users"),
        *_keys(t),
        sa.UniqueConstraint(
            "tenant_id", "campaign_id", "customer_id", name=op.f(f"uq_{t}_tenant_id_campaign_id_customer_id")
        ),
    )
    op.create_index(op.f(f"ix_{t}_tenant_id_technician_id_status"), t, ["tenant_id", "technician_id", "status"])
    op.create_index(op.f(f"ix_{t}_tenant_id_customer_id"), t, ["tenant_id", "customer_id"])

    t = "new_year_campaigns"
    op.create_table(
        t,
        *_ids(),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("created_by", GUID, nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        _fk(t, "created_by", "users"),
        *_keys(t),
        sa.UniqueConstraint("tenant_id", "year", name=op.f(f"uq_{t}_tenant_id_year")),
    )

    t = "new_year_contacts"
    op.create_table(
        t,
        *_ids(),
        sa.Column("campaign_id", GUID, nullable=False),
        sa.Column("customer_id", GUID, nullable=False),
        sa.Column("new_customer", sa.Boolean(), nullable=False),
        sa.Column("gift_sent_on", sa.Date(), nullable=True),
        sa.Column("needs", sa.Text(), nullable=True),
        sa.Column("recorded_at", UTC_TIME, nullable=True),
        sa.Column("recorded_by", GUID, nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        _fk(t, "campaign_id", "new_year_campaigns", ondelete="CASCADE"),
        _fk(t, "customer_id", "customers"),
        _fk(t, "recorded_by", "users"),
        *_keys(t),
        sa.UniqueConstraint(
            "tenant_id", "campaign_id", "customer_id", name=op.f(f"uq_{t}_tenant_id_campaign_id_customer_id")
        ),
    )
    op.create_index(op.f(f"ix_{t}_tenant_id_customer_id"), t, ["tenant_id", "customer_id"])
    for table in TABLES:
        enable_rls(table)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
