"""The lighting plugin's own tables: migrated from its Alembic branch, tenant-scoped, and under
row-level security on PostgreSQL (DESIGN Tenancy)."""

from __future__ import annotations

from uuid import UUID

import pytest
from sqlalchemy import func, select, text

from core.sdk.testing import bind_tenant, database_kind
from plugins.lighting.models import BatchQualityReport, Office, ReturnBatch, ReturnLine

TABLES = sorted(m.__tablename__ for m in (BatchQualityReport, Office, ReturnBatch, ReturnLine))


def test_every_table_leads_with_tenant_id():
    """DESIGN Tenancy: tenant_id leads every primary key of a tenant table."""
    for model in (BatchQualityReport, Office, ReturnBatch, ReturnLine):
        assert [c.name for c in model.__table__.primary_key.columns] == ["tenant_id", "id"]


@pytest.mark.skipif(database_kind() != "postgres", reason="row-level security is PostgreSQL's")
async def test_row_level_security_is_forced_on_every_table(shouhou_sessions, make_tenant):
    """DESIGN Tenancy: ENABLE and FORCE row-level security; with no tenant bound the app role
    sees no rows, with a tenant only that tenant's."""
    tenant = await make_tenant(plugins=("lighting",))
    created = await tenant.post("/api/v1/p/lighting/offices/", json={"name": "北京办事处", "region": "北京"})
    assert created.status_code == 201
    async with shouhou_sessions() as session:
        bind_tenant(session, None)
        flags = (await session.execute(text(
            "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
            "WHERE relname = ANY(:names) AND relkind = 'r' ORDER BY relname"), {"names": TABLES})).all()
        assert [tuple(row) for row in flags] == [(name, True, True) for name in TABLES]
        assert await session.scalar(text("SELECT count(*) FROM lighting_offices")) == 0
    async with shouhou_sessions() as session:
        bind_tenant(session, UUID(tenant.id))
        assert await session.scalar(select(func.count()).select_from(Office)) == 1
