"""Satisfaction questionnaires (满意度调查表, DOMAIN §12, 003 篇3 10.1.2), with row-level security.

Revision ID: 0036_survey_responses
Revises: 0035_transport_claims
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

from core.db.rls import enable_rls

revision: str = "0036_survey_responses"
down_revision: str | Sequence[str] | None = "0035_transport_claims"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
TABLE = "survey_responses"
AREAS = ("installation", "operation", "implementation", "after_sales", "training")


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
        sa.Column("customer_id", GUID, nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=False),
        *(sa.Column(area, sa.Integer(), nullable=True) for area in AREAS),
        sa.Column("comments", sa.Text(), nullable=True),
        sa.Column("recorded_by", GUID, nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(["tenant_id", "customer_id"], ["customers.tenant_id", "customers.id"],
                                name=op.f(f"fk_{TABLE}_tenant_id_customer_id_customers")),
        sa.ForeignKeyConstraint(["tenant_id", "recorded_by"], ["users.tenant_id", "users.id"],
                                name=op.f(f"fk_{TABLE}_tenant_id_recorded_by_users")),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{TABLE}_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f(f"pk_{TABLE}")),
    )
    op.create_index(op.f(f"ix_{TABLE}_tenant_id_answered_on"), TABLE, ["tenant_id", "answered_on"])
    enable_rls(TABLE)


def downgrade() -> None:
    op.drop_table(TABLE)
