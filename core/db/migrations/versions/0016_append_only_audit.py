"""Audit, decision and history records are append-only in the database: the confidentiality
audit, ticket events, complaint steps and warranty decisions refuse UPDATE, DELETE and TRUNCATE
from everyone unless the owner lifts them (``core.db.append_only``); the application role loses
those grants (``core.db.migrate.grant_app_role``). The confidentiality audit's old exception for
a deleted tenant's rows is gone: deleting a tenant is maintenance and uses the switch."""

from __future__ import annotations

from core.db.append_only import lift_append_only, make_append_only

revision = "0016_append_only_audit"
down_revision = "0015_worker_heartbeats"

#: Tables made append-only by earlier migrations (their triggers are replaced, kept on downgrade).
EARLIER = ("confidentiality_audit", "ticket_events")
NEW = ("complaint_steps", "warranty_decisions")


def upgrade() -> None:
    for table in (*EARLIER, *NEW):
        make_append_only(table)


def downgrade() -> None:
    for table in NEW:
        lift_append_only(table)
