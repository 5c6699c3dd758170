"""Customer files and assets: creation with validation against the enabled plugins' types."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.customers.models import Asset, Contact, Customer
from core.customers.phones import to_e164
from core.customers.schemas import AssetCreate, CustomerCreate
from core.customers.types import AssetType
from core.db.base import utcnow
from core.errors import Invalid, NotFound
from core.eventbus import publish
from core.events import DomainEvent
from core.geo.provinces import province_code
from core.safe_schema import UnusableSchema, iter_problems


def asset_types(ctx) -> dict[str, AssetType]:
    """The asset types of the tenant's enabled plugins, by name."""
    return {t.name: t for t in ctx.hooks.collect("shouhou_asset_types")}


async def create_customer(session: AsyncSession, data: CustomerCreate) -> Customer:
    try:
        province = province_code(data.province)
    except ValueError as exc:
        raise Invalid("province", str(exc)) from exc
    customer = Customer(
        name=data.name.strip(),
        phone=to_e164(data.phone),
        address=data.address,
        province=province,
        is_member=data.is_member,
        is_company=data.is_company,
        title=data.title,
    )
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


async def get_customer(session: AsyncSession, customer_id: UUID) -> Customer:
    customer = await session.scalar(select(Customer).where(Customer.id == customer_id))
    if customer is None:
        raise NotFound("no such customer")
    return customer


async def contacts_of(session: AsyncSession, customer_id: UUID) -> list[Contact]:
    stmt = select(Contact).where(Contact.customer_id == customer_id).order_by(Contact.id)
    return list((await session.scalars(stmt)).all())


def check_asset(ctx, data: AssetCreate, today: date) -> None:
    """Validate an asset against its type: enabled plugin, JSON Schema, plugin checks, dates."""
    types = asset_types(ctx)
    asset_type = types.get(data.type)
    if asset_type is None:
        known = ", ".join(sorted(types)) or "none: enable a plugin first"
        raise Invalid("type", f"unknown asset type {data.type!r} for this tenant (enabled types: {known})")
    try:
        errors = iter_problems(asset_type.attributes_schema, data.attributes)
    except UnusableSchema as exc:
        raise Invalid("type", f"asset type {data.type!r} cannot be used: its attributes schema is unusable ({exc})") from exc
    problems = [(".".join(["attributes", *map(str, e.path)]), e.message) for e in errors]
    if problems:
        raise Invalid.fields("attributes do not match the asset type", sorted(problems))
    problems = ctx.hooks.shouhou_validate_asset(
        asset_type=data.type, attributes=data.attributes, settings=ctx.settings
    )
    if problems:
        field, message = problems[0]
        raise Invalid(f"attributes.{field}", message)
    for name in ("purchase_date", "manufacture_date", "install_date"):
        value = getattr(data, name)
        if value is not None and value > today:
            raise Invalid(name, "cannot be in the future")


async def create_asset(session: AsyncSession, ctx, data: AssetCreate, actor_id: UUID | None) -> Asset:
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
    event = DomainEvent(
        name="asset.created",
        tenant_id=asset.tenant_id,
        subject_id=asset.id,
        occurred_at=utcnow(),
        actor_id=actor_id,
        data={"customer_id": str(asset.customer_id), "type": asset.type},
    )
    await publish(session, ctx, event)
    if asset.install_date is not None:
        await publish(
            session,
            ctx,
            DomainEvent(
                name="installation.done",
                tenant_id=asset.tenant_id,
                subject_id=asset.id,
                occurred_at=utcnow(),
                actor_id=actor_id,
                data={"customer_id": str(asset.customer_id), "install_date": asset.install_date.isoformat()},
            ),
        )
    return asset


async def get_asset(session: AsyncSession, asset_id: UUID) -> Asset:
    asset = await session.scalar(select(Asset).where(Asset.id == asset_id))
    if asset is None:
        raise NotFound("no such asset")
    return asset
