"""One import row at a time: validate it exactly as the API validates the same record, then (on
a real run, inside a savepoint) create or update the record its external id names.

Each ``check_*`` returns a :class:`Plan` (what the row would do) or raises ``Invalid``; each
plan's ``apply`` writes it. The lookups a chunk of rows needs are loaded once per chunk
(:func:`lookups`), not once per row.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.customers import service as customers
from core.customers.models import Asset, Customer
from core.customers.phones import to_e164
from core.customers.schemas import AssetCreate, CustomerCreate, CustomerEdit
from core.errors import Invalid
from core.file_columns import parse_bool
from core.input_bounds import check_fits, check_no_nul
from core.tickets import service as tickets
from core.tickets.history import record as record_history
from core.tickets.history import snapshot
from core.tickets.models import Ticket
from core.tickets.schemas import TicketCreate
from core.tickets.service import PRIORITY_RANK
from core.tickets.workflow import DONE
from core.timezones import tenant_today
from tenants.context import TenantContext

DATE_FIELDS = ("purchase_date", "manufacture_date", "install_date")
#: What re-importing a ticket may change: its description and intake contact, never its workflow.
TICKET_EDITABLE = ("subject", "description", "priority", "contact_name", "contact_phone", "address")


@dataclass
class Lookups:
    """The tenant's records the chunk's external ids name (the session is tenant-bound, so
    another tenant's ids never resolve)."""

    customers: dict[str, Customer] = field(default_factory=dict)
    assets: dict[str, Asset] = field(default_factory=dict)
    tickets: dict[str, Ticket] = field(default_factory=dict)


@dataclass
class Plan:
    outcome: str  # created | updated | unchanged
    apply: Callable[[], Awaitable[UUID]]
    record_id: UUID | None = None


def _creating(session: AsyncSession, known: dict[str, Any], external_id: str,
              create: Callable[[], Awaitable[Any]]) -> Plan:
    """The plan of a row whose record is new: ``create`` it through its context's service, give it
    the file's external id and know it by that id for the rows after it."""
    async def apply() -> UUID:
        record = await create()
        record.external_id = external_id
        await session.flush()
        known[external_id] = record
        return record.id
    return Plan("created", apply)


def _updating(session: AsyncSession, existing: Any, changed: dict[str, Any]) -> Plan:
    """The plan of a row whose record exists: set the ``changed`` fields (unchanged when none)."""
    async def apply() -> UUID:
        for name, value in changed.items():
            setattr(existing, name, value)
        await session.flush()
        return existing.id
    return Plan("updated" if changed else "unchanged", apply, existing.id)


async def lookups(session: AsyncSession, kind: str, rows: list[dict]) -> Lookups:
    """Load, in one query per table, the records the rows' external ids name."""
    found = Lookups()

    def ids(name: str) -> set[str]:
        return {r["cells"].get(name) for r in rows if r["cells"].get(name)}

    customer_ids = ids("external_id") if kind == "customers" else ids("customer_external_id")
    if customer_ids:
        found.customers = {c.external_id: c for c in await session.scalars(
            select(Customer).where(Customer.external_id.in_(customer_ids)))}
    asset_ids = ids("external_id") if kind == "assets" else ids("asset_external_id") if kind == "tickets" else set()
    if asset_ids:
        found.assets = {a.external_id: a for a in await session.scalars(
            select(Asset).where(Asset.external_id.in_(asset_ids)))}
    if kind == "tickets" and (ticket_ids := ids("external_id")):
        found.tickets = {t.external_id: t for t in await session.scalars(
            select(Ticket).where(Ticket.external_id.in_(ticket_ids)))}
    return found


def _convert(values: dict, wire: type) -> Any:
    """The row as the API's wire type, held to the bounds every API body is held to (no NUL
    character, every string within its column); a value that does not fit names its field."""
    check_no_nul(values)
    try:
        data = msgspec.convert(values, wire, strict=False)
    except msgspec.ValidationError as exc:
        message = str(exc)
        found = re.search(r"at `\$\.([A-Za-z_]+)", message)
        raise Invalid(found.group(1) if found else "row", message.split(" - at ")[0]) from exc
    check_fits(data)
    return data


def _dates(cells: dict) -> dict:
    values = {}
    for name in DATE_FIELDS:
        raw = cells.get(name, "")
        if not raw:
            continue
        try:
            values[name] = datetime.strptime(raw.replace("/", "-"), "%Y-%m-%d").date()
        except ValueError as exc:
            raise Invalid(name, "not a date (YYYY-MM-DD)") from exc
    return values


def _optional(cells: dict, *names: str) -> dict:
    return {n: cells[n] for n in names if cells.get(n)}


def _kept(cells: dict, existing: Any, *names: str) -> dict:
    """For a record being re-imported, the fields whose column the file leaves out: they keep
    the record's value (a column present with an empty cell clears it)."""
    if existing is None:
        return {}
    kept = {n: getattr(existing, n) for n in names if n not in cells and getattr(existing, n) is not None}
    return {n: v.isoformat() if hasattr(v, "isoformat") else v for n, v in kept.items()}


async def check_customer(session: AsyncSession, ctx: TenantContext, row: dict, found: Lookups, actor_id: UUID) -> Plan:
    """A customer row: its fields as ``POST /api/v1/customers`` takes them; the external id
    names the file it creates or updates."""
    cells = row["cells"]
    external_id = cells["external_id"]
    existing = found.customers.get(external_id)
    values = {"name": cells.get("name", ""), **_optional(cells, "phone", "address", "province", "title"),
              **_kept(cells, existing, "phone", "address", "province", "title", "is_member", "is_company")}
    problems: list[tuple[str, str]] = []
    for flag in ("is_member", "is_company"):
        if flag not in values:
            try:
                values[flag] = parse_bool(cells.get(flag, ""), flag)
            except Invalid as exc:
                problems += exc.errors
    data = _convert(values, CustomerEdit)
    try:
        fields = customers.customer_fields(data)
    except Invalid as exc:
        problems += exc.errors
    if problems:
        raise Invalid.fields("the customer's fields are not valid", problems)
    if existing is None:
        return _creating(session, found.customers, external_id, lambda: customers.create_customer(
            session, msgspec.convert(values, CustomerCreate, strict=False)))
    return _updating(session, existing, {k: v for k, v in fields.items() if getattr(existing, k) != v})


def _coerce_attributes(ctx: TenantContext, type_name: str, raw: dict[str, str]) -> dict[str, Any]:
    """Attribute cells as the asset type's schema declares them (numbers, integers, booleans);
    text otherwise. Empty cells are left out. A cell that is not what the schema wants stays
    text, and the schema check then names it."""
    asset_type = customers.asset_types(ctx).get(type_name)
    properties = (asset_type.attributes_schema.get("properties") or {}) if asset_type else {}
    attributes: dict[str, Any] = {}
    for key, value in raw.items():
        if value == "":
            continue
        wanted = (properties.get(key) or {}).get("type")
        try:
            if wanted == "integer":
                attributes[key] = int(value)
            elif wanted == "number":
                number = Decimal(value)
                attributes[key] = int(number) if number == number.to_integral_value() else float(number)
            elif wanted == "boolean":
                attributes[key] = parse_bool(value, f"attributes.{key}")
            else:
                attributes[key] = value
        except (ValueError, InvalidOperation, Invalid):
            attributes[key] = value
    return attributes


def _customer_of(cells: dict, found: Lookups) -> Customer:
    customer = found.customers.get(cells.get("customer_external_id", ""))
    if customer is None:
        raise Invalid("customer_external_id", "no customer with this external id in this tenant")
    return customer


async def check_asset(session: AsyncSession, ctx: TenantContext, row: dict, found: Lookups, actor_id: UUID) -> Plan:
    """An asset row: its customer by external id, its type's attributes validated as
    ``POST /api/v1/assets`` validates them (enabled type, JSON Schema, the plugins'
    ``shouhou_validate_asset``, dates not in the future)."""
    cells = row["cells"]
    customer = _customer_of(cells, found)
    external_id = cells["external_id"]
    existing = found.assets.get(external_id)
    attributes = _coerce_attributes(ctx, cells.get("type", ""), row.get("attributes", {}))
    values = {
        "customer_id": str(customer.id), "type": cells.get("type", ""), **_optional(cells, "model", "serial"),
        **{k: v.isoformat() for k, v in _dates(cells).items()},
        **_kept(cells, existing, "model", "serial", *DATE_FIELDS),
        "attributes": {**(existing.attributes if existing is not None else {}), **attributes},
    }
    data: AssetCreate = _convert(values, AssetCreate)
    customers.check_asset(ctx, data, tenant_today(ctx.tenant))
    if existing is None:
        return _creating(session, found.assets, external_id,
                         lambda: customers.create_asset(session, ctx, data, actor_id))
    if existing.customer_id != customer.id:
        raise Invalid("customer_external_id", "the asset with this external id belongs to another customer")
    names = ("type", "model", "serial", *DATE_FIELDS, "attributes")
    changed = {n: getattr(data, n) for n in names if getattr(existing, n) != getattr(data, n)}
    return _updating(session, existing, changed)


async def check_ticket(session: AsyncSession, ctx: TenantContext, row: dict, found: Lookups, actor_id: UUID) -> Plan:
    """An open-ticket row, taken as an intake (登记) by the importer (its first-contact owner)
    with the intake's rules; re-importing changes only its subject, description, priority and
    intake contact (the columns the file has; an empty contact cell keeps the ticket's), and
    never a resolved, accepted, closed or cancelled ticket."""
    cells = row["cells"]
    customer = _customer_of(cells, found)
    values: dict[str, Any] = {
        "customer_id": str(customer.id), "kind": cells.get("kind", ""), "channel": cells.get("channel", ""),
        "subject": cells.get("subject", ""),
        **_optional(cells, "description", "priority", "contact_name", "contact_phone", "address", "province",
                    "product_model", "serial"),
        **{k: v.isoformat() for k, v in _dates(cells).items() if k == "purchase_date"},
    }
    if cells.get("asset_external_id"):
        asset = found.assets.get(cells["asset_external_id"])
        if asset is None:
            raise Invalid("asset_external_id", "no asset with this external id in this tenant")
        values["asset_id"] = str(asset.id)
    data: TicketCreate = _convert(values, TicketCreate)
    await tickets.check_intake(session, ctx, data)
    external_id = cells["external_id"]
    existing = found.tickets.get(external_id)
    if existing is None:
        return _creating(session, found.tickets, external_id,
                         lambda: tickets.create_ticket(session, ctx, data, actor_id))
    if existing.status in DONE:
        raise Invalid("external_id", f"the ticket with this external id is {existing.status}; it is not changed")
    wanted = {name: getattr(data, name) for name in TICKET_EDITABLE if name in cells}
    wanted["subject"] = data.subject.strip()
    if "contact_phone" in wanted:
        wanted["contact_phone"] = to_e164(data.contact_phone, "contact_phone") or existing.contact_phone
    for name in ("contact_name", "address"):
        if name in wanted:
            wanted[name] = wanted[name] or getattr(existing, name)
    changed = {k: v for k, v in wanted.items() if getattr(existing, k) != v}

    async def update() -> UUID:
        before = snapshot(existing)
        for name, value in changed.items():
            setattr(existing, name, value)
        existing.priority_rank = PRIORITY_RANK[existing.priority]
        await session.flush()
        await record_history(session, existing, actor_id, "imported", before)
        return existing.id
    return Plan("updated" if changed else "unchanged", update, existing.id)


CHECKS = {"customers": check_customer, "assets": check_asset, "tickets": check_ticket}
