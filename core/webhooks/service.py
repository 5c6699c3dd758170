"""Managing webhook endpoints: create (the secret is made here and shown once), change, rotate
the secret, remove, and replay a delivery."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.advisory import hold
from core.db.base import new_id, utcnow
from core.db.tenancy import current_tenant
from core.errors import Conflict, Invalid
from core.webhooks import addresses, delivery, queries, signing
from core.webhooks.catalog import check_patterns
from core.webhooks.models import WebhookDelivery, WebhookEndpoint
from core.webhooks.schemas import EndpointCreate, EndpointUpdate

#: After a rotation the previous secret keeps signing (beside the new one) this long.
ROTATION_GRACE = timedelta(hours=24)
#: The endpoints a company may register. Each event is delivered once to every endpoint it matches,
#: so the number bounds the work one event makes (Stripe allows 16, GitHub 20 a repository); the
#: console lists them all on one page.
MAX_ENDPOINTS = 20


async def check_url(url: str, allow_private: bool) -> str:
    """``url`` if webhooks may be sent there now; 422 on ``url`` with the reason otherwise."""
    try:
        await addresses.resolve(url, allow_private=allow_private)
    except addresses.Refused as exc:
        raise Invalid("url", str(exc)) from exc
    return url


def check_event_types(event_types: list[str]) -> list[str]:
    """The subscription list without repeats; 422 naming the bad entry otherwise."""
    problems = check_patterns(event_types)
    if problems:
        raise Invalid.fields("event_types: " + problems[0][1], problems)
    return list(dict.fromkeys(event_types))


async def create_endpoint(session: AsyncSession, data: EndpointCreate, actor_id: UUID | None,
                          allow_private: bool) -> WebhookEndpoint:
    """Register an endpoint with a new secret (``endpoint.secret``: show it once); 409 when the company
    already has :data:`MAX_ENDPOINTS`."""
    event_types = check_event_types(data.event_types)
    url = await check_url(data.url, allow_private)
    await hold(session, "webhook-endpoints", current_tenant(session.sync_session))  # the count, then the insert
    if await queries.endpoint_count(session) >= MAX_ENDPOINTS:
        raise Conflict(f"a company registers at most {MAX_ENDPOINTS} endpoints: remove one it no longer needs first")
    endpoint = WebhookEndpoint(
        id=new_id(), url=url, description=data.description, event_types=event_types, secret=signing.new_secret(),
        enabled=True, consecutive_failures=0, created_by=actor_id, updated_at=utcnow(),
    )
    session.add(endpoint)
    await session.flush()
    return endpoint


async def update_endpoint(session: AsyncSession, endpoint_id: UUID, data: EndpointUpdate,
                          allow_private: bool) -> WebhookEndpoint:
    """Change an endpoint; a new URL is checked like a new endpoint's. Enabling a disabled one
    clears its failure streak and the notice; disabling it by hand leaves no notice."""
    if data.event_types is not msgspec.UNSET:
        event_types = check_event_types(data.event_types)
    if data.url is not msgspec.UNSET:
        await check_url(data.url, allow_private)
    endpoint = await queries.get_endpoint(session, endpoint_id, for_update=True)
    if data.event_types is not msgspec.UNSET:
        endpoint.event_types = event_types
    if data.url is not msgspec.UNSET:
        endpoint.url = data.url
    if data.description is not msgspec.UNSET:
        endpoint.description = data.description
    if data.enabled is not msgspec.UNSET and data.enabled != endpoint.enabled:
        endpoint.enabled = data.enabled
        endpoint.consecutive_failures = 0
        endpoint.failing_since = None
        endpoint.disabled_reason = None
        endpoint.disabled_at = None if data.enabled else utcnow()
    endpoint.updated_at = utcnow()
    await session.flush()
    return endpoint


async def rotate_secret(session: AsyncSession, endpoint_id: UUID) -> WebhookEndpoint:
    """Give the endpoint a new secret; the old one also signs for :data:`ROTATION_GRACE`."""
    endpoint = await queries.get_endpoint(session, endpoint_id, for_update=True)
    now = utcnow()
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_until = now + ROTATION_GRACE
    endpoint.secret = signing.new_secret()
    endpoint.updated_at = now
    await session.flush()
    return endpoint


async def delete_endpoint(session: AsyncSession, endpoint_id: UUID) -> None:
    """Remove an endpoint and its delivery log (its queued attempts find nothing to send)."""
    await session.delete(await queries.get_endpoint(session, endpoint_id, for_update=True))
    await session.flush()


async def replay(session: AsyncSession, delivery_id: UUID) -> WebhookDelivery:
    """Send a settled delivery again, now, with the same ``webhook-id`` and body and a fresh
    round of retries. 409 while it is still pending or its endpoint is disabled."""
    found = await queries.get_delivery(session, delivery_id, for_update=True)
    if found.status == "pending":
        raise Conflict("this delivery is still pending; it will be attempted again by itself",
                       [("status", "pending")])
    endpoint = await queries.get_endpoint(session, found.endpoint_id)
    if not endpoint.enabled:
        raise Conflict("the endpoint is disabled; enable it before replaying", [("endpoint", "disabled")])
    found.status = "pending"
    found.round_attempts = 0
    await delivery.schedule(session, found, utcnow())
    await session.flush()
    return found
