"""The one get-or-404 (issue 18, item 6): a row of the session's tenant by id, another tenant's
row and a missing one alike 404 with ``no such <what>``, extra conditions narrow it."""

from __future__ import annotations

import uuid

import pytest

from core.customers.models import Asset, Customer
from core.db.lookup import get_or_404
from core.db.tenancy import bind_tenant
from core.errors import NotFound


async def test_a_row_of_the_tenant_is_found_and_another_tenants_is_not(make_tenant, shouhou_sessions):
    mine, theirs = await make_tenant(), await make_tenant()
    customer = await mine.customer(name="张三")
    async with shouhou_sessions() as session:
        bind_tenant(session, uuid.UUID(mine.id))
        found = await get_or_404(session, Customer, uuid.UUID(customer["id"]), "customer")
        assert found.name == "张三"
        with pytest.raises(NotFound, match=r"^no such customer$"):
            await get_or_404(session, Customer, uuid.uuid4(), "customer")
        with pytest.raises(NotFound, match=r"^no such customer$"):
            await get_or_404(session, Customer, uuid.UUID(customer["id"]), "customer",
                             where=(Customer.name == "李四",))
    async with shouhou_sessions() as session:
        bind_tenant(session, uuid.UUID(theirs.id))
        with pytest.raises(NotFound, match=r"^no such customer$"):
            await get_or_404(session, Customer, uuid.UUID(customer["id"]), "customer", for_update=True)
        with pytest.raises(NotFound, match=r"^no such asset$"):
            await get_or_404(session, Asset, uuid.uuid4(), "asset")


async def test_the_api_answers_the_same_404_as_before(make_tenant):
    tenant = await make_tenant()
    response = await tenant.get(f"/api/v1/warranty/decisions/{uuid.uuid4()}")
    assert response.status_code == 404
    assert response.json() == {"status_code": 404, "detail": "no such warranty decision", "errors": []}
