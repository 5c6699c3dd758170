"""Customer files (客户档案) must be complete within 2 days of first contact (DOMAIN §5, 004).

First contact is when the customer was registered; a file is complete with a phone, an address
and at least one product (asset). Days are counted in the tenant's zone (DOMAIN §0). Served at
``GET /api/v1/confidentiality/late-files`` by :class:`core.customers.controller.LateFileController`.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import msgspec
from sqlalchemy import exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.customers.models import Asset, Customer
from core.pagination import paginate
from core.timezones import tenant_today, tenant_zone

#: "within 2 days" (2日内): elapsed <= 2.
FILE_DEADLINE_DAYS = 2


class LateFile(msgspec.Struct, frozen=True):
    """A customer file still incomplete after its deadline. Only ids and dates: reading the
    file itself is a separate, audited read."""

    customer_id: str
    first_contact: date
    due: date
    missing: list[str]


def file_due(first_contact: date) -> date:
    """The last day the file may be completed."""
    return first_contact + timedelta(days=FILE_DEADLINE_DAYS)


def is_late(first_contact: date, today: date) -> bool:
    return (today - first_contact).days > FILE_DEADLINE_DAYS


def missing_parts(customer: Customer, has_asset: bool) -> list[str]:
    """What the file still lacks."""
    parts = [("phone", customer.phone), ("address", customer.address), ("assets", has_asset)]
    return [name for name, value in parts if not value]


async def late_customer_files(
    session: AsyncSession, tenant, *, limit: int | None = None, cursor: str | None = None, today: date | None = None
) -> tuple[list[LateFile], str | None]:
    """Incomplete customer files whose deadline has passed, newest first."""
    zone = tenant_zone(tenant)
    today = today or tenant_today(tenant)
    # created before this instant: first contact at least FILE_DEADLINE_DAYS + 1 days ago
    cutoff = datetime.combine(today - timedelta(days=FILE_DEADLINE_DAYS), time(0), tzinfo=zone)
    has_asset = exists(select(Asset.id).where(Asset.tenant_id == Customer.tenant_id, Asset.customer_id == Customer.id))
    stmt = select(Customer).where(
        Customer.created_at < cutoff, or_(Customer.phone.is_(None), Customer.address.is_(None), ~has_asset)
    )
    customers, next_cursor = await paginate(session, stmt, Customer.id, limit=limit, cursor=cursor)
    with_assets = set(
        await session.scalars(select(Asset.customer_id).where(Asset.customer_id.in_([c.id for c in customers])))
    )
    files = []
    for customer in customers:
        first = customer.created_at.astimezone(zone).date()
        if is_late(first, today):
            missing = missing_parts(customer, customer.id in with_assets)
            files.append(LateFile(str(customer.id), first, file_due(first), missing))
    return files, next_cursor
