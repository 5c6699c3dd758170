"""Per-tenant row counts and checksums of every table, read from the database's own catalog, so
two databases (a live one and its restored backup) can be compared table by table and tenant by
tenant, and a table added later is compared without changing this code.

Rows are read in primary-key order and hashed (SHA-256) one canonical JSON line at a time.
Tables with a ``tenant_id`` column are split per tenant (on PostgreSQL inside a transaction bound
to that tenant, so the owner role sees them under row-level security); the others are "global".
Compare databases of the same kind: values are hashed as the driver returns them.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

GLOBAL = "global"


@dataclass(frozen=True)
class TableSum:
    """One table's rows for one tenant (or the global rows): how many and their SHA-256."""

    rows: int
    sha256: str


#: tenant id (or ``global``) -> table -> its sum.
Fingerprint = dict[str, dict[str, TableSum]]


def tenant_key(value: Any) -> str:
    """A tenant id as text, whatever the driver returned (UUID, 16 bytes or hex)."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return str(uuid.UUID(bytes=value))
    return str(uuid.UUID(str(value)))


def _line(row: Any) -> bytes:
    return json.dumps(list(row), default=str, ensure_ascii=False, sort_keys=True).encode() + b"\n"


async def _tables(conn: AsyncConnection) -> dict[str, tuple[list[str], list[str]]]:
    """table -> (columns, primary key columns), from the catalog."""

    def read(sync) -> dict[str, tuple[list[str], list[str]]]:
        inspector = inspect(sync)
        found = {}
        for name in inspector.get_table_names():
            columns = [c["name"] for c in inspector.get_columns(name)]
            key = inspector.get_pk_constraint(name).get("constrained_columns") or columns
            found[name] = (columns, key)
        return found

    return await conn.run_sync(read)


async def _sum(conn: AsyncConnection, table: str, key: list[str], where: str, params: dict) -> TableSum:
    digest = hashlib.sha256()
    rows = 0
    order = ", ".join(f'"{c}"' for c in key)
    result = await conn.stream(text(f'SELECT * FROM "{table}"{where} ORDER BY {order}'), params)
    async for row in result:
        digest.update(_line(row))
        rows += 1
    return TableSum(rows, digest.hexdigest())


async def fingerprint(url: str) -> Fingerprint:
    """Counts and checksums of every table of the database at ``url``, per tenant."""
    engine = create_async_engine(url)
    found: Fingerprint = {GLOBAL: {}}
    try:
        async with engine.connect() as conn:
            tables = await _tables(conn)
            tenant_ids = list(await conn.scalars(text("SELECT id FROM tenants ORDER BY id"))) if "tenants" in tables else []
            for table, (columns, key) in sorted(tables.items()):
                if "tenant_id" not in columns:
                    found[GLOBAL][table] = await _sum(conn, table, key, "", {})
            await conn.rollback()
            for tenant_id in tenant_ids:
                sums = found.setdefault(tenant_key(tenant_id), {})
                async with conn.begin():
                    if conn.dialect.name == "postgresql":
                        await conn.execute(text("SELECT set_config('shouhou.tenant_id', :t, true)"),
                                           {"t": tenant_key(tenant_id)})
                    for table, (columns, key) in sorted(tables.items()):
                        if "tenant_id" in columns:
                            sums[table] = await _sum(conn, table, key, " WHERE tenant_id = :t", {"t": tenant_id})
    finally:
        await engine.dispose()
    return found


def rows_in(found: Fingerprint) -> int:
    """How many rows a fingerprint covers."""
    return sum(s.rows for tables in found.values() for s in tables.values())


def differences(expected: Fingerprint, actual: Fingerprint) -> list[str]:
    """What differs between two fingerprints, one line per tenant and table; empty when equal."""
    lines = []
    for tenant in sorted(set(expected) | set(actual)):
        mine, theirs = expected.get(tenant, {}), actual.get(tenant, {})
        for table in sorted(set(mine) | set(theirs)):
            a, b = mine.get(table), theirs.get(table)
            if a != b:
                lines.append(f"{tenant} {table}: {a.rows if a else 'missing'} rows"
                             f" vs {b.rows if b else 'missing'}{' (content differs)' if a and b and a.rows == b.rows else ''}")
    return lines
