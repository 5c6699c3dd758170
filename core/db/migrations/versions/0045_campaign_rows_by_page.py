"""A season's inspection visits and a New Year campaign's contacts read a page at a time, in the
order they were generated (``GET /api/v1/inspection-visits?campaign_id=…``,
``GET /api/v1/new-year-campaigns/contacts?campaign_id=…``): an index range each."""

from __future__ import annotations

from alembic import op

from core.db.migration_kit import index

revision = "0045_campaign_rows_by_page"
down_revision = "0044_tickets_by_appointment"

TABLES = ("inspection_visits", "new_year_contacts")


def upgrade() -> None:
    for table in TABLES:
        index(table, "tenant_id", "campaign_id", "id")


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(op.f(f"ix_{table}_tenant_id_campaign_id_id"), table_name=table)
