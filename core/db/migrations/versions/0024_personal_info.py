"""Personal information requests (PIPL Art. 44–47): each request about a customer with its
deadline and outcome, the append-only tombstone an erasure leaves, the tenant's retention rules,
and the mark on an erased customer file.

Revision ID: 0024_personal_info
Revises: 0023_sso
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from core.db.append_only import lift_append_only, make_append_only
from core.db.rls import enable_rls

revision: str = "0024_personal_info"
down_revision: str | Sequence[str] | None = "0023_sso"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TABLES = ("privacy_requests", "privacy_tombstones", "privacy_retention_rules")


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


def _user(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["tenant_id", column], ["users.tenant_id", "users.id"],
                                   name=op.f(f"fk_{table}_tenant_id_{column}_users"))


def _customer(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["tenant_id", "customer_id"], ["customers.tenant_id", "customers.id"],
                                   name=op.f(f"fk_{table}_tenant_id_customer_id_customers"))


def upgrade() -> None:
    op.create_table(
        "privacy_requests",
        *_keys("privacy_requests"),
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
        _customer("privacy_requests"),
        _user("privacy_requests", "recorded_by"),
        _user("privacy_requests", "completed_by"),
        sa.CheckConstraint("kind IN ('access', 'correction', 'erasure')", name=op.f("ck_privacy_requests_kind")),
        sa.CheckConstraint("status IN ('open', 'done', 'refused')", name=op.f("ck_privacy_requests_status")),
    )
    op.create_index(op.f("ix_privacy_requests_tenant_id_customer_id"), "privacy_requests",
                    ["tenant_id", "customer_id"])
    op.create_index(op.f("ix_privacy_requests_tenant_id_status_due_on"), "privacy_requests",
                    ["tenant_id", "status", "due_on"])
    op.create_table(
        "privacy_tombstones",
        *_keys("privacy_tombstones"),
        sa.Column("customer_id", GUID, nullable=False),
        sa.Column("request_id", GUID, nullable=True),
        sa.Column("erased_by", GUID, nullable=True),
        sa.Column("rows", JSON, nullable=False),
        _customer("privacy_tombstones"),
        _user("privacy_tombstones", "erased_by"),
        sa.ForeignKeyConstraint(["tenant_id", "request_id"], ["privacy_requests.tenant_id", "privacy_requests.id"],
                                name=op.f("fk_privacy_tombstones_tenant_id_request_id_privacy_requests")),
        sa.UniqueConstraint("tenant_id", "customer_id", name=op.f("uq_privacy_tombstones_tenant_id_customer_id")),
    )
    op.create_table(
        "privacy_retention_rules",
        *_keys("privacy_retention_rules"),
        sa.Column("record_type", sa.String(length=40), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("updated_by", GUID, nullable=True),
        _user("privacy_retention_rules", "updated_by"),
        sa.UniqueConstraint("tenant_id", "record_type",
                            name=op.f("uq_privacy_retention_rules_tenant_id_record_type")),
    )
    enable_rls(*TABLES)
    make_append_only("privacy_tombstones")
    with op.batch_alter_table("customers") as batch:
        batch.add_column(sa.Column("erased_at", UTC_TIME, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("customers") as batch:
        batch.drop_column("erased_at")
    lift_append_only("privacy_tombstones")
    for table in reversed(TABLES):
        op.drop_table(table)
