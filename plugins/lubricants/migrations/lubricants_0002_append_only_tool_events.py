"""The tool custody history is append-only in the database (see ``core.db.append_only``).

Revision ID: lubricants_0002
Revises: lubricants_0001
"""

from __future__ import annotations

from collections.abc import Sequence

from core.sdk import lift_append_only, make_append_only

revision: str = "lubricants_0002"
down_revision: str | Sequence[str] | None = "lubricants_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "0016_append_only_audit"


def upgrade() -> None:
    make_append_only("lubricants_tool_events")


def downgrade() -> None:
    lift_append_only("lubricants_tool_events")
