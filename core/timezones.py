"""Business dates and times in the tenant's time zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from core.db.base import utcnow


def tenant_zone(tenant) -> ZoneInfo:
    return ZoneInfo(tenant.timezone or "Asia/Shanghai")


def tenant_now(tenant, now: datetime | None = None) -> datetime:
    return (now or utcnow()).astimezone(tenant_zone(tenant))


def tenant_today(tenant, now: datetime | None = None) -> date:
    """Today's date where the tenant is (DOMAIN §0: days are counted in the tenant's zone)."""
    return tenant_now(tenant, now).date()
