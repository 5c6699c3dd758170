"""Queueing notifications in the caller's transaction and delivering them from the worker.

:func:`notify` renders the message with the tenant's template (or the shipped default), picks
the channel and the time (a customer's message due in quiet hours waits for their end) and
writes one outbox row; the same cause queued twice (``dedupe_key``) writes nothing new.
:func:`deliver_due` (the worker's ``notifications.deliver`` sweep) claims due rows with
``FOR UPDATE SKIP LOCKED`` and hands each to its channel adapter; a failure is retried with
back-off (again outside quiet hours for customers) until :data:`MAX_ATTEMPTS`, then ``failed``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import new_id, utcnow
from core.db.tenancy import bind_tenant
from core.errors import Invalid
from core.notifications.channels.base import Message, Result
from core.notifications.channels.safe_http import UnsafeAddress, check_destination
from core.notifications.models import Notification, NotificationSettings, NotificationTemplate
from core.notifications.templates import KINDS, LOCALES, Kind, render_pair
from core.observability.metrics import NOTIFICATION_FAILURES
from core.quiet_hours import QuietPeriod, next_callable
from core.scripts.sandbox import ScriptError
from core.settings import Settings
from core.timezones import tenant_zone
from tenants.context import TenantContext, load_context

log = logging.getLogger(__name__)

#: Attempts before a message is given up (``failed``).
MAX_ATTEMPTS = 5
#: First retry after this long; each further one waits twice as long.
FIRST_RETRY = timedelta(seconds=60)
#: Messages one sweep delivers at most (the rest wait for the next round): at the 5 s timeout a
#: batch stays well inside the job's 5-minute lease.
BATCH = 20
#: What a delivered or given-up sensitive message keeps of its body.
REDACTED = "[redacted after delivery]"
#: The locale recorded for a message sent in every locale.
BILINGUAL = "zh_Hans,en"
#: Channels a tenant uses until it saves its own settings.
DEFAULT_SETTINGS = {"channels": {}, "customer_channel": "sms", "staff_channels": ["email"]}


@dataclass(frozen=True)
class ChannelSettings:
    """A tenant's channel settings: configuration per channel, the customers' channel and the
    staff's channels."""

    channels: dict
    customer_channel: str
    staff_channels: list


def adapters(ctx: TenantContext) -> dict:
    """The channel adapters of the core and the tenant's enabled plugins, by name."""
    return {adapter.name: adapter for adapter in ctx.hooks.collect("shouhou_notification_channels")}


def operator_settings(session: AsyncSession) -> Settings:
    """The process's settings (mail server, private addresses) carried by the session maker."""
    return session.info.get("settings") or Settings()


async def load_settings(session: AsyncSession) -> ChannelSettings:
    """The tenant's channel settings (defaults while none were saved)."""
    row = await session.scalar(select(NotificationSettings))
    if row is None:
        return ChannelSettings(**DEFAULT_SETTINGS)
    return ChannelSettings(channels=row.channels, customer_channel=row.customer_channel,
                           staff_channels=list(row.staff_channels))


async def save_settings(session: AsyncSession, ctx: TenantContext, channels: dict, customer_channel: str,
                        staff_channels: list[str], *, allow_private: bool) -> ChannelSettings:
    """Validate each channel's configuration with its adapter (422 naming the field), refuse a
    ``url`` whose host resolves to a private address unless ``allow_private``, and store the
    tenant's settings. Staff channels must be configured; the customers' channel may wait for its
    configuration (its messages are written ``suppressed`` with the reason until then)."""
    known = adapters(ctx)
    normalised = {}
    for name, config in channels.items():
        if name not in known:
            raise Invalid(f"channels.{name}", "is not a channel this tenant has")
        if not isinstance(config, dict):
            raise Invalid(f"channels.{name}", "must be an object")
        normalised[name] = known[name].check_config(config)
        if isinstance(normalised[name].get("url"), str):
            try:
                await check_destination(normalised[name]["url"], allow_private)
            except UnsafeAddress as exc:
                raise Invalid(f"channels.{name}.url", str(exc)) from exc
    for field, names in (("customer_channel", [customer_channel]), ("staff_channels", staff_channels)):
        for name in names:
            if name not in known:
                raise Invalid(field, f"{name!r} is not a channel this tenant has")
    for name in staff_channels:
        if known[name].recipient == "phone":
            raise Invalid("staff_channels", f"{name!r} sends to phone numbers, which staff accounts do not have")
        if known[name].recipient != "email" and name not in normalised:
            raise Invalid("staff_channels", f"the {name} channel is not configured")
    if known[customer_channel].recipient != "phone":
        raise Invalid("customer_channel", "customers are reached by their phone number: pick a channel that "
                                          "sends to one")
    row = await session.scalar(select(NotificationSettings))
    if row is None:
        row = NotificationSettings(channels=normalised, customer_channel=customer_channel,
                                   staff_channels=list(dict.fromkeys(staff_channels)))
        session.add(row)
    else:
        row.channels, row.customer_channel = normalised, customer_channel
        row.staff_channels = list(dict.fromkeys(staff_channels))
    await session.flush()
    return await load_settings(session)


