"""The tool custody history is append-only in the database (see ``core.db.append_only``)."""

from __future__ import annotations

from core.sdk import lift_append_only, make_append_only

revision = "lubricants_0002"
down_revision = "lubricants_0001"
depends_on = "0016_append_only_audit"


def upgrade() -> None:
    make_append_only("lubricants_tool_events")


def downgrade() -> None:
    lift_append_only("lubricants_tool_events")
