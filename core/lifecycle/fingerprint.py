"""Per-tenant row counts and checksums of every table, read from the database's own catalog, so
two databases (a live one and its restored backup) can be compared table by table and tenant by
tenant, and a table added later is compared without changing this code.

Rows are read in primary-key order and hashed (SHA-256) one canonical JSON line at a time.
Tables with a ``tenant_id`` column are split per tenant (a tenant without rows in a table has no
entry for it); rows without a tenant are "global", where every table appears (with 0 rows if need
be). One query per table, in one read transaction.
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
    """table -> (columns, primary key columns), from the catalog (bulk reflection)."""

    def read(sync) -> dict[str, tuple[list[str], list[str]]]:
        inspector = inspect(sync)
        columns = inspector.get_multi_columns()
        keys = inspector.get_multi_pk_constraint()
        found = {}
        for (_schema, name), cols in columns.items():
            names = [c["name"] for c in cols]
            found[name] = (names, keys.get((_schema, name), {}).get("constrained_columns") or names)
        return found

    return await conn.run_sync(read)


async def _sum_table(conn: AsyncConnection, table: str, columns: list[str], key: list[str], found: Fingerprint) -> None:
    """Hash one table's rows into ``found``: per tenant when it has ``tenant_id``, else global."""
    split = "tenant_id" in columns
    order = ", ".join(f'"{c}"' for c in (["tenant_id"] if split else []) + [c for c in key if c != "tenant_id"])
    position = columns.index("tenant_id") if split else None
    selected = ", ".join(f'"{c}"' for c in columns)
    counts: dict[str, int] = {}
    digests: dict[str, Any] = {GLOBAL: hashlib.sha256()}  # every table appears under global
    result = await conn.stream(text(f'SELECT {selected} FROM "{table}" ORDER BY {order}'))
    async for part in result.partitions(2000):
        for row in part:
            owner = GLOBAL if position is None or row[position] is None else tenant_key(row[position])
            digests.setdefault(owner, hashlib.sha256()).update(_line(row))
            counts[owner] = counts.get(owner, 0) + 1
    for owner, digest in digests.items():
        found.setdefault(owner, {})[table] = TableSum(counts.get(owner, 0), digest.hexdigest())


async def fingerprint(url: str) -> Fingerprint:
    """Counts and checksums of every table of the database at ``url``, per tenant. On PostgreSQL
    the role must see every tenant's rows (superuser or ``BYPASSRLS``, as for ``pg_dump``)."""
    engine = create_async_engine(url)
    found: Fingerprint = {GLOBAL: {}}
    try:
        async with engine.connect() as conn, conn.begin():
            for table, (columns, key) in sorted((await _tables(conn)).items()):
                await _sum_table(conn, table, columns, key, found)
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