async def template_source(session: AsyncSession, kind: Kind, locale: str) -> tuple[str, str]:
    """Subject and body of ``kind`` in ``locale``: the tenant's own, or the shipped default."""
    row = await session.scalar(
        select(NotificationTemplate).where(NotificationTemplate.key == kind.key, NotificationTemplate.locale == locale)
    )
    if row is not None:
        return row.subject, row.body
    return kind.defaults[locale]


async def save_template(session: AsyncSession, key: str, locale: str, subject: str, body: str) -> None:
    """Store the tenant's wording of kind ``key`` in ``locale`` (checked by the caller with
    :func:`~core.notifications.templates.check_template`), replacing its own if it had one."""
    row = await session.scalar(
        select(NotificationTemplate).where(NotificationTemplate.key == key, NotificationTemplate.locale == locale)
    )
    if row is None:
        session.add(NotificationTemplate(key=key, locale=locale, subject=subject, body=body))
    else:
        row.subject, row.body = subject, body
    await session.flush()


async def reset_template(session: AsyncSession, key: str, locale: str) -> None:
    """Go back to the shipped wording of kind ``key`` in ``locale``."""
    await session.execute(
        delete(NotificationTemplate).where(NotificationTemplate.key == key, NotificationTemplate.locale == locale)
    )


async def render_message(session: AsyncSession, kind: Kind, locale: str, variables: dict) -> tuple[str, str]:
    """Subject and body of ``kind`` in ``locale`` with the tenant's template; a bilingual kind in
    zh_Hans, then English. Raises :class:`ScriptError` when a template fails."""
    if not kind.bilingual:
        return await render_pair(*await template_source(session, kind, locale), variables)
    parts = [await render_pair(*await template_source(session, kind, each), variables) for each in LOCALES]
    return " / ".join(part[0] for part in parts)[:300], f"\n{'-' * 40}\n\n".join(part[1] for part in parts)


QuietHours = Callable[[AsyncSession], Awaitable[list[QuietPeriod]]]

#: What reads the tenant's quiet hours (installed by :mod:`core.customer_quiet_hours`).
_quiet_hours: list[QuietHours] = []


def install_quiet_hours(reader: QuietHours) -> None:
    """Make ``reader`` what gives the tenant's quiet hours, which a customer's message waits out."""
    _quiet_hours[:] = [reader]


async def quiet_periods(session: AsyncSession) -> list[QuietPeriod]:
    """The tenant's quiet hours; refuses to queue a customer's message when nothing reads them."""
    if not _quiet_hours:
        raise RuntimeError("no quiet hours installed: the process must import core.customer_quiet_hours")
    return await _quiet_hours[0](session)


def quiet_until(ctx: TenantContext, periods, moment: datetime) -> datetime:
    """The first moment at or after ``moment`` outside the tenant's quiet hours (DOMAIN §3)."""
    zone = tenant_zone(ctx.tenant)
    return next_callable(moment, zone, periods)


@dataclass(frozen=True)
class Recipient:
    """One addressee of a message: the address, its language (``None``: the tenant's) and the
    key that keeps the same cause from queuing it twice."""

    address: str | None
    dedupe_key: str
    locale: str | None = None


