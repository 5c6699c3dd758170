"""Transport-damage claims (运输损坏索赔, DOMAIN §12, 001 篇1 退换货 第四条), with row-level security.

Revision ID: 0035_transport_claims
Revises: 0034_weekly_reports
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

from core.db.rls import enable_rls

revision: str = "0035_transport_claims"
down_revision: str | Sequence[str] | None = "0034_weekly_reports"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
TABLE = "transport_claims"


def _fk(column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["tenant_id", column], [f"{target}.tenant_id", f"{target}.id"],
                                   name=op.f(f"fk_{TABLE}_tenant_id_{column}_{target}"))


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
        sa.Column("customer_id", GUID, nullable=False),
        sa.Column("ticket_id", GUID, nullable=True),
        sa.Column("carrier", sa.String(length=100), nullable=False),
        sa.Column("waybill_no", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("claimed_fen", sa.BigInteger(), nullable=True),
        sa.Column("owner_id", GUID, nullable=False),
        sa.Column("logistics_id", GUID, nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("settled_fen", sa.BigInteger(), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("closed_at", UTC_TIME, nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        _fk("customer_id", "customers"), _fk("ticket_id", "tickets"), _fk("owner_id", "users"),
        _fk("logistics_id", "users"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{TABLE}_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f(f"pk_{TABLE}")),
    )
    op.create_index(op.f(f"ix_{TABLE}_tenant_id_status"), TABLE, ["tenant_id", "status"])
    op.create_index(op.f(f"ix_{TABLE}_tenant_id_customer_id"), TABLE, ["tenant_id", "customer_id"])
    enable_rls(TABLE)


def downgrade() -> None:
    op.drop_table(TABLE)
