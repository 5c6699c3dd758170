"""What the staff reminders of the service operations (DOMAIN §12: "its reminders through the
notification outbox") share: the hour of the tenant's day they go out, the console address they
point to, and the queueing of one message per person and channel (:func:`notify_staff`), each
kept once by its dedupe key so that a sweep run again queues nothing new.

A reminder counted in days goes out from :data:`REMIND_AT` (09:00, the tenant's time, DOMAIN §0)
of the day it falls due: a record of day D reminded after N days is reminded on day D + N from
09:00, not on day D + N − 1.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from core.notifications.recipients import notify_staff
from core.notifications.service import operator_settings
from core.timezones import tenant_zone
from tenants.context import TenantContext

__all__ = ["REMIND_AT", "console_url", "local", "notify_staff", "remind_from", "reminded_on"]

#: The hour of the tenant's morning a reminder of the day goes out.
REMIND_AT = time(9, 0)


def remind_from(day: date, zone: ZoneInfo) -> datetime:
    """The moment a reminder falling due on ``day`` goes out (09:00 there)."""
    return datetime.combine(day, REMIND_AT, zone)


def reminded_on(start: date, days: int, now: datetime, zone: ZoneInfo) -> bool:
    """Whether a record of day ``start`` is reminded ``days`` days later by ``now``: from 09:00 of
    day ``start + days``."""
    return now >= remind_from(start + timedelta(days=days), zone)


def local(ctx: TenantContext, moment: datetime | None) -> str:
    """A moment as the tenant reads it (``YYYY-MM-DD HH:MM``)."""
    return moment.astimezone(tenant_zone(ctx.tenant)).strftime("%Y-%m-%d %H:%M") if moment else ""


def console_url(session: AsyncSession, ctx: TenantContext, page: str) -> str:
    """The address of one of the tenant's console pages (``page`` after ``/t/<slug>/``)."""
    base = operator_settings(session).public_url.rstrip("/")
    return f"{base}/t/{ctx.tenant.slug}/{page}"
