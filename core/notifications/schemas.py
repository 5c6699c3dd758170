"""The notifications API's bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from core.notifications.templates import MAX_BODY, MAX_SUBJECT


class TemplateIn(msgspec.Struct, forbid_unknown_fields=True):
    """A tenant's wording of one kind in one locale (Jinja, sandboxed; see the kind's variables)."""

    body: Annotated[str, msgspec.Meta(max_length=MAX_BODY * 2)]
    subject: Annotated[str, msgspec.Meta(max_length=MAX_SUBJECT * 2)] = ""


class Preview(msgspec.Struct):
    """A template rendered with the kind's sample values."""

    subject: str
    body: str


class TemplateRead(msgspec.Struct):
    """The wording in force for one locale; ``customised`` when it is the tenant's own."""

    locale: str
    subject: str
    body: str
    customised: bool
    preview: Preview


class KindRead(msgspec.Struct):
    """One kind of message: its audience (``customer``: quiet hours apply), the rule it serves,
    its variables and its templates per locale."""

    key: str
    audience: str
    title: dict[str, str]
    rule: str
    variables: dict[str, str]
    templates: list[TemplateRead]


class ChannelSettingsIn(msgspec.Struct, forbid_unknown_fields=True):
    """``channels`` maps a channel name to its configuration (``sms``: ``url``, ``token``;
    ``wecom``: ``url``; ``dingtalk``: ``url``, ``secret``); ``customer_channel`` reaches customers
    (a phone channel), ``staff_channels`` reach staff (e-mail and group robots)."""

    channels: dict[str, dict] = msgspec.field(default_factory=dict)
    customer_channel: str = "sms"
    staff_channels: list[str] = msgspec.field(default_factory=lambda: ["email"])


class ChannelRead(msgspec.Struct):
    """A channel the tenant can use: what it sends to, whether it is configured, and its
    configuration without secrets (``secrets_set`` names the secret keys that have a value)."""

    name: str
    recipient: str
    configured: bool
    config: dict
    secrets_set: list[str]


class ChannelSettingsRead(msgspec.Struct):
    channels: list[ChannelRead]
    customer_channel: str
    staff_channels: list[str]


class NotificationRead(msgspec.Struct):
    """One message of the outbox and how its delivery went."""

    id: UUID
    template_key: str
    audience: str
    channel: str
    recipient: str
    locale: str
    subject: str
    body: str
    status: str
    attempts: int
    next_attempt_at: datetime | None
    sent_at: datetime | None
    error: str | None
    ticket_id: UUID | None
    created_at: datetime
