"""Per-tenant quotas, so that one tenant cannot starve the others.

Each quota has a deployment default (``SHOUHOU_QUOTA_*`` settings) and an optional override per
tenant (``tenants.quota_*`` columns, set with ``shouhou tenant quota``):

- **requests per minute** on each node, counted for authenticated requests in a fixed one-minute
  window in the node's memory (no database round trip); past it a 429 with ``Retry-After`` (the
  seconds left in the window). The surplus of a tenant past it is refused before its credential is
  even looked up (:func:`refuse_when_used_up`). With N nodes behind a balancer a tenant gets up to N times the
  figure: set it per node.
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
#: How long refusals of a tenant past its quota are answered from memory before one request is
#: checked in full again (which reads the tenant's limit afresh).
RECHECK_SECONDS = 1.0
QUOTA_USED_UP = "this company's request quota for this minute is used up; try again shortly"


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


class RequestWindows:
    """Requests per tenant in the current one-minute window, in this process."""

    def __init__(self) -> None:
        #: tenant -> (window, requests counted in it, the limit last checked against, when a checked
        #: request was last refused)
        self._counts: dict[UUID, tuple[int, int, int, float]] = {}

    def hit(self, tenant_id: UUID, limit: int, now: float) -> int | None:
        """Count one request; ``None`` when within ``limit``, else the seconds until the window ends."""
        window = int(now // WINDOW_SECONDS)
        started, count, _limit, _refused = self._counts.get(tenant_id, (window, 0, limit, 0.0))
        if started != window:
            if len(self._counts) > 100_000:  # windows of tenants gone quiet: forget them all
                self._counts.clear()
            started, count = window, 0
        if count >= limit:
            self._counts[tenant_id] = (started, count, limit, now)
            return _seconds_left(window, now)
        self._counts[tenant_id] = (started, count + 1, limit, 0.0)
        return None

    def exhausted(self, tenant_id: UUID, now: float) -> int | None:
        """The seconds until the window ends when a checked request of the tenant was refused in
        this window less than :data:`RECHECK_SECONDS` ago, else ``None``. Counts nothing: a
        stranger naming the tenant in a forged credential cannot use up its quota; and once a
        second one request goes through the full check, so a raised limit applies within it."""
        window = int(now // WINDOW_SECONDS)
        started, count, limit, refused = self._counts.get(tenant_id, (None, 0, 0, 0.0))
        if started != window or count < limit:
            return None
        if now - refused >= RECHECK_SECONDS:  # this one request goes to the full check; the rest wait
            self._counts[tenant_id] = (started, count, limit, now)
            return None
        return _seconds_left(window, now)

    def used(self, tenant_id: UUID, now: float) -> int:
        """Requests counted for the tenant in the current window."""
        started, count, _limit, _refused = self._counts.get(tenant_id, (None, 0, 0, 0.0))
        return count if started == int(now // WINDOW_SECONDS) else 0


def _seconds_left(window: int, now: float) -> int:
    return max(1, int((window + 1) * WINDOW_SECONDS - now) + 1)


WINDOWS = RequestWindows()


def within_request_quota(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
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
    """Before any database work: 429 with ``Retry-After`` when the tenant a credential names has
    already used up this minute's requests on this node. A flooding tenant's surplus requests then
    cost no connection and no statement (the credential itself is checked only when the quota has
    room, and only checked requests are counted)."""
    if tenant_id is not None and (wait := WINDOWS.exhausted(tenant_id, time.time())) is not None:
        raise Throttled(QUOTA_USED_UP, wait)
