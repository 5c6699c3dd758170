"""Agents' (代理商) monthly rebate statements (DOMAIN §11, 003 交易返傭服務): agents, their
transactions and rebate payments, and the issued statements with their frozen lines."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.migration_kit import GUID, JSON, create_tenant_table, drop_tables, ref, tenant_keys, timestamp, unique

revision = "0012_rebates"
down_revision = "0011_ticket_forms"

TABLES = ("rebate_agents", "rebate_transactions", "rebate_payments", "rebate_statements")


def _money_rows(table: str, day: str, *extra: sa.Column) -> None:
    """Transactions and payments: an agent, a day, a positive amount of fen, who recorded it."""
    create_tenant_table(
        table,
        *tenant_keys(table),
        sa.Column("agent_id", GUID, nullable=False),
        sa.Column(day, sa.Date(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        *extra,
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", GUID, nullable=True),
        timestamp(),
        sa.CheckConstraint("amount_fen > 0", name=op.f(f"ck_{table}_amount_positive")),
        ref(table, "agent_id", "rebate_agents"),
        ref(table, "recorded_by", "users"),
        indexes=[("tenant_id", "agent_id", day), ("tenant_id", day)],
    )


def upgrade() -> None:
    create_tenant_table(
        "rebate_agents",
        *tenant_keys("rebate_agents"),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=True),
        sa.Column("rebate_percent", sa.String(length=6), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        timestamp("updated_at"),
        timestamp(),
        unique("rebate_agents", "tenant_id", "name"),
    )
    _money_rows("rebate_transactions", "occurred_on", sa.Column("rebate_percent", sa.String(length=6), nullable=False))
    _money_rows("rebate_payments", "paid_on")
    create_tenant_table(
        "rebate_statements",
        *tenant_keys("rebate_statements"),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        timestamp("issued_at"),
        sa.Column("issued_by", GUID, nullable=True),
        sa.Column("on_time", sa.Boolean(), nullable=False),
        sa.Column("lines", JSON, nullable=False),
        timestamp(),
        ref("rebate_statements", "issued_by", "users"),
        unique("rebate_statements", "tenant_id", "month"),
    )


def downgrade() -> None:
    drop_tables(*TABLES)
