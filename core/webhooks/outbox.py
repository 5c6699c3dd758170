"""The transactional outbox: a core subscriber of every domain event writes one delivery per
subscribed endpoint, and the job that sends it, in the transaction of the command that published
the event. Nothing is sent unless the command commits; nothing committed is lost."""

from __future__ import annotations

import json
from datetime import UTC
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import new_id, utcnow
from core.eventbus import subscribe
from core.events import DomainEvent
from core.webhooks import delivery as sender
from core.webhooks.catalog import matches
from core.webhooks.models import WebhookDelivery, WebhookEndpoint
from tenants import cache
from tenants.context import TenantContext

#: A message body larger than this is sent with its ``data`` cut to the subject's id.
MAX_BODY_BYTES = 64 * 1024


def message_body(event: DomainEvent) -> str:
    """The JSON body of ``event`` (Standard Webhooks' ``{type, timestamp, data}``), compact and
    UTF-8; bounded by :data:`MAX_BODY_BYTES`."""
    base = {"subject_id": str(event.subject_id), "tenant_id": str(event.tenant_id),
            "actor_id": str(event.actor_id) if event.actor_id else None}
    stamp = event.occurred_at.astimezone(UTC).isoformat().replace("+00:00", "Z")

    def encode(data: dict) -> str:
        return json.dumps({"type": event.name, "timestamp": stamp, "data": data},
                          ensure_ascii=False, separators=(",", ":"), default=str)

    body = encode({**event.data, **base})
    if len(body.encode()) > MAX_BODY_BYTES:
        body = encode({**base, "truncated": True})
    return body


async def enabled_endpoints(session: AsyncSession, ctx: TenantContext) -> list[tuple[UUID, list[str]]]:
    """The tenant's enabled endpoints and what each hears, from the node's cache (keyed by the
    tenant's ``config_version``, which endpoint changes bump: migration 0028)."""

    async def load() -> list[tuple[UUID, list[str]]]:
        rows = await session.execute(select(WebhookEndpoint.id, WebhookEndpoint.event_types)
                                     .where(WebhookEndpoint.enabled.is_(True)).order_by(WebhookEndpoint.id))
        return [(endpoint_id, list(types)) for endpoint_id, types in rows]

    return await cache.cached(ctx.tenant, ("webhook_endpoints",), load)


@subscribe("*")
async def record_deliveries(session: AsyncSession, ctx: TenantContext, event: DomainEvent) -> None:
    """Queue ``event`` for every enabled endpoint of the tenant subscribed to it (no read at all
    while the tenant's endpoints are cached)."""
    hearing = [endpoint_id for endpoint_id, types in await enabled_endpoints(session, ctx) if matches(types, event)]
    if not hearing:
        return
    body = message_body(event)
    now = utcnow()
    for endpoint_id in hearing:
        delivery = WebhookDelivery(
            id=new_id(), tenant_id=ctx.tenant.id, endpoint_id=endpoint_id, event_type=event.name,
            subject_id=event.subject_id, body=body, status="pending", attempts=0, round_attempts=0,
        )
        session.add(delivery)
        await sender.schedule(session, delivery, now)
    await session.flush()
