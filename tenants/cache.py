"""The per-node cache of tenant configuration, kept correct across nodes by versioned reads.

What a request's tenant context is built from — plugin enablements and their parsed settings, the
SLA policy, the business calendar — and what many requests check (the webhook endpoints, the
confidentiality rules) change rarely and are read by almost every request. Each
node keeps it in a bounded LRU keyed by tenant and by what was asked, and stores with it the
tenant's ``config_version``: a counter the database bumps (triggers, migration
``0019_tenant_config_version``) on any change to those rows, whichever node or tool made it.
Every request reads the current version anyway (the tenant row comes with the caller's
credential, in the same statement), so a cached value is used only if it was built at that very
version: no invalidation messages, no stale reads, no cross-node protocol. The plugin manager's
generation is part of the key (plugins registered or removed at run time change the parse).

Within a request that changes configuration, the cache answers as of the request's start (its
tenant row carries the version read then); the next request sees the change.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

from cachetools import LRUCache

T = TypeVar("T")

#: Entries per node: a few per active tenant; memory stays flat however many tenants there are.
MAX_ENTRIES = 20_000

_entries: LRUCache = LRUCache(maxsize=MAX_ENTRIES)


def _current(tenant: Any, key: Hashable) -> tuple[bool, Any]:
    entry = _entries.get((tenant.id, key))
    if entry is not None and entry[0] == tenant.config_version:
        return True, entry[1]
    return False, None


async def cached(tenant: Any, key: Hashable, load: Callable[[], Awaitable[T]]) -> T:
    """The value of ``key`` for ``tenant`` (an ORM row with ``id`` and ``config_version``): from
    the cache when it was built at the tenant's current version, else ``await load()`` (stored)."""
    found, value = _current(tenant, key)
    if not found:
        value = await load()
        _entries[(tenant.id, key)] = (tenant.config_version, value)
    return value


def computed(tenant: Any, key: Hashable, build: Callable[[], T]) -> T:
    """Like :func:`cached` for a value computed without the database (``build()``), e.g. what the
    tenant's enabled plugins declare with its settings."""
    found, value = _current(tenant, key)
    if not found:
        value = build()
        _entries[(tenant.id, key)] = (tenant.config_version, value)
    return value


def plugins_key(manager: Any) -> tuple[int, int]:
    """The part of a key that changes when plugins are registered or removed at run time."""
    return id(manager), manager.generation
