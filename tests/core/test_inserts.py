"""``core.db.inserts.insert_new``: one Core ``INSERT`` instead of a flush, with the flush's
tenancy, defaults and ordering, and the object left persistent."""

import uuid

import pytest
from sqlalchemy import select

from core.customers.models import Asset, Customer
from core.db.base import new_id
from core.db.inserts import insert_new, insert_rows
from core.db.tenancy import bind_tenant
from core.errors import TenantViolation


async def _read(maker, tenant_id, customer_id):
    async with maker() as session:
        bind_tenant(session, tenant_id)
        return await session.scalar(select(Customer).where(Customer.id == customer_id))


async def test_the_row_is_stamped_with_the_sessions_tenant_and_defaults_are_a_flushs(shouhou_sessions, tenant_a,
                                                                                     tenant_b):
    a, b = uuid.UUID(tenant_a.id), uuid.UUID(tenant_b.id)
    async with shouhou_sessions() as session, session.begin():
        bind_tenant(session, a)
        customer = Customer(name="直接写入")
        await insert_new(session, customer)
        flushed = Customer(name="经工作单元")
        session.add(flushed)
        await session.flush()
    assert customer.tenant_id == a and isinstance(customer.id, uuid.UUID)
    assert (customer.classification, customer.is_member, customer.phone) == ("top_secret", False, None)
    stored = await _read(shouhou_sessions, a, customer.id)
    assert stored is not None and stored.name == "直接写入"
    for column in Customer.__table__.columns:
        if column.key not in {"id", "name", "created_at"}:
            assert getattr(stored, column.key) == getattr(flushed, column.key), column.key
    assert await _read(shouhou_sessions, b, customer.id) is None, "another tenant does not see it"


async def test_the_object_stays_persistent_a_later_change_is_an_update(shouhou_sessions, tenant_a):
    a = uuid.UUID(tenant_a.id)
    async with shouhou_sessions() as session, session.begin():
        bind_tenant(session, a)
        customer = Customer(name="先")
        await insert_new(session, customer)
        customer.name = "后"
    assert (await _read(shouhou_sessions, a, customer.id)).name == "后"


async def test_what_the_session_holds_is_written_first(shouhou_sessions, tenant_a):
    """An asset inserted directly may point at a customer still pending in the session: the
    session is flushed first, as a flush would order the two."""
    a = uuid.UUID(tenant_a.id)
    async with shouhou_sessions() as session, session.begin():
        bind_tenant(session, a)
        customer = Customer(id=new_id(), name="待写")
        session.add(customer)
        await insert_new(session, Asset(customer_id=customer.id, type="generic"))
    assert (await _read(shouhou_sessions, a, customer.id)).name == "待写"


@pytest.mark.parametrize("whose", ["another tenant's", "no tenant bound"])
async def test_a_row_of_another_tenant_or_none_is_refused_and_nothing_written(shouhou_sessions, tenant_a, tenant_b,
                                                                             whose):
    a, b = uuid.UUID(tenant_a.id), uuid.UUID(tenant_b.id)
    row = Customer(name="偷渡", tenant_id=b) if whose == "another tenant's" else Customer(name="无主")
    async with shouhou_sessions() as session:
        bind_tenant(session, a if whose == "another tenant's" else None)
        with pytest.raises(TenantViolation):
            await insert_new(session, row)
        await session.rollback()
    for tenant in (a, b):
        async with shouhou_sessions() as session:
            bind_tenant(session, tenant)
            assert (await session.scalars(select(Customer).where(Customer.name.in_(["偷渡", "无主"])))).all() == []


async def test_insert_rows_writes_every_row_stamped_with_the_sessions_tenant(shouhou_sessions, tenant_a, tenant_b):
    """``insert_rows``: one ``INSERT`` of plain values (the audit log's entries), each row given the
    session's tenant and its columns' defaults, nothing kept in the session; another tenant sees none."""
    a, b = uuid.UUID(tenant_a.id), uuid.UUID(tenant_b.id)
    async with shouhou_sessions() as session, session.begin():
        bind_tenant(session, a)
        await insert_rows(session, Customer.__table__, [{"name": "甲"}, {"name": "乙", "phone": "13800138000"}])
        assert not session.new and not session.identity_map
    for tenant, expected in ((a, {("甲", None, "top_secret"), ("乙", "13800138000", "top_secret")}), (b, set())):
        async with shouhou_sessions() as session:
            bind_tenant(session, tenant)
            stored = (await session.scalars(select(Customer).where(Customer.name.in_(["甲", "乙"])))).all()
            assert {(c.name, c.phone, c.classification) for c in stored} == expected
            assert all(c.tenant_id == a and c.created_at is not None for c in stored)


@pytest.mark.parametrize("rows, bound", [([{"name": "偷渡", "tenant_id": "b"}], True), ([{"name": "无主"}], False)])
async def test_insert_rows_refuses_a_row_naming_a_tenant_or_a_session_with_none(shouhou_sessions, tenant_a, tenant_b,
                                                                                rows, bound):
    a, b = uuid.UUID(tenant_a.id), uuid.UUID(tenant_b.id)
    rows = [{**row, "tenant_id": b} if "tenant_id" in row else row for row in rows]
    async with shouhou_sessions() as session:
        bind_tenant(session, a if bound else None)
        with pytest.raises(TenantViolation):
            await insert_rows(session, Customer.__table__, rows)
        await session.rollback()
    for tenant in (a, b):
        async with shouhou_sessions() as session:
            bind_tenant(session, tenant)
            assert (await session.scalars(select(Customer).where(Customer.name.in_(["偷渡", "无主"])))).all() == []
