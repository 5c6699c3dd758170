"""Fixtures shared by the tests of the core's contexts: a tenant-bound session with its context."""

from __future__ import annotations

from contextlib import asynccontextmanager
from uuid import UUID

import pytest

from core.db.tenancy import bind_tenant
from tenants.context import load_context


@pytest.fixture
def tenant_session(shouhou_sessions, shouhou_plugins):
    """``async with tenant_session(tenant.id) as (session, ctx)``: one committed transaction."""

    @asynccontextmanager
    async def open_session(tenant_id):
        session = shouhou_sessions()
        bind_tenant(session, UUID(str(tenant_id)))
        try:
            async with session.begin():
                ctx = await load_context(session, shouhou_plugins, UUID(str(tenant_id)))
                yield session, ctx
        finally:
            await session.close()

    return open_session
