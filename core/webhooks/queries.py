"""Reading a tenant's webhook endpoints and deliveries (the session is scoped to the tenant)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.filters import where_given
from core.db.lookup import get_or_404
from core.pagination import paginate
from core.webhooks.models import WebhookDelivery, WebhookEndpoint


async def get_endpoint(session: AsyncSession, endpoint_id: UUID, *, for_update: bool = False) -> WebhookEndpoint:
    """The tenant's endpoint ``endpoint_id`` (another tenant's is not found)."""
    return await get_or_404(session, WebhookEndpoint, endpoint_id, "webhook endpoint", for_update=for_update)


async def list_endpoints(session: AsyncSession, *, limit: int | None, cursor: str | None):
    """The tenant's endpoints, newest first, a page at a time."""
    return await paginate(session, select(WebhookEndpoint), WebhookEndpoint.id, limit=limit, cursor=cursor)


async def endpoint_count(session: AsyncSession) -> int:
    """How many endpoints the tenant has registered."""
    return await session.scalar(select(func.count()).select_from(WebhookEndpoint))


async def disabled_endpoints(session: AsyncSession) -> list[WebhookEndpoint]:
    """Endpoints that were disabled for failing (the notice the admin sees)."""
    stmt = select(WebhookEndpoint).where(WebhookEndpoint.enabled.is_(False),
                                         WebhookEndpoint.disabled_reason.is_not(None))
    return list((await session.scalars(stmt.order_by(WebhookEndpoint.id))).all())


async def get_delivery(session: AsyncSession, delivery_id: UUID, *, for_update: bool = False) -> WebhookDelivery:
    """The tenant's delivery ``delivery_id``."""
    return await get_or_404(session, WebhookDelivery, delivery_id, "webhook delivery", for_update=for_update)


async def list_deliveries(session: AsyncSession, endpoint_id: UUID, *, status: str | None, limit: int | None,
                          cursor: str | None):
    """An endpoint's deliveries, newest first, optionally of one status."""
    stmt = where_given(select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id),
                       (WebhookDelivery.status, status))
    return await paginate(session, stmt, WebhookDelivery.id, limit=limit, cursor=cursor)
