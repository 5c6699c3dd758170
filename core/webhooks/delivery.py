"""Delivering the outbox: the worker's ``webhooks.deliver`` job sends one delivery, signed, to
its endpoint, and records the outcome in the job's transaction (a worker killed mid-send commits
nothing, so the delivery is sent again with the same ``webhook-id``: at least once).

A failed attempt is retried with exponential back-off and jitter; an endpoint that keeps failing
is disabled. The address is checked again before every attempt and the request goes to the very
address that was checked (redirects are not followed).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from uuid import UUID, uuid4

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import utcnow
from core.observability.metrics import WEBHOOK_FAILURES
from core.webhooks import addresses, signing
from core.webhooks.models import WebhookDelivery, WebhookEndpoint
from core.worker import jobs
from tenants.context import TenantContext

log = logging.getLogger(__name__)

JOB_KIND = "webhooks.deliver"
#: Bytes of a receiver's answer kept in the delivery log.
EXCERPT_BYTES = 1024
USER_AGENT = "Shouhou-Webhooks/1"


@dataclass(frozen=True)
class Policy:
    """How deliveries are attempted, retried and given up.

    Attempt ``n`` (1-based) that fails is retried after ``min(retry_cap, retry_base * 2**(n-1))``
    scaled by a random factor in ``[0.5, 1]`` (jitter), up to ``max_attempts`` attempts; then the
    delivery is ``failed``. An endpoint whose last ``disable_after_failures`` attempts (or more)
    all failed, over at least ``disable_window``, is disabled.
    """

    allow_private_networks: bool = False
    timeout: float = 10.0
    max_attempts: int = 10
    retry_base: timedelta = timedelta(minutes=1)
    retry_cap: timedelta = timedelta(hours=12)
    disable_after_failures: int = 10
    disable_window: timedelta = timedelta(days=1)


_policy = Policy()


def configure(settings=None, **overrides) -> Policy:
    """Set the policy of the deliveries this process makes, from the settings
    (``webhook_allow_private_networks``, ``webhook_timeout_seconds``) and ``overrides``; called
    where a worker starts. Returns the previous policy."""
    global _policy
    previous = _policy
    base = Policy()
    if settings is not None:
        base = replace(base, allow_private_networks=settings.webhook_allow_private_networks,
                       timeout=settings.webhook_timeout_seconds)
    _policy = replace(base, **overrides)
    return previous


def restore(policy: Policy) -> None:
    """Put back a policy :func:`configure` returned."""
    global _policy
    _policy = policy


def current_policy() -> Policy:
    """The policy deliveries of this process follow."""
    return _policy


def backoff(attempt: int, policy: Policy, rand: random.Random | None = None) -> timedelta:
    """The wait after failed attempt ``attempt`` (1-based): exponential, capped, jittered."""
    ceiling = min(policy.retry_cap.total_seconds(), policy.retry_base.total_seconds() * 2.0 ** min(attempt - 1, 60))
    return timedelta(seconds=ceiling * (rand or random).uniform(0.5, 1.0))


@dataclass(frozen=True)
class Outcome:
    """What one attempt came to."""

    ok: bool
    status_code: int | None
    duration_ms: int
    error: str | None
    excerpt: str | None


async def send(url: str, msg_id: str, body: str, signing_secrets: list[str], policy: Policy) -> Outcome:
    """One signed POST of ``body`` to ``url``, to the address just checked; a 2xx answer is
    delivered, anything else (a redirect too) is a failure."""
    started = time.monotonic()

    def took() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        target = await addresses.resolve(url, allow_private=policy.allow_private_networks)
    except addresses.Refused as exc:
        return Outcome(False, None, took(), f"refused: {exc}", None)
    data = body.encode()
    address = target.addresses[0]
    host_in_url = f"[{address}]" if ":" in address else address
    default_port = 443 if target.scheme == "https" else 80
    netloc = host_in_url if target.port == default_port else f"{host_in_url}:{target.port}"
    host_header = target.host if target.port == default_port else f"{target.host}:{target.port}"
    headers = {
        **signing.headers(msg_id, utcnow(), data, signing_secrets),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "host": host_header,
    }
    extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
    timeout = httpx.Timeout(policy.timeout, connect=min(policy.timeout, 5.0))
    try:
        async with (
            asyncio.timeout(policy.timeout * 2),
            httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False) as client,
            client.stream("POST", f"{target.scheme}://{netloc}{target.path}", content=data, headers=headers,
                          extensions=extensions) as response,
        ):
            excerpt = await _excerpt(response)
    except (httpx.HTTPError, TimeoutError, OSError) as exc:
        return Outcome(False, None, took(), f"{type(exc).__name__}: {exc}"[:500] or type(exc).__name__, None)
    ok = 200 <= response.status_code < 300
    error = None if ok else f"HTTP {response.status_code}" + (" (redirects are not followed)"
                                                               if 300 <= response.status_code < 400 else "")
    return Outcome(ok, response.status_code, took(), error, excerpt)


async def _excerpt(response: httpx.Response) -> str:
    """The first :data:`EXCERPT_BYTES` of the answer; the rest is not read."""
    kept = b""
    async for chunk in response.aiter_raw():
        kept += chunk
        if len(kept) >= EXCERPT_BYTES:
            break
    return kept[:EXCERPT_BYTES].decode("utf-8", errors="replace")


def signing_secrets(endpoint: WebhookEndpoint, now: datetime) -> list[str]:
    """The endpoint's secret, and its previous one while the rotation's grace period lasts."""
    kept = [endpoint.secret]
    if endpoint.previous_secret and endpoint.previous_secret_until and endpoint.previous_secret_until > now:
        kept.append(endpoint.previous_secret)
    return kept


async def schedule(session: AsyncSession, delivery: WebhookDelivery, at: datetime) -> None:
    """Enqueue the job that makes the delivery's next attempt at ``at`` (in the caller's transaction)."""
    delivery.next_attempt_at = at
    await jobs.enqueue(
        session, tenant_id=delivery.tenant_id, kind=JOB_KIND,
        dedupe_key=f"{JOB_KIND}:{delivery.id}:{uuid4().hex}",
        payload={"delivery_id": str(delivery.id)}, run_at=at,
    )


def record(endpoint: WebhookEndpoint, delivery: WebhookDelivery, outcome: Outcome, now: datetime,
           policy: Policy) -> datetime | None:
    """Write an attempt's outcome on the delivery and the endpoint's failure streak; when the
    delivery is to be retried, when."""
    delivery.attempts += 1
    delivery.round_attempts += 1
    delivery.last_attempt_at = now
    delivery.last_status_code = outcome.status_code
    delivery.last_duration_ms = outcome.duration_ms
    delivery.last_error = outcome.error
    delivery.last_response = outcome.excerpt
    delivery.next_attempt_at = None
    if outcome.ok:
        delivery.status = "delivered"
        delivery.delivered_at = now
        endpoint.consecutive_failures = 0
        endpoint.failing_since = None
        return None
    endpoint.consecutive_failures += 1
    endpoint.failing_since = endpoint.failing_since or now
    if (endpoint.consecutive_failures >= policy.disable_after_failures
            and now - endpoint.failing_since >= policy.disable_window):
        endpoint.enabled = False
        endpoint.disabled_at = now
        endpoint.disabled_reason = (
            f"disabled after {endpoint.consecutive_failures} failed attempts in a row since "
            f"{endpoint.failing_since.isoformat(timespec='seconds')}; last: {outcome.error}"
        )[:500]
        delivery.status = "cancelled"
        return None
    if delivery.round_attempts >= policy.max_attempts:
        delivery.status = "failed"
        return None
    return now + backoff(delivery.round_attempts, policy)


async def run(session: AsyncSession, ctx: TenantContext, payload: dict) -> str:
    """The ``webhooks.deliver`` job: one attempt of a pending delivery (a delivery already
    settled, or removed with its endpoint, is left alone). Returns the delivery's status."""
    delivery = await session.scalar(select(WebhookDelivery).where(WebhookDelivery.id == UUID(payload["delivery_id"])))
    if delivery is None or delivery.status != "pending":
        return "gone" if delivery is None else delivery.status
    endpoint = await session.scalar(select(WebhookEndpoint).where(WebhookEndpoint.id == delivery.endpoint_id))
    if not endpoint.enabled:
        delivery.status = "cancelled"
        delivery.next_attempt_at = None
        delivery.last_error = "endpoint disabled"
        return delivery.status
    policy = current_policy()
    outcome = await send(endpoint.url, signing.message_id(delivery.id), delivery.body,
                         signing_secrets(endpoint, utcnow()), policy)
    retry_at = record(endpoint, delivery, outcome, utcnow(), policy)
    if not outcome.ok:
        WEBHOOK_FAILURES.labels(event=delivery.event_type).inc()
    if retry_at is not None:
        await schedule(session, delivery, retry_at)
    await session.flush()
    return delivery.status
