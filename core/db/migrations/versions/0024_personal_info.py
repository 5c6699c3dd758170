"""Personal information requests (PIPL Art. 44–47): each request about a customer with its
deadline and outcome, the append-only tombstone an erasure leaves, the tenant's retention rules,
and the mark on an erased customer file."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.append_only import lift_append_only, make_append_only
from core.db.migration_kit import (
    GUID, JSON, UTC_TIME, create_tenant_table, drop_tables, ref, tenant_keys, timestamp, unique,
)

revision = "0024_personal_info"
down_revision = "0023_sso"

REQUESTS, TOMBSTONES, RULES = "privacy_requests", "privacy_tombstones", "privacy_retention_rules"


def upgrade() -> None:
    create_tenant_table(
        REQUESTS,
        timestamp(),
        *tenant_keys(REQUESTS),
        sa.Column("customer_id", GUID, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("requester", sa.String(length=20), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("fields", JSON, nullable=True),
        sa.Column("recorded_by", GUID, nullable=True),
        sa.Column("completed_at", UTC_TIME, nullable=True),
        sa.Column("completed_by", GUID, nullable=True),
        ref(REQUESTS, "customer_id", "customers"),
        ref(REQUESTS, "recorded_by", "users"),
        ref(REQUESTS, "completed_by", "users"),
        sa.CheckConstraint("kind IN ('access', 'correction', 'erasure')", name=op.f(f"ck_{REQUESTS}_kind")),
        sa.CheckConstraint("status IN ('open', 'done', 'refused')", name=op.f(f"ck_{REQUESTS}_status")),
        indexes=[("tenant_id", "customer_id"), ("tenant_id", "status", "due_on")],
    )
    create_tenant_table(
        TOMBSTONES,
        timestamp(),
        *tenant_keys(TOMBSTONES),
        sa.Column("customer_id", GUID, nullable=False),
        sa.Column("request_id", GUID, nullable=True),
        sa.Column("erased_by", GUID, nullable=True),
        sa.Column("rows", JSON, nullable=False),
        ref(TOMBSTONES, "customer_id", "customers"),
        ref(TOMBSTONES, "erased_by", "users"),
        ref(TOMBSTONES, "request_id", REQUESTS),
        unique(TOMBSTONES, "tenant_id", "customer_id"),
    )
    create_tenant_table(
        RULES,
        timestamp(),
        *tenant_keys(RULES),
        sa.Column("record_type", sa.String(length=40), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("updated_by", GUID, nullable=True),
        ref(RULES, "updated_by", "users"),
        unique(RULES, "tenant_id", "record_type"),
    )
    make_append_only(TOMBSTONES)
    with op.batch_alter_table("customers") as batch:
        batch.add_column(sa.Column("erased_at", UTC_TIME, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("customers") as batch:
        batch.drop_column("erased_at")
    lift_append_only(TOMBSTONES)
    drop_tables(REQUESTS, TOMBSTONES, RULES)
