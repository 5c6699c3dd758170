"""The tenant's business calendar (DOMAIN §1 working-day SLAs): dated holidays and make-up working
days (调休), the years a tenant imported whole, and on each ticket the years its due times crossed
that no calendar covers."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.migration_kit import GUID, JSON, create_tenant_table, drop_tables, ref, tenant_keys, timestamp, unique

revision = "0017_business_calendar"
down_revision = "0016_append_only_audit"

DAYS, YEARS = "business_calendar_days", "business_calendar_years"


def _entered(table: str, by: str) -> list:
    """Who entered the row and when, and the tenant's keys (in the order the tables have them)."""
    return [sa.Column(by, GUID, nullable=True), timestamp(), *tenant_keys(table), ref(table, by, "users")]


def upgrade() -> None:
    create_tenant_table(
        DAYS,
        *_entered(DAYS, "entered_by"),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.CheckConstraint("kind IN ('holiday', 'working_day')", name=op.f(f"ck_{DAYS}_kind")),
        unique(DAYS, "tenant_id", "day"),
    )
    create_tenant_table(
        YEARS,
        *_entered(YEARS, "imported_by"),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        timestamp("imported_at"),
        unique(YEARS, "tenant_id", "year"),
    )
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("sla_calendar_uncovered", JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("sla_calendar_uncovered")
    drop_tables(DAYS, YEARS)
