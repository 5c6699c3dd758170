"""Major-fault reports (重大故障报告, DOMAIN §12, 003 篇3 七), with row-level security.

Revision ID: 0037_major_faults
Revises: 0036_survey_responses
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

from core.db.rls import enable_rls

revision: str = "0037_major_faults"
down_revision: str | Sequence[str] | None = "0036_survey_responses"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
TABLE = "major_faults"
PEOPLE = ("reported_by", "account_owner_id", "manager_id", "technical_lead_id")
ANALYSIS = ("impact", "handling", "root_cause", "corrective_actions", "preventive_actions")


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
        sa.Column("occurred_at", UTC_TIME, nullable=False),
        sa.Column("place", sa.String(length=500), nullable=False),
        sa.Column("symptoms", sa.Text(), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("reported_by", GUID, nullable=False),
        sa.Column("account_owner_id", GUID, nullable=False),
        sa.Column("manager_id", GUID, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("management_informed_at", UTC_TIME, nullable=True),
        *(sa.Column(name, sa.Text(), nullable=True) for name in ANALYSIS),
        sa.Column("technical_lead_id", GUID, nullable=True),
        sa.Column("analysed_at", UTC_TIME, nullable=True),
        sa.Column("sent_at", UTC_TIME, nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        _fk("customer_id", "customers"), _fk("ticket_id", "tickets"), *(_fk(person, "users") for person in PEOPLE),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{TABLE}_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f(f"pk_{TABLE}")),
    )
    op.create_index(op.f(f"ix_{TABLE}_tenant_id_status"), TABLE, ["tenant_id", "status"])
    enable_rls(TABLE)


def downgrade() -> None:
    op.drop_table(TABLE)
