"""HTTP: notification kinds and the tenant's templates, the tenant's channels, and the messages
about a ticket."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Request, delete, get, post, put
from litestar.params import Parameter
from sqlalchemy import delete as sql_delete
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import authenticated, requires_role
from core.errors import Invalid, NotFound
from core.notifications import service
from core.notifications.models import STATUSES, Notification, NotificationTemplate
from core.notifications.schemas import (
    ChannelRead,
    ChannelSettingsIn,
    ChannelSettingsRead,
    KindRead,
    NotificationRead,
    Preview,
    TemplateIn,
    TemplateRead,
)
from core.notifications.templates import KINDS, LOCALES, check_template, kind_of, render_pair
from core.pagination import Page, paginate
from core.scripts.sandbox import ScriptError
from core.tickets.queries import check_ticket
from core.timezones import tenant_zone
from tenants.context import TenantContext

#: Configuration keys never echoed back.
SECRET_KEYS = ("token", "secret")


async def kind_read(session: AsyncSession, key: str, own: dict | None = None) -> KindRead:
    """A kind with its templates in force and their previews; ``own`` is the tenant's templates by
    ``(key, locale)`` when the caller read them all at once (else they are read here)."""
    kind = KINDS[key]
    if own is None:
        own = await own_templates(session, key)
    templates = []
    for locale in LOCALES:
        row = own.get((key, locale))
        subject, body = (row.subject, row.body) if row is not None else kind.defaults[locale]
        try:
            preview = Preview(*await render_pair(subject, body, kind.samples))
        except ScriptError as exc:  # a stored template that no longer renders still lists
            preview = Preview(subject="", body=f"[{exc}]")
        templates.append(TemplateRead(locale=locale, subject=subject, body=body, customised=row is not None,
                                      preview=preview))
    return KindRead(key=kind.key, audience=kind.audience, title=kind.title, rule=kind.rule,
                    variables=kind.variables, templates=templates)


async def own_templates(session: AsyncSession, key: str | None = None) -> dict:
    """The tenant's own templates (of one kind, or all) by ``(key, locale)``, in one query."""
    stmt = select(NotificationTemplate)
    if key is not None:
        stmt = stmt.where(NotificationTemplate.key == key)
    return {(row.key, row.locale): row for row in (await session.scalars(stmt)).all()}


async def all_kinds(session: AsyncSession) -> list[KindRead]:
    """Every kind with the tenant's templates (one query for all of them)."""
    own = await own_templates(session)
    return [await kind_read(session, key, own) for key in KINDS]


def _locale(locale: str) -> str:
    if locale not in LOCALES:
        raise Invalid("locale", f"must be one of {', '.join(LOCALES)}")
    return locale


def notification_read(row: Notification, ctx: TenantContext) -> NotificationRead:
    """A message as the API shows it (times in the tenant's zone; a sensitive body — a reset link —
    never, even while it waits)."""
    zone = tenant_zone(ctx.tenant)
    return NotificationRead(
        id=row.id, template_key=row.template_key, audience=row.audience, channel=row.channel,
        recipient=row.recipient, locale=row.locale, subject=row.subject,
        body=service.REDACTED if row.sensitive else row.body, status=row.status,
        attempts=row.attempts, next_attempt_at=row.next_attempt_at.astimezone(zone) if row.status == "queued" else None,
        sent_at=row.sent_at.astimezone(zone) if row.sent_at else None, error=row.error, ticket_id=row.ticket_id,
        created_at=row.created_at.astimezone(zone),
    )


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


class NotificationController(Controller):
    path = "/api/v1/notifications"
    tags = ["notifications"]
    guards = [authenticated]

    @get("/kinds", guards=[requires_role("admin", "manager")])
    async def list_kinds(self, db: AsyncSession) -> list[KindRead]:
        """Every kind of message with its variables and the templates in force (zh_Hans, en)."""
        return await all_kinds(db)

    @get("/", guards=[requires_role("admin", "manager")])
    async def list_notifications(
        self, db: AsyncSession, ctx: TenantContext,
        status: str | None = Parameter(default=None, description="queued, sent, failed or suppressed"),
        template_key: str | None = Parameter(default=None),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[NotificationRead]:
        """The delivery log: every message of the tenant, newest first, by status and kind."""
        stmt = select(Notification)
        if status is not None:
            if status not in STATUSES:
                raise Invalid("status", f"must be one of {', '.join(STATUSES)}")
            stmt = stmt.where(Notification.status == status)
        if template_key is not None:
            stmt = stmt.where(Notification.template_key == kind_of(template_key).key)
        rows, next_cursor = await paginate(db, stmt, Notification.id, limit=limit, cursor=cursor)
        return Page(items=[notification_read(row, ctx) for row in rows], next_cursor=next_cursor)

    @put("/templates/{key:str}/{locale:str}", guards=[requires_role("admin")])
    async def save_template(self, db: AsyncSession, key: str, locale: str, data: TemplateIn) -> KindRead:
        """Replace the wording of a kind in a locale; 422 naming ``subject`` or ``body`` when it
        does not parse, leaves the sandbox or fails on the sample values."""
        kind = kind_of(key)
        await check_template(kind, data.subject, data.body)
        row = await db.scalar(select(NotificationTemplate).where(
            NotificationTemplate.key == key, NotificationTemplate.locale == _locale(locale)))
        if row is None:
            db.add(NotificationTemplate(key=key, locale=locale, subject=data.subject, body=data.body))
        else:
            row.subject, row.body = data.subject, data.body
        await db.flush()
        return await kind_read(db, key)

    @post("/templates/{key:str}/{locale:str}/preview", guards=[requires_role("admin")], status_code=200)
    async def preview(self, key: str, locale: str, data: TemplateIn) -> Preview:
        """Render a template with the sample values without saving it (422 like saving)."""
        _locale(locale)
        return Preview(*await check_template(kind_of(key), data.subject, data.body))

    @delete("/templates/{key:str}/{locale:str}", guards=[requires_role("admin")], status_code=200)
    async def reset_template(self, db: AsyncSession, key: str, locale: str) -> KindRead:
        """Go back to the shipped wording of a kind in a locale."""
        kind_of(key)
        await db.execute(sql_delete(NotificationTemplate).where(
            NotificationTemplate.key == key, NotificationTemplate.locale == _locale(locale)))
        return await kind_read(db, key)

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


class TicketNotificationController(Controller):
    path = "/api/v1/tickets/{ticket_id:uuid}/notifications"
    tags = ["notifications"]
    guards = [authenticated]

    @get("/")
    async def list_for_ticket(self, db: AsyncSession, ctx: TenantContext, ticket_id: UUID) -> list[NotificationRead]:
        """The messages about a ticket and their delivery status, newest first (404 for a ticket
        that is not the tenant's)."""
        try:
            await check_ticket(db, ticket_id)
        except Invalid as exc:
            raise NotFound("no such ticket") from exc
        return [notification_read(row, ctx) for row in await service.ticket_notifications(db, ticket_id)]
