"""HTTP: the tenant admin's list of plugin faults."""

from __future__ import annotations

import msgspec
from litestar import get
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import requires_role
from core.auth.resource import ApiResource
from core.pagination import Page
from core.plugin_faults import service
from core.plugin_faults.schemas import PluginFaultRead


class PluginFaultController(ApiResource, path="/api/v1/plugin-faults", tag="plugins", guards=[requires_role("admin")]):
    @get("/")
    async def faults(
        self,
        db: AsyncSession,
        plugin: str | None = Parameter(default=None, max_length=64),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[PluginFaultRead]:
        """Plugin hooks that raised for this tenant, newest first (admin only): each was rolled
        back alone and the core's write stood."""
        return Page.of(
            await service.faults(db, plugin, limit=limit, cursor=cursor),
            lambda row: msgspec.convert(row, PluginFaultRead, from_attributes=True),
        )
