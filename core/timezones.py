"""Business dates and times in the tenant's time zone."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.db.base import utcnow
from core.errors import Invalid


def tenant_zone(tenant) -> ZoneInfo:
    """The tenant's time zone (Asia/Shanghai when it set none)."""
    return ZoneInfo(tenant.timezone or "Asia/Shanghai")


def tenant_now(tenant, now: datetime | None = None) -> datetime:
    return (now or utcnow()).astimezone(tenant_zone(tenant))


def tenant_today(tenant, now: datetime | None = None) -> date:
    """Today's date where the tenant is (DOMAIN §0: days are counted in the tenant's zone)."""
    return tenant_now(tenant, now).date()


def day_span(tenant, day: date) -> tuple[datetime, datetime]:
    """``day`` in the tenant's zone as a ``[start, end)`` pair of instants (DOMAIN §0)."""
    zone = tenant_zone(tenant)
    return datetime.combine(day, time(), zone), datetime.combine(day + timedelta(days=1), time(), zone)


def check_not_future(tenant, field: str, value: date | None, now: datetime | None = None) -> None:
    """A business date that cannot lie ahead (a claim, a purchase, an arrival): after today in the
    tenant's zone it is refused, 422 naming ``field``."""
    today = tenant_today(tenant, now)
    if value is not None and value > today:
        raise Invalid(field, f"{value} is after today ({today} in the tenant's time zone)")
