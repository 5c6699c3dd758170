"""HTTP: notification kinds and the tenant's templates, the tenant's channels and the delivery log
(the messages about one ticket are served by the tickets' controller)."""

from __future__ import annotations

from litestar import Request, delete, get, post, put
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import requires_role
from core.auth.resource import ApiResource
from core.errors import one_of
from core.notifications import queries, service
from core.notifications.schemas import (
    ChannelRead,
    ChannelSettingsIn,
    ChannelSettingsRead,
    KindRead,
    NotificationRead,
    Preview,
    TemplateIn,
)
from core.notifications.templates import LOCALES, check_template, kind_of
from core.pagination import Page
from tenants.context import TenantContext

#: Configuration keys never echoed back.
SECRET_KEYS = ("token", "secret")


def _locale(locale: str) -> str:
    return one_of(locale, LOCALES, "locale")


async def settings_read(session: AsyncSession, ctx: TenantContext) -> ChannelSettingsRead:
    """The tenant's channels with their configuration, secrets left out."""
    saved = await service.load_settings(session)
    channels = []
    for name, adapter in sorted(service.adapters(ctx).items()):
        config = saved.channels.get(name, {})
        channels.append(ChannelRead(
            name=name, recipient=adapter.recipient, configured=adapter.recipient == "email" or name in saved.channels,
            config={k: v for k, v in config.items() if k not in SECRET_KEYS},
            secrets_set=sorted(k for k in SECRET_KEYS if config.get(k)),
        ))
    return ChannelSettingsRead(channels=channels, customer_channel=saved.customer_channel,
                               staff_channels=saved.staff_channels)


class NotificationController(ApiResource, path="/api/v1/notifications", tag="notifications"):
    @get("/kinds", guards=[requires_role("admin", "manager")])
    async def list_kinds(self, db: AsyncSession) -> list[KindRead]:
        """Every kind of message with its variables and the templates in force (zh_Hans, en)."""
        return await queries.all_kinds(db)

    @get("/", guards=[requires_role("admin", "manager")])
    async def list_notifications(
        self, db: AsyncSession, ctx: TenantContext,
        status: str | None = Parameter(default=None, description="queued, sent, failed or suppressed"),
        template_key: str | None = Parameter(default=None),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[NotificationRead]:
        """The delivery log: every message of the tenant, newest first, by status and kind."""
        return Page.of(
            await queries.notification_page(db, status, template_key, limit=limit, cursor=cursor),
            lambda row: queries.notification_read(row, ctx),
        )

    @put("/templates/{key:str}/{locale:str}", guards=[requires_role("admin")])
    async def save_template(self, db: AsyncSession, key: str, locale: str, data: TemplateIn) -> KindRead:
        """Replace the wording of a kind in a locale; 422 naming ``subject`` or ``body`` when it
        does not parse, leaves the sandbox or fails on the sample values."""
        kind = kind_of(key)
        await check_template(kind, data.subject, data.body)
        await service.save_template(db, key, _locale(locale), data.subject, data.body)
        return await queries.kind_read(db, key)

    @post("/templates/{key:str}/{locale:str}/preview", guards=[requires_role("admin")], status_code=200)
    async def preview(self, key: str, locale: str, data: TemplateIn) -> Preview:
        """Render a template with the sample values without saving it (422 like saving)."""
        _locale(locale)
        return Preview(*await check_template(kind_of(key), data.subject, data.body))

    @delete("/templates/{key:str}/{locale:str}", guards=[requires_role("admin")], status_code=200)
    async def reset_template(self, db: AsyncSession, key: str, locale: str) -> KindRead:
        """Go back to the shipped wording of a kind in a locale."""
        kind_of(key)
        await service.reset_template(db, key, _locale(locale))
        return await queries.kind_read(db, key)

    @get("/settings", guards=[requires_role("admin")])
    async def read_settings(self, db: AsyncSession, ctx: TenantContext) -> ChannelSettingsRead:
        """The tenant's channels (secrets left out), the customers' channel and the staff's."""
        return await settings_read(db, ctx)

    @put("/settings", guards=[requires_role("admin")])
    async def save_settings(self, request: Request, db: AsyncSession, ctx: TenantContext,
                            data: ChannelSettingsIn) -> ChannelSettingsRead:
        """Configure the channels (gateway and robot addresses: http(s), public hosts unless the
        operator allows private ones); 422 naming the field."""
        allow = request.app.state.settings.notifications_allow_private_addresses
        await service.save_settings(db, ctx, data.channels, data.customer_channel, data.staff_channels,
                                    allow_private=allow)
        return await settings_read(db, ctx)
