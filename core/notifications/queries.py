"""Reading a tenant's notification kinds with the wording in force, and its delivery log: the
one path the API and the console share (the session is scoped to the tenant)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import one_of
from core.notifications.models import STATUSES, Notification, NotificationTemplate
from core.notifications.schemas import KindRead, NotificationRead, Preview, TemplateRead
from core.notifications.service import REDACTED
from core.notifications.templates import KINDS, LOCALES, kind_of, render_pair
from core.pagination import paginate
from core.scripts.sandbox import ScriptError
from core.timezones import tenant_zone
from tenants.context import TenantContext


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


async def notification_page(session: AsyncSession, status: str | None = None, template_key: str | None = None, *,
                            limit: int | None, cursor: str | None) -> tuple[list[Notification], str | None]:
    """The delivery log: the tenant's messages, newest first, of one status and one kind when
    given (422 naming ``status`` or 404 for an unknown kind)."""
    stmt = select(Notification)
    if status is not None:
        stmt = stmt.where(Notification.status == one_of(status, STATUSES, "status"))
    if template_key is not None:
        stmt = stmt.where(Notification.template_key == kind_of(template_key).key)
    return await paginate(session, stmt, Notification.id, limit=limit, cursor=cursor)


def notification_read(row: Notification, ctx: TenantContext) -> NotificationRead:
    """A message as the API shows it (times in the tenant's zone; a sensitive body — a reset link —
    never, even while it waits)."""
    zone = tenant_zone(ctx.tenant)
    return NotificationRead(
        id=row.id, template_key=row.template_key, audience=row.audience, channel=row.channel,
        recipient=row.recipient, locale=row.locale, subject=row.subject,
        body=REDACTED if row.sensitive else row.body, status=row.status,
        attempts=row.attempts, next_attempt_at=row.next_attempt_at.astimezone(zone) if row.status == "queued" else None,
        sent_at=row.sent_at.astimezone(zone) if row.sent_at else None, error=row.error, ticket_id=row.ticket_id,
        created_at=row.created_at.astimezone(zone),
    )


async def ticket_notifications(session: AsyncSession, ticket_id: UUID) -> list[Notification]:
    """The messages about a ticket, newest first (one query)."""
    stmt = select(Notification).where(Notification.ticket_id == ticket_id).order_by(
        Notification.created_at.desc(), Notification.id.desc())
    return list((await session.scalars(stmt)).all())