async def notify(
    session: AsyncSession, ctx: TenantContext, *, key: str, recipient: str | None, channel: str, dedupe_key: str,
    variables: dict, ticket_id: UUID | None = None, locale: str | None = None, due: datetime | None = None,
) -> Notification | None:
    """Queue one message of kind ``key`` to ``recipient`` (see :func:`notify_all`); the row, or
    ``None`` when ``dedupe_key`` was queued before."""
    made = await notify_all(session, ctx, key=key, channel=channel, variables=variables, ticket_id=ticket_id,
                            due=due, recipients=[Recipient(recipient, dedupe_key, locale)])
    return made[0] if made else None


async def notify_all(
    session: AsyncSession, ctx: TenantContext, *, key: str, channel: str, recipients: list[Recipient], variables: dict,
    ticket_id: UUID | None = None, due: datetime | None = None,
) -> list[Notification]:
    """Queue a message of kind ``key`` on ``channel`` to each recipient, in the caller's
    transaction: the settings, quiet hours and each locale's rendering are read once. Returns the
    rows made (a ``dedupe_key`` queued before makes none).

    A message that cannot go out (no such channel for the tenant, the channel not configured, no
    address, a template that fails to render) is written ``suppressed`` with the reason, so the
    ticket shows why the customer heard nothing. A customer's message is due at ``due`` (default
    now) or, inside quiet hours, at their end.
    """
    kind = KINDS[key]
    now = utcnow()
    tenant_locale = ctx.tenant.locale if ctx.tenant.locale in LOCALES else "zh_Hans"
    when = max(due or now, now)
    known = adapters(ctx)
    settings = await load_settings(session)
    problem = None
    if channel not in known:
        problem = f"the tenant has no {channel} channel"
    elif known[channel].recipient != "email" and channel not in settings.channels:
        problem = f"the {channel} channel is not configured"
    if kind.audience == "customer" and problem is None:
        when = quiet_until(ctx, await quiet_periods(session), when)
    rendered: dict[str, tuple[str, str, str | None]] = {}
    insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    made = []
    for recipient in recipients:
        locale = recipient.locale if recipient.locale in LOCALES else tenant_locale
        if locale not in rendered:
            try:
                rendered[locale] = (*await render_message(session, kind, locale, variables), None)
            except ScriptError as exc:
                rendered[locale] = ("", "", f"the template does not render: {exc}"[:500])
        subject, body, failure = rendered[locale]
        error = problem or failure or (None if recipient.address else f"no {known[channel].recipient} to send to")
        values = {
            "id": new_id(), "tenant_id": ctx.tenant.id, "channel": channel,
            "recipient": (recipient.address or "")[:500], "audience": kind.audience, "template_key": key,
            "locale": BILINGUAL if kind.bilingual else locale, "subject": subject, "body": body,
            "status": "suppressed" if error else "queued", "attempts": 0, "next_attempt_at": when,
            "ticket_id": ticket_id, "dedupe_key": recipient.dedupe_key[:300], "error": error,
            "sensitive": kind.sensitive, "created_at": now, "updated_at": now,
        }
        stmt = insert(Notification).values(**values).on_conflict_do_nothing(
            index_elements=["tenant_id", "dedupe_key"]).returning(Notification.id)
        row_id = (await session.execute(stmt)).scalar_one_or_none()
        if row_id is not None:
            made.append(row_id)
    if not made:
        return []
    rows = await session.scalars(select(Notification).where(Notification.id.in_(made)))
    return sorted(rows.all(), key=lambda row: made.index(row.id))


