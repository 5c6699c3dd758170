"""Row-level security for tenant tables (PostgreSQL only; a no-op on SQLite).

Every tenant table gets ``ENABLE`` and ``FORCE ROW LEVEL SECURITY`` and one policy for all
commands: a row is visible and writable only when its ``tenant_id`` is the transaction's
``shouhou.tenant_id`` setting. With no tenant set, tenant tables look empty.
"""

from __future__ import annotations

from alembic import op

from core.db.tenancy import SETTING

POLICY = "tenant_isolation"
CONDITION = f"tenant_id = NULLIF(current_setting('{SETTING}', true), '')::uuid"


def enable_rls(*tables: str) -> None:
    """Call from a migration after creating tenant tables."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY {POLICY} ON {table} FOR ALL USING ({CONDITION}) WITH CHECK ({CONDITION})")


def tenant_tables(metadata) -> list[str]:
    """Names of the tables that carry ``tenant_id`` (what RLS must cover), except global
    infrastructure tables marked ``info={"global": True}`` (the worker's jobs)."""
    return sorted(t.name for t in metadata.tables.values() if "tenant_id" in t.c and not t.info.get("global"))
