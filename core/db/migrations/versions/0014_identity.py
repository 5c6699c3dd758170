"""Identity hardening: console sessions are credential rows (``api_tokens.kind``) so they can be
revoked server-side; e-mailed password-reset links; the global throttle counters of login, signup
and reset requests (replacing ``login_failures``)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.migration_kit import (
    GUID, create_tenant_table, drop_tables, index, ref, tenant_keys, timestamp, unique,
)

revision = "0014_identity"
down_revision = "0013_ticket_queue_order"


def upgrade() -> None:
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=10), server_default="bearer", nullable=False))
        batch_op.create_index(batch_op.f("ix_api_tokens_tenant_id_user_id"), ["tenant_id", "user_id"], unique=False)

    create_tenant_table(
        "password_resets",
        sa.Column("user_id", GUID, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        timestamp("expires_at"),
        timestamp("used_at", nullable=True),
        timestamp(),
        *tenant_keys("password_resets"),
        ref("password_resets", "user_id", "users", ondelete="CASCADE"),
        unique("password_resets", "tenant_id", "token_hash"),
    )

    op.create_table(
        "auth_throttles",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.BigInteger(), nullable=False),
        sa.Column("blocked_until", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_auth_throttles")),
    )
    index("auth_throttles", "window_start")
    drop_tables("login_failures")


def downgrade() -> None:
    create_tenant_table(
        "login_failures",
        sa.Column("email", sa.String(length=254), nullable=False),
        timestamp(),
        *tenant_keys("login_failures"),
        indexes=[("tenant_id", "email", "created_at")],
    )
    drop_tables("password_resets", "auth_throttles")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_tenant_id_user_id"))
        batch_op.drop_column("kind")
