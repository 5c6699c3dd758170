"""Outbound webhooks (issue 15): the tenant's endpoints and the outbox of deliveries to them."""

from __future__ import annotations

import sqlalchemy as sa

from core.db.migration_kit import GUID, JSON, UTC_TIME, create_tenant_table, drop_tables, ref, tenant_keys, timestamp

revision = "0021_webhooks"
down_revision = "0020_tenant_quotas"

ENDPOINTS, DELIVERIES = "webhook_endpoints", "webhook_deliveries"


def upgrade() -> None:
    create_tenant_table(
        ENDPOINTS,
        timestamp(),
        *tenant_keys(ENDPOINTS),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("event_types", JSON, nullable=False),
        sa.Column("secret", sa.String(length=200), nullable=False),
        sa.Column("previous_secret", sa.String(length=200), nullable=True),
        sa.Column("previous_secret_until", UTC_TIME, nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("disabled_at", UTC_TIME, nullable=True),
        sa.Column("disabled_reason", sa.String(length=500), nullable=True),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("failing_since", UTC_TIME, nullable=True),
        sa.Column("created_by", GUID, nullable=True),
        timestamp("updated_at"),
        ref(ENDPOINTS, "created_by", "users"),
        indexes=[("tenant_id", "enabled")],
    )
    create_tenant_table(
        DELIVERIES,
        timestamp(),
        *tenant_keys(DELIVERIES),
        sa.Column("endpoint_id", GUID, nullable=False),
        sa.Column("event_type", sa.String(length=100), nullable=False),
        sa.Column("subject_id", GUID, nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("round_attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTC_TIME, nullable=True),
        sa.Column("last_attempt_at", UTC_TIME, nullable=True),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("last_duration_ms", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("last_response", sa.String(length=1024), nullable=True),
        sa.Column("delivered_at", UTC_TIME, nullable=True),
        ref(DELIVERIES, "endpoint_id", ENDPOINTS, ondelete="CASCADE"),
        indexes=[("tenant_id", "endpoint_id", "id")],
    )


def downgrade() -> None:
    drop_tables(ENDPOINTS, DELIVERIES)
