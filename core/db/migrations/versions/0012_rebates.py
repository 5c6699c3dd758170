"""Agents' (代理商) monthly rebate statements (DOMAIN §11, 003 交易返傭服務): agents, their
transactions and rebate payments, and the issued statements with their frozen lines.

Revision ID: 0012_rebates
Revises: 0011_ticket_forms
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from core.db.rls import enable_rls

revision: str = "0012_rebates"
down_revision: str | Sequence[str] | None = "0011_ticket_forms"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TABLES = ("rebate_agents", "rebate_transactions", "rebate_payments", "rebate_statements")


def _keys(table: str) -> list:
    """The columns and keys every tenant table starts with."""
    return [
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f(f"pk_{table}")),
    ]


def _tenant_fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["tenant_id", column], [f"{target}.tenant_id", f"{target}.id"],
                                   name=op.f(f"fk_{table}_tenant_id_{column}_{target}"))


def _money_rows(table: str, day: str, *extra: sa.Column) -> None:
    """Transactions and payments: an agent, a day, a positive amount of fen, who recorded it."""
    op.create_table(
        table,
        *_keys(table),
        sa.Column("agent_id", GUID, nullable=False),
        sa.Column(day, sa.Date(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        *extra,
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", GUID, nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.CheckConstraint("amount_fen > 0", name=op.f(f"ck_{table}_amount_positive")),
        _tenant_fk(table, "agent_id", "rebate_agents"),
        _tenant_fk(table, "recorded_by", "users"),
    )
    op.create_index(op.f(f"ix_{table}_tenant_id_agent_id_{day}"), table, ["tenant_id", "agent_id", day])
    op.create_index(op.f(f"ix_{table}_tenant_id_{day}"), table, ["tenant_id", day])


def upgrade() -> None:
    op.create_table(
        "rebate_agents",
        *_keys("rebate_agents"),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=True),
        sa.Column("rebate_percent", sa.String(length=6), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.UniqueConstraint("tenant_id", "name", name=op.f("uq_rebate_agents_tenant_id_name")),
    )
    _money_rows("rebate_transactions", "occurred_on", sa.Column("rebate_percent", sa.String(length=6), nullable=False))
    _money_rows("rebate_payments", "paid_on")
    op.create_table(
        "rebate_statements",
        *_keys("rebate_statements"),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("issued_at", UTC_TIME, nullable=False),
        sa.Column("issued_by", GUID, nullable=True),
        sa.Column("on_time", sa.Boolean(), nullable=False),
        sa.Column("lines", JSON, nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        _tenant_fk("rebate_statements", "issued_by", "users"),
        sa.UniqueConstraint("tenant_id", "month", name=op.f("uq_rebate_statements_tenant_id_month")),
    )
    enable_rls(*TABLES)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
