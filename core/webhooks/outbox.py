"""The transactional outbox: a core subscriber of every domain event writes one delivery per
subscribed endpoint, and the job that sends it, in the transaction of the command that published
the event. Nothing is sent unless the command commits; nothing committed is lost."""

from __future__ import annotations

import json
from datetime import UTC

from sqlalchemy import select

from core.db.base import new_id, utcnow
from core.eventbus import subscribe
from core.events import DomainEvent
from core.webhooks import delivery as sender
from core.webhooks.catalog import matches
from core.webhooks.models import WebhookDelivery, WebhookEndpoint

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


@subscribe("*")
async def record_deliveries(session, ctx, event: DomainEvent) -> None:
    """Queue ``event`` for every enabled endpoint of the tenant subscribed to it (one read when
    none is)."""
    endpoints = (await session.scalars(
        select(WebhookEndpoint).where(WebhookEndpoint.enabled.is_(True)).order_by(WebhookEndpoint.id)
    )).all()
    hearing = [e for e in endpoints if matches(e.event_types, event)]
    if not hearing:
        return
    body = message_body(event)
    now = utcnow()
    for endpoint in hearing:
        delivery = WebhookDelivery(
            id=new_id(), tenant_id=endpoint.tenant_id, endpoint_id=endpoint.id, event_type=event.name, subject_id=event.subject_id, body=body,
            status="pending", attempts=0, round_attempts=0,
        )
        session.add(delivery)
        await sender.schedule(session, delivery, now)
    await session.flush()
