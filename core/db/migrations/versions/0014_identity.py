"""Identity hardening: console sessions are credential rows (``api_tokens.kind``) so they can be
revoked server-side; e-mailed password-reset links; the global throttle counters of login, signup
and reset requests (replacing ``login_failures``).

Revision ID: 0014_identity
Revises: 0013_ticket_queue_order
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

from core.db.rls import enable_rls

revision: str = "0014_identity"
down_revision: str | Sequence[str] | None = "0013_ticket_queue_order"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=10), server_default="bearer", nullable=False))
        batch_op.create_index(batch_op.f("ix_api_tokens_tenant_id_user_id"), ["tenant_id", "user_id"], unique=False)

    op.create_table(
        "password_resets",
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
        sa.Column("user_id", GUID, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", UTC_TIME, nullable=False),
        sa.Column("used_at", UTC_TIME, nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_password_resets_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id", "user_id"], ["users.tenant_id", "users.id"],
                                name=op.f("fk_password_resets_tenant_id_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_password_resets")),
        sa.UniqueConstraint("tenant_id", "token_hash", name=op.f("uq_password_resets_tenant_id_token_hash")),
    )
    enable_rls("password_resets")

    op.create_table(
        "auth_throttles",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.BigInteger(), nullable=False),
        sa.Column("blocked_until", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_auth_throttles")),
    )
    with op.batch_alter_table("auth_throttles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_throttles_window_start"), ["window_start"], unique=False)

    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_failures_tenant_id_email_created_at"))
    op.drop_table("login_failures")


def downgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_login_failures_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_login_failures")),
    )
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_failures_tenant_id_email_created_at"),
                              ["tenant_id", "email", "created_at"], unique=False)
    enable_rls("login_failures")
    with op.batch_alter_table("auth_throttles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_throttles_window_start"))
    op.drop_table("auth_throttles")
    op.drop_table("password_resets")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_tenant_id_user_id"))
        batch_op.drop_column("kind")
