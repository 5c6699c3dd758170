"""Per-tenant quotas, so that one tenant cannot starve the others.

Each quota has a deployment default (``SHOUHOU_QUOTA_*`` settings) and an optional override per
tenant (``tenants.quota_*`` columns, set with ``shouhou tenant quota``):

- **requests per minute** on each node, for authenticated requests, paced in the node's memory
  (no database round trip): the limit spread evenly over the minute with a burst of a second's
  worth (at least 5); the surplus gets a 429 with ``Retry-After`` (the seconds until the pace
  allows one more) and, for a second after a refusal, is refused before its credential is even
  looked up (:func:`refuse_when_used_up`). With N nodes behind a balancer a tenant gets up to N times the
  figure: set it per node. In a multi-node deployment the balancer cuts a flood first, before it
  reaches any node: HAProxy counts each bearer credential's requests a second and answers 429
  itself past :func:`balancer_rate` (``deploy/haproxy.cfg``; ``shouhou tenant balancer-map``
  writes each tenant's figure).
- **running jobs**: background jobs of one tenant claimed at once across all workers
  (``core.worker.jobs.claim`` skips a tenant at its limit, so other tenants' jobs go first).
- **rows per import** and **attachment storage**: read by those features when they check a
  request (413 past them).

A tenant admin sees the limits and the current use with ``GET /api/v1/tenant/quotas``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler

from core.errors import Throttled
from core.settings import Settings

WINDOW_SECONDS = 60
#: How long refusals of a tenant past its rate are answered from memory before one request is
#: checked in full again (which reads the tenant's limit afresh).
RECHECK_SECONDS = 1.0
#: The smallest burst a tenant may send at once (a limit below it is its own burst).
MIN_BURST = 5
QUOTA_USED_UP = "this company's request quota is used up for now; try again shortly"


@dataclass(frozen=True)
class Quotas:
    """The limits in force for one tenant."""

    requests_per_minute: int
    running_jobs: int
    import_rows: int
    storage_mb: int


def quotas_of(tenant: Any, settings: Settings) -> Quotas:
    """The tenant's overrides, else the deployment's defaults."""

    def pick(name: str) -> int:
        own = getattr(tenant, f"quota_{name}", None)
        return own if own is not None else getattr(settings, f"quota_{name}")

    return Quotas(requests_per_minute=pick("requests_per_minute"), running_jobs=pick("running_jobs"),
                  import_rows=pick("import_rows"), storage_mb=pick("storage_mb"))


@dataclass
class _Pace:
    """One tenant's pace (GCRA): the time its next request is due at the allowed rate, the limit
    that rate comes from, when a checked request was last refused, and its count this minute."""

    due: float
    limit: int
    refused_at: float = 0.0
    minute: int = 0
    count: int = 0


def balancer_rate(limit: int, nodes: int) -> int:
    """Requests a second one credential may send through the balancer to ``nodes`` app nodes whose
    pace for its tenant is ``limit`` a minute each: what the nodes let through together in a
    second, burst included, so the nodes' pace stays the exact limit and the balancer only cuts
    the surplus of a flood before it costs a node anything."""
    return nodes * max(burst_of(limit), -(-limit // WINDOW_SECONDS))


def burst_of(limit: int) -> int:
    """Requests a tenant may send at once: a second's worth of its per-minute limit, at least
    :data:`MIN_BURST`, at most the limit."""
    return min(limit, max(MIN_BURST, limit // WINDOW_SECONDS))


class RequestWindows:
    """Requests per tenant, paced, in this process: ``limit`` a minute spread evenly (one every
    ``60 / limit`` seconds) with a burst of :func:`burst_of` — the generic cell rate algorithm.
    A tenant sending faster is refused for the surplus only, so a flood never takes a minute's
    requests in its first second."""

    def __init__(self) -> None:
        self._paces: dict[UUID, _Pace] = {}

    def hit(self, tenant_id: UUID, limit: int, now: float) -> int | None:
        """Count one request; ``None`` when within the pace, else the seconds until one is."""
        pace = self._paces.get(tenant_id)
        if pace is None:
            if len(self._paces) > 100_000:  # paces of tenants gone quiet: forget them all
                self._paces.clear()
            pace = self._paces[tenant_id] = _Pace(due=now, limit=limit)
        elif pace.limit != limit:  # a changed limit: the debt so far, at the new rate
            pace.due = now + max(0.0, pace.due - now) * pace.limit / limit
            pace.limit = limit
        interval = WINDOW_SECONDS / limit
        due = max(pace.due, now)
        wait = due - (burst_of(limit) - 1) * interval - now
        if wait > 0:
            pace.refused_at = now
            return max(1, int(wait) + 1)
        pace.due = due + interval
        minute = int(now // WINDOW_SECONDS)
        pace.count = pace.count + 1 if pace.minute == minute else 1
        pace.minute = minute
        return None

    def exhausted(self, tenant_id: UUID, now: float) -> int | None:
        """The seconds until the tenant may send again when it is ahead of its pace (by the limit
        last checked), else ``None``. Once a second one request is let through to the full check,
        which reads the limit afresh (a raised limit applies within a second). Counts nothing: a
        stranger naming the tenant in a forged credential cannot use up its quota."""
        pace = self._paces.get(tenant_id)
        if pace is None:
            return None
        interval = WINDOW_SECONDS / pace.limit
        wait = max(pace.due, now) - (burst_of(pace.limit) - 1) * interval - now
        if wait <= 0:
            return None
        if now - pace.refused_at >= RECHECK_SECONDS:  # this one goes to the full check; the rest wait
            pace.refused_at = now
            return None
        return max(1, int(wait) + 1)

    def used(self, tenant_id: UUID, now: float) -> int:
        """Requests counted for the tenant in the current wall-clock minute."""
        pace = self._paces.get(tenant_id)
        return pace.count if pace is not None and pace.minute == int(now // WINDOW_SECONDS) else 0


WINDOWS = RequestWindows()


async def within_request_quota(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
    """App-wide guard: 429 with ``Retry-After`` once the caller's tenant used its requests for
    this minute on this node (anonymous requests are limited elsewhere: login, signup)."""
    user = connection.scope.get("user")
    if user is None:
        return
    limit = user.request_quota or connection.app.state.settings.quota_requests_per_minute
    wait = WINDOWS.hit(user.tenant_id, limit, time.time())
    if wait is not None:
        raise Throttled(QUOTA_USED_UP, wait)


def refuse_when_used_up(tenant_id: UUID | None) -> None:
    """Before any database work: 429 with ``Retry-After`` when the tenant a credential names is
    ahead of its pace on this node. A flooding tenant's surplus requests then cost no connection
    and no statement (the credential itself is checked only when the pace has room, and only
    checked requests are counted)."""
    if tenant_id is not None and (wait := WINDOWS.exhausted(tenant_id, time.time())) is not None:
        raise Throttled(QUOTA_USED_UP, wait)