async def suppress_queued(session: AsyncSession, reason: str, *, ticket_id: UUID | None = None,
                          keys: tuple[str, ...] = (), dedupe_keys: list[str] | None = None) -> int:
    """Withdraw queued messages of kinds ``keys`` that must no longer go out — about a ticket (an
    appointment moved, the repaired item collected), or by their ``dedupe_keys``; how many."""
    where = [Notification.status == "queued", Notification.template_key.in_(keys)]
    if ticket_id is not None:
        where.append(Notification.ticket_id == ticket_id)
    if dedupe_keys is not None:
        where.append(Notification.dedupe_key.in_(dedupe_keys))
    result = await session.execute(
        update(Notification)
        .where(*where)
        .values(status="suppressed", error=reason[:500], updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


async def _send(known: dict, settings: Settings, channel_settings: ChannelSettings, row: Notification) -> Result:
    adapter = known.get(row.channel)
    if adapter is None:
        return Result(ok=False, detail=f"the tenant has no {row.channel} channel", retry=False)
    message = Message(
        recipient=row.recipient, subject=row.subject, body=row.body, locale=row.locale,
        config=channel_settings.channels.get(row.channel, {}), settings=settings,
        timeout=settings.notifications_timeout_seconds,
    )
    try:
        return await adapter.send(message)
    except Exception as exc:  # a plugin's adapter must not stop the batch
        log.exception("channel %s raised", row.channel)
        return Result(ok=False, detail=f"{type(exc).__name__}: {exc}"[:300])


def record_result(ctx: TenantContext, periods, row: Notification, result: Result, now: datetime) -> None:
    """Write what a delivery attempt did on its row: ``sent``; ``failed`` when retrying cannot
    help or this was the last attempt; else queued again after a doubling wait (a customer's
    retry outside quiet hours ``periods``). A sensitive body is blanked once the row is final."""
    row.attempts += 1
    row.updated_at = now
    if result.ok:
        row.status, row.sent_at, row.error = "sent", now, None
    elif not result.retry or row.attempts >= MAX_ATTEMPTS:
        row.status, row.error = "failed", result.detail[:500]
        NOTIFICATION_FAILURES.labels(channel=row.channel).inc()
    else:
        row.error = result.detail[:500]
        retry_at = now + FIRST_RETRY * 2 ** (row.attempts - 1)
        row.next_attempt_at = quiet_until(ctx, periods, retry_at) if row.audience == "customer" else retry_at
    if row.sensitive and row.status != "queued":
        row.body = REDACTED


def _due(now: datetime):
    return (Notification.status == "queued", Notification.next_attempt_at <= now)


async def _claim(session: AsyncSession, now: datetime, notification_id: UUID | None = None) -> list[Notification]:
    """Take due messages (one ``UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)``): on
    PostgreSQL concurrent deliverers skip each other's rows; on SQLite the write serialises them
    until this transaction ends."""
    pick = select(Notification.id).where(*_due(now))
    if notification_id is not None:
        pick = pick.where(Notification.id == notification_id)
    pick = pick.order_by(Notification.next_attempt_at, Notification.id).limit(BATCH).with_for_update(skip_locked=True)
    stmt = (
        update(Notification)
        .where(Notification.id.in_(pick), *_due(now))
        .values(updated_at=now)
        .returning(Notification)
        .execution_options(synchronize_session=False)
    )
    return sorted((await session.scalars(stmt)).all(), key=lambda row: (row.next_attempt_at, row.id))


async def _deliver(session: AsyncSession, ctx: TenantContext, rows: list[Notification]) -> None:
    settings, known = operator_settings(session), adapters(ctx)
    channel_settings = await load_settings(session)
    periods = await quiet_periods(session)
    for row in rows:
        result = await _send(known, settings, channel_settings, row)
        record_result(ctx, periods, row, result, utcnow())
    await session.flush()


async def deliver_due(session: AsyncSession, ctx: TenantContext, now: datetime | None = None) -> int:
    """Deliver the tenant's due messages (at most :data:`BATCH`), in the caller's transaction;
    rows another deliverer holds are skipped. How many were tried."""
    rows = await _claim(session, now or utcnow())
    if rows:
        await _deliver(session, ctx, rows)
    return len(rows)


async def deliver_now(session_maker, plugins, tenant_id: UUID, notification_id: UUID) -> None:
    """Deliver one message at once (a password-reset link the user waits for), in its own
    transaction; if it is no longer due (sent, or held by the worker) nothing happens, and a
    failure leaves it to the worker's retries."""
    async with session_maker() as session:
        bind_tenant(session, tenant_id)
        async with session.begin():
            rows = await _claim(session, utcnow(), notification_id)
            if rows:
                await _deliver(session, await load_context(session, plugins, tenant_id), rows)
