"""tool custody register"""

from __future__ import annotations

import sqlalchemy as sa

from core.sdk import migration_kit as kit

revision = 'lubricants_0001'
down_revision = None
branch_labels = ('lubricants',)
depends_on = '0001_spine'

GUID = kit.GUID
TOOLS = "lubricants_tools"
EVENTS = "lubricants_tool_events"


def upgrade() -> None:
    kit.create_tenant_table(
        TOOLS,
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("serial", sa.String(length=100), nullable=True),
        sa.Column("valuable", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("holder_id", GUID, nullable=False),
        sa.Column("registered_by", GUID, nullable=False),
        kit.timestamp(),
        kit.ref(TOOLS, "holder_id", "users"),
        kit.ref(TOOLS, "registered_by", "users"),
        *kit.tenant_keys(TOOLS),
        kit.unique(TOOLS, "tenant_id", "serial"),
        indexes=[("tenant_id", "holder_id", "status")],
    )
    kit.create_tenant_table(
        EVENTS,
        sa.Column("tool_id", GUID, nullable=False),
        sa.Column("event", sa.String(length=20), nullable=False),
        sa.Column("from_user_id", GUID, nullable=True),
        sa.Column("to_user_id", GUID, nullable=True),
        sa.Column("report", sa.Text(), nullable=True),
        sa.Column("compensation_fen", sa.Integer(), nullable=True),
        sa.Column("recorded_by", GUID, nullable=False),
        kit.timestamp(),
        kit.ref(EVENTS, "from_user_id", "users"),
        kit.ref(EVENTS, "recorded_by", "users"),
        kit.ref(EVENTS, "to_user_id", "users"),
        kit.ref(EVENTS, "tool_id", TOOLS, ondelete="CASCADE"),
        *kit.tenant_keys(EVENTS),
        indexes=[("tenant_id", "tool_id", "id")],
    )


def downgrade() -> None:
    kit.drop_tables(TOOLS, EVENTS)
