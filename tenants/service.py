"""Signup, the tenant profile, and which plugins a tenant has enabled with which settings."""

from __future__ import annotations

from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.identifiers import normalise_email
from core.auth.models import User
from core.auth.passwords import check_password_strength, hash_password
from core.db.tenancy import enter_tenant, leave_tenant
from core.errors import Conflict, Invalid, NotFound
from core.geo.provinces import province_code
from core.plugins import PluginManager, SettingError
from tenants.models import PluginEnablement, Tenant
from tenants.schemas import SignupRequest, TenantUpdate

RESERVED_SLUGS = frozenset({"api", "admin", "static", "schema", "health", "login", "logout", "signup", "t", "www"})


def check_province(value: str | None, field: str = "province") -> str | None:
    try:
        return province_code(value)
    except ValueError as exc:
        raise Invalid(field, str(exc)) from exc


def check_timezone(value: str, field: str = "timezone") -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise Invalid(field, f"unknown time zone {value!r}") from exc
    return value


async def signup(session: AsyncSession, data: SignupRequest) -> tuple[Tenant, User]:
    """Create a tenant and its first admin in one transaction."""
    await leave_tenant(session)
    check_password_strength(data.admin_password, "admin_password")
    province = check_province(data.province)
    check_timezone(data.timezone)
    if data.slug in RESERVED_SLUGS:
        raise Conflict("this slug is reserved", [("slug", "reserved")])
    if await session.scalar(select(Tenant.id).where(Tenant.slug == data.slug)):
        raise Conflict("this slug is taken", [("slug", "taken")])
    password_hash = await hash_password(data.admin_password)
    tenant = Tenant(
        slug=data.slug, name=data.company_name, province=province, locale=data.locale, timezone=data.timezone
    )
    session.add(tenant)
    await session.flush()
    await enter_tenant(session, tenant.id)
    email = normalise_email(data.admin_email)
    admin = User(
        email=email,
        name=data.admin_name or email.split("@")[0],
        role="admin",
        password_hash=password_hash,
    )
    session.add(admin)
    await session.flush()
    return tenant, admin


async def get_tenant(session: AsyncSession, tenant_id: UUID) -> Tenant:
    """The tenant by id (404 when there is none). ``session.get``: the request's tenant row is
    already in the session (read with the caller's credential), so this costs no statement."""
    tenant = await session.get(Tenant, tenant_id)
    if tenant is None:
        raise NotFound("no such tenant")
    return tenant


async def update_tenant(session: AsyncSession, tenant_id: UUID, data: TenantUpdate) -> Tenant:
    tenant = await get_tenant(session, tenant_id)
    if data.name is not None:
        tenant.name = data.name
    if data.province is not None:
        tenant.province = check_province(data.province)
    if data.locale is not None:
        tenant.locale = data.locale
    if data.timezone is not None:
        tenant.timezone = check_timezone(data.timezone)
    await session.flush()
    return tenant


async def enablements(session: AsyncSession) -> list[PluginEnablement]:
    return list((await session.scalars(select(PluginEnablement).order_by(PluginEnablement.plugin))).all())


async def enabled_settings(session: AsyncSession, plugins: PluginManager) -> dict[str, msgspec.Struct]:
    """The tenant's enabled, installed plugins with their settings (defaults filled in)."""
    out: dict[str, msgspec.Struct] = {}
    for row in await enablements(session):
        if row.enabled and row.plugin in plugins.infos:
            try:
                out[row.plugin] = plugins.parse_settings(row.plugin, row.settings)
            except msgspec.ValidationError:
                out[row.plugin] = plugins.parse_settings(row.plugin, {})
    return out


async def set_plugin(
    session: AsyncSession, plugins: PluginManager, name: str, enabled: bool, settings: dict[str, Any] | None
) -> PluginEnablement:
    """Enable or disable a plugin for the tenant, validating its settings against its schema."""
    if name not in plugins.names:
        raise NotFound(f"no plugin named {name!r} is installed")
    row = await session.scalar(select(PluginEnablement).where(PluginEnablement.plugin == name))
    raw = settings if settings is not None else (row.settings if row else {})
    try:
        parsed = plugins.parse_settings(name, raw)
    except msgspec.ValidationError as exc:
        if isinstance(exc.__cause__, SettingError):
            raise Invalid(f"settings.{exc.__cause__.field}", str(exc.__cause__)) from exc
        message = str(exc)
        field = message.rsplit("`$.", 1)[-1].rstrip("`") if "`$." in message else "settings"
        raise Invalid(f"settings.{field}", message.split(" - at ")[0]) from exc
    stored = msgspec.to_builtins(parsed)
    if row is None:
        row = PluginEnablement(plugin=name, enabled=enabled, settings=stored)
        session.add(row)
    else:
        row.enabled = enabled
        row.settings = stored
    await session.flush()
    return row
