"""HTTP: a tenant admin's webhook endpoints, their delivery log and replay."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from litestar import Request, delete, get, patch, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import requires_role
from core.auth.resource import ApiResource
from core.pagination import Page
from core.webhooks import queries, service, signing
from core.webhooks.catalog import EVENT_TYPES
from core.webhooks.models import WebhookDelivery, WebhookEndpoint
from core.webhooks.schemas import (
    DeliveryDetail,
    DeliveryRead,
    EndpointCreate,
    EndpointRead,
    EndpointUpdate,
    EndpointWithSecret,
    EventTypeRead,
)


def endpoint_fields(endpoint: WebhookEndpoint) -> dict:
    """The wire fields of an endpoint (never its secrets)."""
    return {
        "id": endpoint.id, "url": endpoint.url, "description": endpoint.description,
        "event_types": list(endpoint.event_types), "enabled": endpoint.enabled,
        "disabled_at": endpoint.disabled_at, "disabled_reason": endpoint.disabled_reason,
        "consecutive_failures": endpoint.consecutive_failures, "failing_since": endpoint.failing_since,
        "previous_secret_until": endpoint.previous_secret_until, "created_at": endpoint.created_at,
        "updated_at": endpoint.updated_at,
    }


def delivery_fields(delivery: WebhookDelivery) -> dict:
    """The wire fields of a delivery's log entry."""
    return {
        "id": delivery.id, "webhook_id": signing.message_id(delivery.id), "endpoint_id": delivery.endpoint_id,
        "event_type": delivery.event_type, "subject_id": delivery.subject_id, "status": delivery.status,
        "attempts": delivery.attempts, "next_attempt_at": delivery.next_attempt_at,
        "last_attempt_at": delivery.last_attempt_at, "last_status_code": delivery.last_status_code,
        "last_duration_ms": delivery.last_duration_ms, "last_error": delivery.last_error,
        "delivered_at": delivery.delivered_at, "created_at": delivery.created_at,
    }


def detail(delivery: WebhookDelivery) -> DeliveryDetail:
    """A delivery with its body and the excerpt of the last answer."""
    return DeliveryDetail(**delivery_fields(delivery), body=delivery.body, last_response=delivery.last_response)


def allow_private(request: Request) -> bool:
    """Whether the operator lets endpoints resolve to private networks."""
    return request.app.state.settings.webhook_allow_private_networks


class WebhookController(ApiResource, path="/api/v1/webhooks", tag="webhooks", guards=[requires_role("admin")]):
    @get("/event-types")
    async def event_types(self) -> list[EventTypeRead]:
        """The core event types an endpoint can subscribe to (plugins' events: ``<subject>.*``)."""
        return [EventTypeRead(type=name, description_zh=zh, description_en=en)
                for name, (zh, en) in EVENT_TYPES.items()]

    @post("/endpoints")
    async def create(self, request: Request, db: AsyncSession, data: EndpointCreate) -> EndpointWithSecret:
        """Register an endpoint; the answer shows its signing secret, this once."""
        endpoint = await service.create_endpoint(db, data, request.user.user_id, allow_private(request))
        return EndpointWithSecret(**endpoint_fields(endpoint), secret=endpoint.secret)

    @get("/endpoints")
    async def list_endpoints(self, db: AsyncSession, limit: int | None = Parameter(default=None),
                             cursor: str | None = Parameter(default=None)) -> Page[EndpointRead]:
        """The tenant's endpoints, newest first."""
        return Page.of(
            await queries.list_endpoints(db, limit=limit, cursor=cursor),
            lambda endpoint: EndpointRead(**endpoint_fields(endpoint)),
        )

    @get("/endpoints/{endpoint_id:uuid}")
    async def read(self, db: AsyncSession, endpoint_id: UUID) -> EndpointRead:
        """One endpoint (without its secret)."""
        return EndpointRead(**endpoint_fields(await queries.get_endpoint(db, endpoint_id)))

    @patch("/endpoints/{endpoint_id:uuid}")
    async def update(self, request: Request, db: AsyncSession, endpoint_id: UUID,
                     data: EndpointUpdate) -> EndpointRead:
        """Change the URL, event types, description, or enable/disable the endpoint."""
        endpoint = await service.update_endpoint(db, endpoint_id, data, allow_private(request))
        return EndpointRead(**endpoint_fields(endpoint))

    @delete("/endpoints/{endpoint_id:uuid}")
    async def remove(self, db: AsyncSession, endpoint_id: UUID) -> None:
        """Remove the endpoint and its delivery log."""
        await service.delete_endpoint(db, endpoint_id)

    @post("/endpoints/{endpoint_id:uuid}/rotate-secret", status_code=200)
    async def rotate(self, db: AsyncSession, endpoint_id: UUID) -> EndpointWithSecret:
        """A new signing secret, shown this once; the previous one also signs for 24 hours."""
        endpoint = await service.rotate_secret(db, endpoint_id)
        return EndpointWithSecret(**endpoint_fields(endpoint), secret=endpoint.secret)

    @get("/endpoints/{endpoint_id:uuid}/deliveries")
    async def deliveries(
        self, db: AsyncSession, endpoint_id: UUID,
        status: Literal["pending", "delivered", "failed", "cancelled"] | None = Parameter(default=None),
        limit: int | None = Parameter(default=None), cursor: str | None = Parameter(default=None),
    ) -> Page[DeliveryRead]:
        """The endpoint's delivery log, newest first."""
        await queries.get_endpoint(db, endpoint_id)
        return Page.of(
            await queries.list_deliveries(db, endpoint_id, status=status, limit=limit, cursor=cursor),
            lambda delivery: DeliveryRead(**delivery_fields(delivery)),
        )

    @get("/deliveries/{delivery_id:uuid}")
    async def delivery(self, db: AsyncSession, delivery_id: UUID) -> DeliveryDetail:
        """One delivery with the body sent and the start of the last answer."""
        return detail(await queries.get_delivery(db, delivery_id))

    @post("/deliveries/{delivery_id:uuid}/replay", status_code=202)
    async def replay(self, db: AsyncSession, delivery_id: UUID) -> DeliveryDetail:
        """Send a settled delivery again (same ``webhook-id``), by the worker, now."""
        return detail(await service.replay(db, delivery_id))
