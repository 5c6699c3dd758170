"""Outbound webhooks (issue 15): the tenant's endpoints and the outbox of deliveries to them.

Revision ID: 0021_webhooks
Revises: 0020_tenant_quotas
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from core.db.rls import enable_rls

revision: str = "0021_webhooks"
down_revision: str | Sequence[str] | None = "0020_tenant_quotas"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TABLES = ("webhook_endpoints", "webhook_deliveries")


def _keys(table: str) -> list:
    """The columns and keys every tenant table starts with."""
    return [
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    op.create_table(
        "webhook_endpoints",
        *_keys("webhook_endpoints"),
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
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(["tenant_id", "created_by"], ["users.tenant_id", "users.id"],
                                name=op.f("fk_webhook_endpoints_tenant_id_created_by_users")),
    )
    op.create_index(op.f("ix_webhook_endpoints_tenant_id_enabled"), "webhook_endpoints", ["tenant_id", "enabled"])
    op.create_table(
        "webhook_deliveries",
        *_keys("webhook_deliveries"),
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
        sa.ForeignKeyConstraint(["tenant_id", "endpoint_id"], ["webhook_endpoints.tenant_id", "webhook_endpoints.id"],
                                name=op.f("fk_webhook_deliveries_tenant_id_endpoint_id_webhook_endpoints"),
                                ondelete="CASCADE"),
    )
    op.create_index(op.f("ix_webhook_deliveries_tenant_id_endpoint_id_id"), "webhook_deliveries",
                    ["tenant_id", "endpoint_id", "id"])
    enable_rls(*TABLES)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
