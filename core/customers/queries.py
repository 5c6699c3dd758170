"""Reading customers and assets: the one path the API and the console share.

Tenancy comes from the session (``TenantSession`` filter, RLS on PostgreSQL); confidentiality
(DOMAIN §5) is applied here once: a list shows only the files the caller's role may read, reading
one file the role may not read is 403, and every top-secret file read is written to the audit in
the same transaction (:mod:`core.confidentiality.service`). Lists are newest first, paged by
cursor (:mod:`core.pagination`).

The search term matches a customer's name or address, its phone in any format a person types
(``138 0013 8000``, ``+86 138…``, ``0512-66668888``, or a part of it), and its assets' serial,
plate (``plate``, ``vehicle_plate``) and SIM ICCID.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from uuid import UUID

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.principal import Principal
from core.confidentiality.service import check_read, check_reads, readable_levels
from core.customers.models import Asset, Contact, Customer
from core.customers.phones import to_e164
from core.db.filters import where_given
from core.db.lookup import get_or_404
from core.db.search import MAX_GRAM, grams_contain, json_text, member_of
from core.errors import Invalid, NotFound
from core.pagination import paginate
from core.related import all_of, rows_by_id

#: The record type of a customer file in the confidentiality rules and audit.
CUSTOMER_FILE = "customer_file"
#: Asset attributes a search looks into (the plugins' plate and SIM card fields).
SEARCHED_ATTRIBUTES = ("plate", "vehicle_plate", "sim_iccid")
#: Shortest run of digits searched for inside phone numbers.
MIN_PHONE_DIGITS = 3


def _phone_terms(term: str) -> list[str]:
    """What a typed phone number looks like stored (E.164): the whole number when it is one,
    and its digits (without a trunk ``0`` or the ``86`` country code) to find a part of one."""
    digits = re.sub(r"\D", "", term)
    if len(digits) < MIN_PHONE_DIGITS or re.search(r"[^\d\s+()\-.]", term):
        return []
    terms = []
    try:
        if full := to_e164(term):
            terms.append(full)
    except Invalid:
        pass
    if term.strip().startswith("+86") or digits.startswith("0086"):
        digits = digits.removeprefix("00").removeprefix("86")
    terms.append(digits.lstrip("0") or digits)
    return terms


def search_clause(term: str) -> ColumnElement[bool]:
    """The customers matching ``term``: name, address, phone (any format), and their assets'
    serial, plate or ICCID; a term of one or two characters (a surname, a district) is looked for
    in the name and the address only (see :mod:`core.db.search`)."""
    if len(term) <= MAX_GRAM:
        return or_(grams_contain(Customer.name, term), grams_contain(Customer.address, term))
    like = f"%{term}%"
    squeezed = "%" + re.sub(r"\s", "", term) + "%"
    asset_match = or_(
        Asset.serial.ilike(like),
        *(json_text(Asset.attributes, key).ilike(like) for key in SEARCHED_ATTRIBUTES),
        json_text(Asset.attributes, "sim_iccid").ilike(squeezed),
    )
    return or_(
        Customer.name.ilike(like),
        Customer.address.ilike(like),
        *(Customer.phone.contains(phone) for phone in _phone_terms(term)),
        member_of(Customer.id, select(Asset.customer_id).where(asset_match).scalar_subquery()),
    )


async def customer_page(
    session: AsyncSession, principal: Principal, q: str | None = None, *, limit: int | None, cursor: str | None
) -> tuple[list[Customer], str | None]:
    """The customers ``principal`` may read, newest first, matching ``q`` when given; the files
    listed are reads (top-secret ones audited)."""
    stmt = select(Customer).where(Customer.classification.in_(await readable_levels(session, principal.role)))
    if q and q.strip():
        stmt = stmt.where(search_clause(q.strip()))
    rows, next_cursor = await paginate(session, stmt, Customer.id, limit=limit, cursor=cursor)
    await check_reads(session, principal, [(c.classification, CUSTOMER_FILE, c.id) for c in rows])
    return rows, next_cursor


async def get_customer(session: AsyncSession, customer_id: UUID) -> Customer:
    """The customer a command or another record refers to (404 when the tenant has none by that
    id); not a file read: showing a file goes through :func:`read_customer`."""
    return await get_or_404(session, Customer, customer_id, "customer")


async def customer_named(session: AsyncSession, customer_id: UUID, field: str = "customer_id") -> Customer:
    """The customer a posted body names in ``field``: 422 on that field (not 404: the body is
    wrong, not the address) when the tenant has none by that id."""
    try:
        return await get_customer(session, customer_id)
    except NotFound as exc:
        raise Invalid(field, "no such customer") from exc


async def read_customer(session: AsyncSession, principal: Principal, customer_id: UUID) -> Customer:
    """One customer file: 404 when the tenant has none by that id, 403 when the role may not read
    its level; a top-secret read is audited."""
    customer = await get_customer(session, customer_id)
    await check_read(session, principal, customer.classification, CUSTOMER_FILE, customer.id)
    return customer


async def contacts_of(session: AsyncSession, customer_id: UUID) -> list[Contact]:
    """The contact people of a customer the caller has read, in the order they were added."""
    return await all_of(session, Contact.customer_id, customer_id)


async def customers_by_id(session: AsyncSession, ids: Iterable[UUID | None]) -> dict[UUID, Customer]:
    """The customers named by records the caller already reads (a ticket's, a complaint's or a
    revisit's customer, shown as its label), in one query. This is not a file read: pages that
    show a customer file use :func:`read_customer` or :func:`customer_page`."""
    return await rows_by_id(session, Customer, ids)


async def customer_count(session: AsyncSession) -> int:
    """How many customer files the tenant holds."""
    return await session.scalar(select(func.count()).select_from(Customer)) or 0


async def asset_page(
    session: AsyncSession, customer_id: UUID | None = None, *, limit: int | None, cursor: str | None
) -> tuple[list[Asset], str | None]:
    """Assets, newest first, optionally of one customer."""
    stmt = where_given(select(Asset), (Asset.customer_id, customer_id))
    return await paginate(session, stmt, Asset.id, limit=limit, cursor=cursor)


async def get_asset(session: AsyncSession, asset_id: UUID) -> Asset:
    """One asset; 404 when the tenant has none by that id."""
    return await get_or_404(session, Asset, asset_id, "asset")


async def asset_named(session: AsyncSession, asset_id: UUID, field: str = "asset_id") -> Asset:
    """The asset a posted body names in ``field``: 422 on that field (not 404) when the tenant has
    none by that id."""
    try:
        return await get_asset(session, asset_id)
    except NotFound as exc:
        raise Invalid(field, "no such asset") from exc


async def assets_of(session: AsyncSession, customer_id: UUID) -> list[Asset]:
    """Every asset of a customer the caller has read, oldest first."""
    return await all_of(session, Asset.customer_id, customer_id)


async def asset_ids_of(session: AsyncSession, customer_id: UUID) -> list[UUID]:
    """The ids of every asset of a customer the caller has read (to find records about them)."""
    return list(await session.scalars(select(Asset.id).where(Asset.customer_id == customer_id)))


async def assets_by_id(session: AsyncSession, ids: Iterable[UUID | None]) -> dict[UUID, Asset]:
    """The assets named by records the caller already reads, in one query."""
    return await rows_by_id(session, Asset, ids)


async def asset_count(session: AsyncSession) -> int:
    """How many assets the tenant has registered."""
    return await session.scalar(select(func.count()).select_from(Asset)) or 0
