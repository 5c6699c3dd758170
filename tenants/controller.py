"""HTTP: signup, the tenant profile, the plugin catalogue and the tenant's plugins."""

from __future__ import annotations

from datetime import timedelta

import msgspec
from litestar import Request, Response, delete, get, patch, post, put
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth import throttle
from core.auth.guards import requires_role
from core.auth.resource import ApiResource
from core.db.base import utcnow
from core.i18n import negotiate, pick
from core.lifecycle import deletion
from tenants import quotas as quota_service
from tenants import service
from tenants.context import TenantContext
from tenants.schemas import (
    DeletionRead,
    DeletionRequest,
    PluginRead,
    QuotasRead,
    SignupRequest,
    SignupResponse,
    SignupUser,
    TenantPluginRead,
    TenantPluginUpdate,
    TenantRead,
    TenantRef,
    TenantUpdate,
)


class SignupController(ApiResource, path="/api/v1/signup", tag="signup", public=True):
    @post("/", opt={"errors": (429,)})
    async def signup(self, request: Request, db: AsyncSession, data: SignupRequest) -> Response[SignupResponse]:
        """A company becomes a tenant, with its first admin user. Limited per source address and
        across all sources (429 with ``Retry-After``)."""
        await throttle.count_signup(request.app.state.session_maker, request.app.state.settings,
                                    throttle.source_of(request))
        tenant, admin = await service.signup(db, data)
        body = SignupResponse(
            tenant=TenantRef(id=tenant.id, slug=tenant.slug),
            user=SignupUser(id=admin.id, email=admin.email, role=admin.role),
        )
        return Response(body, status_code=201)


class TenantController(ApiResource, path="/api/v1/tenant", tag="tenant"):
    @get("/", opt={"while_suspended": True})
    async def read(self, request: Request, db: AsyncSession) -> TenantRead:
        """The caller's tenant profile."""
        tenant = await service.get_tenant(db, request.user.tenant_id)
        return msgspec.convert(tenant, TenantRead, from_attributes=True)

    @patch("/", guards=[requires_role("admin")])
    async def update(self, request: Request, db: AsyncSession, data: TenantUpdate) -> TenantRead:
        """Change the tenant's name, province, locale or time zone."""
        tenant = await service.update_tenant(db, request.user.tenant_id, data)
        return msgspec.convert(tenant, TenantRead, from_attributes=True)

    @post("/export", guards=[requires_role("admin")], status_code=200, opt={"while_suspended": True})
    async def export(self, request: Request, db: AsyncSession) -> Response[bytes]:
        """Everything the tenant owns as a zip of JSON Lines per table with a manifest (format in
        ``core.lifecycle.export``); admin only, and written to the audit of top-secret reads."""
        from core.confidentiality.service import check_read
        from core.lifecycle.export import export_tenant

        tenant = await service.get_tenant(db, request.user.tenant_id)
        await check_read(db, request.user, "top_secret", "tenant_export", tenant.id)
        archive = await export_tenant(db, tenant, request.app.state.storage)
        name = f"shouhou-{tenant.slug}-{utcnow():%Y%m%dT%H%M%SZ}.zip"
        return Response(archive, media_type="application/zip",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @get("/deletion", guards=[requires_role("admin")], opt={"while_suspended": True})
    async def deletion_status(self, request: Request, db: AsyncSession) -> DeletionRead:
        """Whether the company's deletion is scheduled, by whom, and when the purge is due."""
        tenant = await service.get_tenant(db, request.user.tenant_id)
        return msgspec.convert(deletion.status_of(tenant), DeletionRead, from_attributes=True)

    @post("/deletion", guards=[requires_role("admin")], status_code=202, opt={"while_suspended": True})
    async def schedule_deletion(self, request: Request, db: AsyncSession, data: DeletionRequest) -> DeletionRead:
        """Delete the company: ``confirm`` is its slug. It is suspended at once (only admins may read
        the profile, export and cancel) and purged when the grace period ends
        (``tenant_deletion_grace_days``, 30 by default), leaving a deletion certificate."""
        tenant = await service.get_tenant(db, request.user.tenant_id)
        grace = timedelta(days=request.app.state.settings.tenant_deletion_grace_days)
        state = await deletion.schedule(db, tenant, data.confirm, request.user.email, utcnow(), grace)
        return msgspec.convert(state, DeletionRead, from_attributes=True)

    @delete("/deletion", guards=[requires_role("admin")], status_code=200, opt={"while_suspended": True})
    async def cancel_deletion(self, request: Request, db: AsyncSession) -> DeletionRead:
        """Cancel a scheduled deletion before the purge: the company is restored as it was."""
        tenant = await service.get_tenant(db, request.user.tenant_id)
        return msgspec.convert(await deletion.cancel(db, tenant), DeletionRead, from_attributes=True)

    @get("/quotas", guards=[requires_role("admin")])
    async def quotas(self, request: Request, db: AsyncSession) -> QuotasRead:
        """The company's quotas (requests per minute on this node, jobs running at once, rows per
        import, attachment storage): each limit, whether it is the company's own or the default,
        and the current use where it is measured."""
        tenant = await service.get_tenant(db, request.user.tenant_id)
        return await quota_service.usage(db, tenant, request.app.state.settings)

    @get("/plugins")
    async def enabled_plugins(self, db: AsyncSession) -> list[TenantPluginRead]:
        """The tenant's enabled plugins with their settings."""
        return [
            TenantPluginRead(name=row.plugin, enabled=row.enabled, settings=row.settings)
            for row in await service.enablements(db)
            if row.enabled
        ]

    @put("/plugins/{name:str}", guards=[requires_role("admin")])
    async def set_plugin(
        self, request: Request, db: AsyncSession, name: str, data: TenantPluginUpdate
    ) -> TenantPluginRead:
        """Enable or disable a plugin; settings are validated against its schema (422)."""
        row = await service.set_plugin(db, request.app.state.plugins, name, data.enabled, data.settings)
        return TenantPluginRead(name=row.plugin, enabled=row.enabled, settings=row.settings)


class PluginCatalogController(ApiResource, path="/api/v1/plugins", tag="plugins"):
    @get("/")
    async def installed(self, request: Request) -> list[PluginRead]:
        """Every installed plugin with its settings schema."""
        plugins = request.app.state.plugins
        locale = negotiate(request.headers.get("accept-language"), request.user.locale)
        return [
            PluginRead(
                name=name,
                version=plugins.infos[name].version,
                title=pick(plugins.infos[name].title, locale),
                description=pick(plugins.infos[name].description, locale),
                settings_schema=plugins.settings_schema(name),
                titles=plugins.infos[name].title,
                descriptions=plugins.infos[name].description,
            )
            for name in plugins.names
        ]


__all__ = ["PluginCatalogController", "SignupController", "TenantContext", "TenantController"]
