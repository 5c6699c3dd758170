"""The tickets by appointment, the earliest first: a day of visits (``GET /api/v1/tickets?on_day=…
&sort=appointment``, the technician's day) read as index ranges."""

from __future__ import annotations

from alembic import op

from core.db.migration_kit import index

revision = "0044_tickets_by_appointment"
down_revision = "0043_confidentiality_config"


def upgrade() -> None:
    index("tickets", "tenant_id", "appointment_start", "id")


def downgrade() -> None:
    op.drop_index(op.f("ix_tickets_tenant_id_appointment_start_id"), table_name="tickets")
