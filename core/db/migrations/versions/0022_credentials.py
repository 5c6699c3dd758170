"""Integrator credentials (issue 14): named API keys and OAuth clients of a tenant with their
scopes and per-credential rate limits, the short-lived tokens OAuth clients obtain, and the
append-only audit of every creation and revocation."""

from __future__ import annotations

import sqlalchemy as sa

from core.db.append_only import lift_append_only, make_append_only
from core.db.migration_kit import (
    GUID, JSON, UTC_TIME, create_tenant_table, drop_tables, ref, tenant_keys, timestamp, unique,
)

revision = "0022_credentials"
down_revision = "0021_webhooks"

CREDENTIALS, TOKENS, EVENTS = "integration_credentials", "integration_tokens", "credential_events"


def upgrade() -> None:
    create_tenant_table(
        CREDENTIALS,
        *tenant_keys(CREDENTIALS),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("scopes", JSON, nullable=False),
        sa.Column("rate_limit", sa.Integer(), nullable=False),
        sa.Column("created_by", GUID, nullable=False),
        sa.Column("last_used_at", UTC_TIME, nullable=True),
        sa.Column("revoked_at", UTC_TIME, nullable=True),
        sa.Column("revoked_by", GUID, nullable=True),
        timestamp(),
        ref(CREDENTIALS, "created_by", "users"),
        ref(CREDENTIALS, "revoked_by", "users"),
        unique(CREDENTIALS, "tenant_id", "prefix"),
    )
    create_tenant_table(
        TOKENS,
        *tenant_keys(TOKENS),
        sa.Column("credential_id", GUID, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("scopes", JSON, nullable=False),
        sa.Column("expires_at", UTC_TIME, nullable=False),
        timestamp(),
        ref(TOKENS, "credential_id", CREDENTIALS, ondelete="CASCADE"),
        unique(TOKENS, "tenant_id", "token_hash"),
        indexes=[("tenant_id", "expires_at")],
    )
    create_tenant_table(
        EVENTS,
        *tenant_keys(EVENTS),
        sa.Column("credential_id", GUID, nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("actor_id", GUID, nullable=False),
        sa.Column("detail", JSON, nullable=False),
        timestamp(),
        ref(EVENTS, "credential_id", CREDENTIALS),
        ref(EVENTS, "actor_id", "users"),
        indexes=[("tenant_id", "credential_id")],
    )
    make_append_only(EVENTS)


def downgrade() -> None:
    lift_append_only(EVENTS)
    drop_tables(CREDENTIALS, TOKENS, EVENTS)
