"""Campaigns: events and promotions announced to customers (DOMAIN §3, 004 (三)6).

Revision ID: 0008_campaigns
Revises: 0007_revisit_topics
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

from core.db.rls import enable_rls

revision: str = "0008_campaigns"
down_revision: str | Sequence[str] | None = "0007_revisit_topics"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.Column("script_id", sa.String(length=200), nullable=True),
        sa.Column("members_only", sa.Boolean(), nullable=False),
        sa.Column("asset_type_prefix", sa.String(length=100), nullable=True),
        sa.Column("customers", sa.Integer(), nullable=False),
        sa.Column("created_by", GUID, nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_campaigns_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id", "created_by"], ["users.tenant_id", "users.id"],
                                name=op.f("fk_campaigns_tenant_id_created_by_users")),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_campaigns")),
    )
    op.create_index(op.f("ix_campaigns_tenant_id_event_date"), "campaigns", ["tenant_id", "event_date"])
    enable_rls("campaigns")


def downgrade() -> None:
    op.drop_table("campaigns")
