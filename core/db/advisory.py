"""Keys of PostgreSQL's transaction-level advisory locks. The database has one key space for
every lock the app takes, so each kind of lock hashes its parts under a prefix of its own."""

from __future__ import annotations

import hashlib


def advisory_key(kind: str, *parts: object) -> int:
    """The signed 64-bit key (what ``pg_advisory_xact_lock`` takes) of the lock ``kind`` on
    ``parts``: the first 8 bytes of the SHA-256 of ``kind:part:part…``."""
    digest = hashlib.sha256(":".join((kind, *map(str, parts))).encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)
