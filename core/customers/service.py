"""Customer files and assets: creation with validation against the enabled plugins' types."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from core.customers.models import Asset, Contact, Customer
from core.customers.phones import to_e164
from core.customers.queries import asset_named as asset_named
from core.customers.queries import contacts_of as contacts_of
from core.customers.queries import customer_named as customer_named
from core.customers.queries import get_asset as get_asset
from core.customers.queries import get_customer as get_customer
from core.customers.schemas import AssetCreate, CustomerCreate, CustomerEdit
from core.customers.types import AssetType
from core.db.base import utcnow
from core.errors import Conflict, Invalid
from core.eventbus import publish
from core.events import DomainEvent
from core.geo.provinces import province_code
from core.safe_schema import UnusableSchema, iter_problems
from tenants.context import TenantContext

#: The longest customer name (the wire type's limit, checked again for forms built in code).
MAX_NAME = 200
#: The longest address a customer file keeps (its column's width).
MAX_ADDRESS = 500


def asset_types(ctx: TenantContext) -> dict[str, AssetType]:
    """The asset types of the tenant's enabled plugins, by name."""
    return {t.name: t for t in ctx.declared("shouhou_asset_types")}


def invalid(detail: str, problems: list[tuple[str, str]]) -> Invalid:
    """Several field problems as one 422; a single one says its field in the detail."""
    if len(problems) == 1:
        return Invalid(*problems[0])
    return Invalid.fields(detail, problems)


def customer_fields(data: CustomerEdit) -> dict:
    """A customer's columns from its wire fields: phone in E.164, province as its code; every
    field that does not fit is reported at once (422)."""
    problems = []
    try:
        phone = to_e164(data.phone)
    except Invalid as exc:
        problems += exc.errors
    try:
        province = province_code(data.province)
    except ValueError as exc:
        problems.append(("province", str(exc)))
    name = data.name.strip()
    if not name:
        problems.append(("name", "must not be blank"))
    elif len(name) > MAX_NAME:
        problems.append(("name", f"at most {MAX_NAME} characters"))
    if data.address is not None and len(data.address) > MAX_ADDRESS:
        problems.append(("address", f"at most {MAX_ADDRESS} characters"))
    if problems:
        raise invalid("the customer's fields are not valid", problems)
    return {"name": name, "phone": phone, "address": data.address, "province": province,
            "is_member": data.is_member, "is_company": data.is_company, "title": data.title}


async def create_customer(session: AsyncSession, data: CustomerCreate) -> Customer:
    """Open a customer file with its contacts."""
    customer = Customer(**customer_fields(data))
    session.add(customer)
    await session.flush()
    for i, contact in enumerate(data.contacts):
        session.add(
            Contact(
                customer_id=customer.id,
                name=contact.name,
                phone=to_e164(contact.phone, f"contacts[{i}].phone"),
                role=contact.role,
            )
        )
    await session.flush()
    return customer


async def update_customer(session: AsyncSession, customer_id: UUID, data: CustomerEdit) -> Customer:
    """Change a customer file's own fields (its contacts and classification stay)."""
    customer = await get_customer(session, customer_id)
    if customer.erased_at is not None:
        raise Conflict("the customer's personal information was erased (PIPL Art. 47); the file cannot be edited")
    for name, value in customer_fields(data).items():
        setattr(customer, name, value)
    await session.flush()
    return customer


def check_asset(ctx: TenantContext, data: AssetCreate, today: date) -> None:
    """Validate an asset against its type: enabled plugin, JSON Schema, plugin checks, dates;
    every problem is reported at once (422 with each field)."""
    types = asset_types(ctx)
    asset_type = types.get(data.type)
    if asset_type is None:
        known = ", ".join(sorted(types)) or "none: enable a plugin first"
        raise Invalid("type", f"unknown asset type {data.type!r} for this tenant (enabled types: {known})")
    try:
        errors = iter_problems(asset_type.attributes_schema, data.attributes)
    except UnusableSchema as exc:
        raise Invalid("type", f"asset type {data.type!r} cannot be used: its attributes schema is unusable ({exc})") from exc
    problems = sorted((".".join(["attributes", *map(str, e.path)]), e.message) for e in errors)
    if problems:
        detail = "attributes do not match the asset type"
    else:
        detail = "the asset's fields are not valid"
        plugin_problems = ctx.hooks.shouhou_validate_asset(
            asset_type=data.type, attributes=data.attributes, settings=ctx.settings
        )
        problems = [(f"attributes.{field}", message) for field, message in plugin_problems or ()]
    for name in ("purchase_date", "manufacture_date", "install_date"):
        value = getattr(data, name)
        if value is not None and value > today:
            problems.append((name, "cannot be in the future"))
    if problems:
        raise invalid(detail, problems)


async def create_asset(session: AsyncSession, ctx: TenantContext, data: AssetCreate, actor_id: UUID | None) -> Asset:
    from core.timezones import tenant_today

    check_asset(ctx, data, tenant_today(ctx.tenant))
    await get_customer(session, data.customer_id)
    asset = Asset(
        customer_id=data.customer_id,
        type=data.type,
        model=data.model,
        serial=data.serial,
        purchase_date=data.purchase_date,
        manufacture_date=data.manufacture_date,
        install_date=data.install_date,
        attributes=data.attributes,
    )
    session.add(asset)
    await session.flush()
    await _asset_event(session, ctx, asset, "asset.created", actor_id, type=asset.type)
    if asset.install_date is not None:
        await _asset_event(session, ctx, asset, "installation.done", actor_id,
                           install_date=asset.install_date.isoformat())
    return asset


async def _asset_event(session: AsyncSession, ctx: TenantContext, asset: Asset, name: str, actor_id: UUID | None,
                       **data: str) -> None:
    """Publish ``name`` about ``asset``, its data the asset's customer and ``data``."""
    await publish(session, ctx, DomainEvent(
        name=name, tenant_id=asset.tenant_id, subject_id=asset.id, occurred_at=utcnow(), actor_id=actor_id,
        data={"customer_id": str(asset.customer_id), **data},
    ))


async def update_asset(session: AsyncSession, ctx: TenantContext, asset_id: UUID, data: AssetCreate) -> Asset:
    """Change an asset's type, model, serial, dates or attributes, validated as at creation; it
    stays with its customer."""
    from core.timezones import tenant_today

    asset = await get_asset(session, asset_id)
    check_asset(ctx, data, tenant_today(ctx.tenant))
    for name in ("type", "model", "serial", "purchase_date", "manufacture_date", "install_date", "attributes"):
        setattr(asset, name, getattr(data, name))
    await session.flush()
    return asset
