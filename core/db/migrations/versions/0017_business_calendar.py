"""The tenant's business calendar (DOMAIN §1 working-day SLAs): dated holidays and make-up working
days (调休), the years a tenant imported whole, and on each ticket the years its due times crossed
that no calendar covers.

Revision ID: 0017_business_calendar
Revises: 0016_append_only_audit
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from core.db.rls import enable_rls

revision: str = "0017_business_calendar"
down_revision: str | Sequence[str] | None = "0016_append_only_audit"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TABLES = ("business_calendar_days", "business_calendar_years")


def _keys(table: str, by: str) -> list:
    """The columns and keys every tenant table starts with, and who entered the row."""
    return [
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
        sa.Column(by, GUID, nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id", by], ["users.tenant_id", "users.id"],
                                name=op.f(f"fk_{table}_tenant_id_{by}_users")),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    op.create_table(
        "business_calendar_days",
        *_keys("business_calendar_days", "entered_by"),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.CheckConstraint("kind IN ('holiday', 'working_day')", name=op.f("ck_business_calendar_days_kind")),
        sa.UniqueConstraint("tenant_id", "day", name=op.f("uq_business_calendar_days_tenant_id_day")),
    )
    op.create_table(
        "business_calendar_years",
        *_keys("business_calendar_years", "imported_by"),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("imported_at", UTC_TIME, nullable=False),
        sa.UniqueConstraint("tenant_id", "year", name=op.f("uq_business_calendar_years_tenant_id_year")),
    )
    enable_rls(*TABLES)
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("sla_calendar_uncovered", JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("sla_calendar_uncovered")
    for table in reversed(TABLES):
        op.drop_table(table)
