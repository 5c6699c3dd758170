"""Tenant single sign-on (OpenID Connect): each tenant's identity-provider settings (client
secret encrypted), the external identities linked to users, and the pending logins (state, nonce
and PKCE verifier, spent once).

Revision ID: 0023_sso
Revises: 0022_credentials
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from core.db.rls import enable_rls

revision: str = "0023_sso"
down_revision: str | Sequence[str] | None = "0022_credentials"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TABLES = ("sso_configs", "sso_identities", "sso_logins")


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
        "sso_configs",
        *_keys("sso_configs"),
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
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(["tenant_id", "break_glass_user_id"], ["users.tenant_id", "users.id"],
                                name=op.f("fk_sso_configs_tenant_id_break_glass_user_id_users")),
        sa.UniqueConstraint("tenant_id", name=op.f("uq_sso_configs_tenant_id")),
    )
    op.create_table(
        "sso_identities",
        *_keys("sso_identities"),
        sa.Column("user_id", GUID, nullable=False),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("last_login_at", UTC_TIME, nullable=True),
        sa.ForeignKeyConstraint(["tenant_id", "user_id"], ["users.tenant_id", "users.id"],
                                name=op.f("fk_sso_identities_tenant_id_user_id_users"), ondelete="CASCADE"),
        sa.UniqueConstraint("tenant_id", "issuer", "subject",
                            name=op.f("uq_sso_identities_tenant_id_issuer_subject")),
    )
    op.create_index(op.f("ix_sso_identities_tenant_id_user_id"), "sso_identities", ["tenant_id", "user_id"])
    op.create_table(
        "sso_logins",
        *_keys("sso_logins"),
        sa.Column("state_hash", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.String(length=100), nullable=False),
        sa.Column("code_verifier", sa.String(length=128), nullable=False),
        sa.Column("next_path", sa.String(length=500), nullable=True),
        sa.Column("expires_at", UTC_TIME, nullable=False),
        sa.Column("used_at", UTC_TIME, nullable=True),
        sa.UniqueConstraint("tenant_id", "state_hash", name=op.f("uq_sso_logins_tenant_id_state_hash")),
    )
    op.create_index(op.f("ix_sso_logins_tenant_id_expires_at"), "sso_logins", ["tenant_id", "expires_at"])
    enable_rls(*TABLES)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
