"""Integrator credentials (issue 14): named API keys and OAuth clients of a tenant with their
scopes and per-credential rate limits, the short-lived tokens OAuth clients obtain, and the
append-only audit of every creation and revocation.

Revision ID: 0022_credentials
Revises: 0021_webhooks
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from core.db.append_only import lift_append_only, make_append_only
from core.db.rls import enable_rls

revision: str = "0022_credentials"
down_revision: str | Sequence[str] | None = "0021_webhooks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TABLES = ("integration_credentials", "integration_tokens", "credential_events")


def _keys(table: str) -> list:
    """The columns and keys every tenant table starts with."""
    return [
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f(f"pk_{table}")),
    ]


def _user(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["tenant_id", column], ["users.tenant_id", "users.id"],
                                   name=op.f(f"fk_{table}_tenant_id_{column}_users"))


def upgrade() -> None:
    op.create_table(
        "integration_credentials",
        *_keys("integration_credentials"),
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
        sa.Column("created_at", UTC_TIME, nullable=False),
        _user("integration_credentials", "created_by"),
        _user("integration_credentials", "revoked_by"),
        sa.UniqueConstraint("tenant_id", "prefix", name=op.f("uq_integration_credentials_tenant_id_prefix")),
    )
    op.create_table(
        "integration_tokens",
        *_keys("integration_tokens"),
        sa.Column("credential_id", GUID, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("scopes", JSON, nullable=False),
        sa.Column("expires_at", UTC_TIME, nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(["tenant_id", "credential_id"],
                                ["integration_credentials.tenant_id", "integration_credentials.id"],
                                name=op.f("fk_integration_tokens_tenant_id_credential_id_integration_credentials"),
                                ondelete="CASCADE"),
        sa.UniqueConstraint("tenant_id", "token_hash", name=op.f("uq_integration_tokens_tenant_id_token_hash")),
    )
    with op.batch_alter_table("integration_tokens") as batch:
        batch.create_index(batch.f("ix_integration_tokens_tenant_id_expires_at"), ["tenant_id", "expires_at"])
    op.create_table(
        "credential_events",
        *_keys("credential_events"),
        sa.Column("credential_id", GUID, nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("actor_id", GUID, nullable=False),
        sa.Column("detail", JSON, nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(["tenant_id", "credential_id"],
                                ["integration_credentials.tenant_id", "integration_credentials.id"],
                                name=op.f("fk_credential_events_tenant_id_credential_id_integration_credentials")),
        _user("credential_events", "actor_id"),
    )
    with op.batch_alter_table("credential_events") as batch:
        batch.create_index(batch.f("ix_credential_events_tenant_id_credential_id"), ["tenant_id", "credential_id"])
    enable_rls(*TABLES)
    make_append_only("credential_events")


def downgrade() -> None:
    lift_append_only("credential_events")
    for table in reversed(TABLES):
        op.drop_table(table)
