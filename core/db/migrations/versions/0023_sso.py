"""Tenant single sign-on (OpenID Connect): each tenant's identity-provider settings (client
secret encrypted), the external identities linked to users, and the pending logins (state, nonce
and PKCE verifier, spent once)."""

from __future__ import annotations

import sqlalchemy as sa

from core.db.migration_kit import (
    GUID, JSON, UTC_TIME, create_tenant_table, drop_tables, ref, tenant_keys, timestamp, unique,
)

revision = "0023_sso"
down_revision = "0022_credentials"

CONFIGS, IDENTITIES, LOGINS = "sso_configs", "sso_identities", "sso_logins"


def upgrade() -> None:
    create_tenant_table(
        CONFIGS,
        timestamp(),
        *tenant_keys(CONFIGS),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("client_id", sa.String(length=255), nullable=False),
        sa.Column("client_secret", sa.Text(), nullable=True),
        sa.Column("scopes", sa.String(length=300), nullable=False),
        sa.Column("role_claim", sa.String(length=100), nullable=False),
        sa.Column("role_map", JSON, nullable=False),
        sa.Column("default_role", sa.String(length=20), nullable=True),
        sa.Column("jit_users", sa.Boolean(), nullable=False),
        sa.Column("sso_only", sa.Boolean(), nullable=False),
        sa.Column("break_glass_user_id", GUID, nullable=True),
        timestamp("updated_at"),
        ref(CONFIGS, "break_glass_user_id", "users"),
        unique(CONFIGS, "tenant_id"),
    )
    create_tenant_table(
        IDENTITIES,
        timestamp(),
        *tenant_keys(IDENTITIES),
        sa.Column("user_id", GUID, nullable=False),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("last_login_at", UTC_TIME, nullable=True),
        ref(IDENTITIES, "user_id", "users", ondelete="CASCADE"),
        unique(IDENTITIES, "tenant_id", "issuer", "subject"),
        indexes=[("tenant_id", "user_id")],
    )
    create_tenant_table(
        LOGINS,
        timestamp(),
        *tenant_keys(LOGINS),
        sa.Column("state_hash", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.String(length=100), nullable=False),
        sa.Column("code_verifier", sa.String(length=128), nullable=False),
        sa.Column("next_path", sa.String(length=500), nullable=True),
        timestamp("expires_at"),
        sa.Column("used_at", UTC_TIME, nullable=True),
        unique(LOGINS, "tenant_id", "state_hash"),
        indexes=[("tenant_id", "expires_at")],
    )


def downgrade() -> None:
    drop_tables(CONFIGS, IDENTITIES, LOGINS)
