"""Wire types of webhook endpoints and their deliveries."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from core.webhooks.catalog import MAX_TYPES

Url = Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]
Description = Annotated[str, msgspec.Meta(max_length=500)]
EventTypes = Annotated[list[Annotated[str, msgspec.Meta(min_length=1, max_length=100)]],
                       msgspec.Meta(min_length=1, max_length=MAX_TYPES)]
DeliveryStatus = Literal["pending", "delivered", "failed", "cancelled"]


class EndpointCreate(msgspec.Struct, forbid_unknown_fields=True):
    """``{url, event_types, description?}``: the URL must be http(s) and resolve to public
    addresses (unless the operator allows private networks)."""

    url: Url
    event_types: EventTypes
    description: Description = ""


class EndpointUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """Any of ``url``, ``event_types``, ``description``, ``enabled`` (re-enabling clears the
    failure streak and the notice)."""

    url: Url | msgspec.UnsetType = msgspec.UNSET
    event_types: EventTypes | msgspec.UnsetType = msgspec.UNSET
    description: Description | msgspec.UnsetType = msgspec.UNSET
    enabled: bool | msgspec.UnsetType = msgspec.UNSET


class EndpointRead(msgspec.Struct):
    id: UUID
    url: str
    description: str
    event_types: list[str]
    enabled: bool
    disabled_at: datetime | None
    disabled_reason: str | None
    consecutive_failures: int
    failing_since: datetime | None
    previous_secret_until: datetime | None
    created_at: datetime
    updated_at: datetime


class EndpointWithSecret(EndpointRead):
    """An endpoint just created, or whose secret was just rotated: the only time ``secret`` is shown."""

    secret: str = ""


class DeliveryRead(msgspec.Struct):
    id: UUID
    webhook_id: str
    endpoint_id: UUID
    event_type: str
    subject_id: UUID
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_duration_ms: int | None
    last_error: str | None
    delivered_at: datetime | None
    created_at: datetime


class DeliveryDetail(DeliveryRead):
    """A delivery with the exact body sent and the start of the receiver's last answer."""

    body: str = ""
    last_response: str | None = None


class EventTypeRead(msgspec.Struct):
    type: str
    description_zh: str
    description_en: str
