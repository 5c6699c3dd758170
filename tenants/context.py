"""The tenant context of a request: the tenant, its enabled plugins' settings and hook caller."""

from __future__ import annotations

from dataclasses import dataclass

import msgspec
from litestar import Request
from sqlalchemy.ext.asyncio import AsyncSession

from core.plugins import TenantHooks
from tenants import cache, service
from tenants.models import Tenant


@dataclass(frozen=True)
class TenantContext:
    """What services need to know about the calling tenant. ``settings`` maps each enabled
    plugin to its parsed settings; ``hooks`` reaches only the core and enabled plugins."""

    tenant: Tenant
    settings: dict[str, msgspec.Struct]
    hooks: TenantHooks

    @property
    def enabled(self) -> frozenset[str]:
        return frozenset(self.settings)

    def declared(self, hook_name: str) -> tuple:
        """What the core and the enabled plugins declare through the declaration hook
        ``hook_name`` (called with the tenant's ``settings``; lists flattened), computed once per
        node at the tenant's configuration version (:mod:`tenants.cache`): declarations are data,
        the same for every request until the tenant's plugins or their settings change."""
        key = ("declared", hook_name, *cache.plugins_key(self.hooks.manager))
        return cache.computed(self.tenant, key, lambda: tuple(self.hooks.collect(hook_name, settings=self.settings)))


async def load_context(session: AsyncSession, plugins, tenant_id) -> TenantContext:
    """The context of ``tenant_id``: the tenant row (usually already in the session, read with the
    caller's credential) and its enabled plugins' settings (cached per node at the tenant's
    ``config_version``, see :mod:`tenants.cache`)."""
    tenant = await service.get_tenant(session, tenant_id)
    settings = dict(await cache.cached(tenant, ("settings", *cache.plugins_key(plugins)),
                                       lambda: service.enabled_settings(session, plugins)))
    return TenantContext(tenant=tenant, settings=settings, hooks=plugins.for_tenant(settings))


async def provide_tenant_context(request: Request, db: AsyncSession) -> TenantContext:
    """Dependency ``ctx``: the authenticated caller's tenant context."""
    return await load_context(db, request.app.state.plugins, request.user.tenant_id)
