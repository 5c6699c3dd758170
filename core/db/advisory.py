"""PostgreSQL's transaction-level advisory locks: their keys and taking one. The database has one
key space for every lock the app takes, so each kind of lock hashes its parts under a prefix of
its own."""

from __future__ import annotations

import hashlib

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


def advisory_key(kind: str, *parts: object) -> int:
    """The signed 64-bit key (what ``pg_advisory_xact_lock`` takes) of the lock ``kind`` on
    ``parts``: the first 8 bytes of the SHA-256 of ``kind:part:part…``."""
    digest = hashlib.sha256(":".join((kind, *map(str, parts))).encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


#: An empty write: on SQLite it takes the database's one write lock for the rest of the transaction.
_TAKE_THE_WRITE_LOCK = text("UPDATE tenants SET id = id WHERE 0 = 1")


async def hold(session: AsyncSession, kind: str, *parts: object) -> None:
    """Take the transaction-level advisory lock ``kind`` on ``parts`` on PostgreSQL, waiting for
    the transaction that holds it, so that a check and the write it allows (a count under a bound)
    run one transaction at a time across every node. SQLite has one lock for all writes: an empty
    write takes it (the driver begins the transaction at the first write, the reads before it
    see what is committed), so the reads that follow see every write before them."""
    if session.bind.dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": advisory_key(kind, *parts)})
    else:
        await session.execute(_TAKE_THE_WRITE_LOCK)

