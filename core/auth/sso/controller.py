"""HTTP: the tenant administrator's single sign-on settings and their connection test."""

from __future__ import annotations

from litestar import Request, delete, get, post, put
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import requires_role
from core.auth.resource import ApiResource
from core.auth.sso import service
from core.auth.sso.schemas import ConnectionReport, ConnectionTest, SsoSettingsRead, SsoSettingsWrite
from core.errors import Invalid, NotFound


class SsoSettingsController(ApiResource, path="/api/v1/tenant/sso", tag="tenant", guards=[requires_role("admin")]):
    @get("/")
    async def get_settings(self, request: Request, db: AsyncSession) -> SsoSettingsRead:
        """The company's identity provider (404 when single sign-on is not set up). The client
        secret is never returned."""
        config = await service.get_config(db)
        if config is None:
            raise NotFound("this company has no single sign-on")
        return service.settings_read(request.app.state.settings, request.user.tenant_slug, config)

    @put("/")
    async def put_settings(self, request: Request, db: AsyncSession, data: SsoSettingsWrite) -> SsoSettingsRead:
        """Set up or change the identity provider; the client secret is encrypted at rest."""
        settings = request.app.state.settings
        config = await service.save_config(db, settings, data)
        return service.settings_read(settings, request.user.tenant_slug, config)

    @delete("/", status_code=204)
    async def delete_settings(self, db: AsyncSession) -> None:
        """Turn single sign-on off (passwords work again for everyone)."""
        await service.delete_config(db)

    @post("/test", status_code=200)
    async def test_connection(self, request: Request, db: AsyncSession, data: ConnectionTest) -> ConnectionReport:
        """Fetch the issuer's discovery document and signing keys now and report what was found
        or which step failed and why (``ok: false`` is still a 200: the test ran)."""
        issuer = data.issuer
        if issuer is None:
            config = await service.get_config(db)
            if config is None:
                raise Invalid("issuer", "is required when no single sign-on is saved")
            issuer = config.issuer
        await db.commit()
        return await service.test_connection(request.app.state.settings, issuer.strip())
