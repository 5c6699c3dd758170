"""Tenant isolation: ORM scoping, stamping, and row-level security on PostgreSQL (DESIGN "Tenancy")."""

import uuid

import pytest
from sqlalchemy import select, text

from core.customers.models import Customer
from core.db import registry
from core.db.base import Base
from core.db.rls import tenant_tables
from core.db.tenancy import bind_tenant
from core.errors import TenantViolation
from core.testing import database_kind

postgres_only = pytest.mark.skipif(database_kind() != "postgres", reason="row-level security exists only on PostgreSQL")


async def _customers(maker, tenant_id):
    async with maker() as session:
        bind_tenant(session, tenant_id)
        return list((await session.scalars(select(Customer))).all())


async def test_queries_see_only_the_bound_tenant(shouhou_sessions, tenant_a, tenant_b):
    await tenant_a.customer(name="A 的客户")
    await tenant_b.customer(name="B 的客户")
    maker = shouhou_sessions
    assert [c.name for c in await _customers(maker, uuid.UUID(tenant_a.id))] == ["A 的客户"]
    assert [c.name for c in await _customers(maker, uuid.UUID(tenant_b.id))] == ["B 的客户"]
    assert await _customers(maker, None) == [], "no tenant bound: tenant tables look empty"


async def test_new_rows_are_stamped_and_foreign_tenant_rows_refused(shouhou_sessions, tenant_a, tenant_b):
    maker = shouhou_sessions
    async with maker() as session:
        bind_tenant(session, uuid.UUID(tenant_a.id))
        customer = Customer(name="stamped")
        session.add(customer)
        await session.flush()
        assert str(customer.tenant_id) == tenant_a.id
        session.add(Customer(name="smuggled", tenant_id=uuid.UUID(tenant_b.id)))
        with pytest.raises(TenantViolation):
            await session.flush()
        await session.rollback()


async def test_customer_and_asset_of_another_tenant_are_404(tenant_a, make_tenant):
    tenant_b = await make_tenant(plugins=("lighting",))
    await tenant_a.enable("lighting")
    customer = await tenant_a.customer()
    asset = await tenant_a.asset(customer["id"], "lighting.cfl", purchase_date="2026-01-01")
    assert (await tenant_b.get(f"/api/v1/customers/{customer['id']}")).status_code == 404
    assert (await tenant_b.get(f"/api/v1/assets/{asset['id']}")).status_code == 404
    assert (await tenant_b.get("/api/v1/customers")).json()["items"] == []
    sneaky = await tenant_b.post("/api/v1/assets", json={"customer_id": customer["id"], "type": "lighting.cfl"})
    assert sneaky.status_code == 404, "an asset cannot be attached to another tenant's customer"


async def test_tenant_id_in_a_body_is_ignored(tenant_a, tenant_b):
    response = await tenant_b.post("/api/v1/customers", json={"name": "x", "tenant_id": tenant_a.id})
    assert response.status_code == 201
    assert (await tenant_a.get(f"/api/v1/customers/{response.json()['id']}")).status_code == 404
    assert (await tenant_b.get(f"/api/v1/customers/{response.json()['id']}")).status_code == 200


def test_every_tenant_table_leads_its_keys_with_tenant_id():
    registry.load_models()
    for name in tenant_tables(Base.metadata):
        table = Base.metadata.tables[name]
        assert next(c.name for c in table.primary_key.columns) == "tenant_id", name
        for fk in table.foreign_key_constraints:
            referred = fk.referred_table
            if "tenant_id" in referred.c:
                assert fk.column_keys[0] == "tenant_id", f"{name} -> {referred.name} must be (tenant_id, …)"


@postgres_only
async def test_every_tenant_table_has_forced_row_level_security(shouhou_settings):
    from sqlalchemy.ext.asyncio import create_async_engine

    registry.load_models()
    expected = set(tenant_tables(Base.metadata))
    engine = create_async_engine(shouhou_settings.owner_url)
    async with engine.connect() as conn:
        rows = (await conn.execute(text(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, "
            "(SELECT count(*) FROM pg_policies p WHERE p.tablename = c.relname) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r'"
        ))).all()
    await engine.dispose()
    state = {r[0]: r[1:] for r in rows}
    for name in expected:
        assert state[name][0] and state[name][1] and state[name][2] >= 1, f"{name} lacks forced RLS and a policy"


@postgres_only
async def test_app_role_owns_nothing_and_cannot_bypass_rls(shouhou_sessions):
    async with shouhou_sessions() as session:
        row = (await session.execute(text(
            "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"
        ))).one()
        owned = await session.scalar(text(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user"
        ))
    assert row == (False, False)
    assert owned == 0


@postgres_only
async def test_rls_hides_rows_even_from_raw_sql_without_the_filter(shouhou_sessions, tenant_a, tenant_b):
    """A forgotten filter returns nothing: raw SQL with no WHERE sees only the bound tenant."""
    await tenant_a.customer(name="only-a")
    async with shouhou_sessions() as session:
        bind_tenant(session, uuid.UUID(tenant_b.id))
        names = (await session.execute(text("SELECT name FROM customers"))).scalars().all()
        assert "only-a" not in names
        with pytest.raises(Exception, match="row-level security"):
            await session.execute(
                text("INSERT INTO customers (tenant_id, id, name, is_member, classification, created_at) "
                     "VALUES (:t, :i, 'x', false, 'public', now())"),
                {"t": tenant_a.id, "i": str(uuid.uuid4())},
            )


@postgres_only
async def test_tenant_setting_does_not_leak_into_the_next_transaction(shouhou_sessions, tenant_a):
    await tenant_a.customer(name="leak-check")
    async with shouhou_sessions() as session:
        bind_tenant(session, uuid.UUID(tenant_a.id))
        assert (await session.execute(text("SELECT count(*) FROM customers"))).scalar() >= 1
        await session.commit()
        bind_tenant(session, None)
        assert (await session.execute(text("SELECT count(*) FROM customers"))).scalar() == 0


async def test_a_statement_built_once_is_scoped_to_each_tenant_it_runs_for(shouhou_sessions, tenant_a, tenant_b):
    """``get_or_404``'s statement is built and scoped once (``tenancy.reused``), the tenant its
    parameter: run for A, then B, then A again, then with no tenant, each run sees only its own
    tenant's row."""
    from core.db.lookup import get_or_404
    from core.errors import NotFound

    customer_of = {tenant_a.id: (await tenant_a.customer(name="甲的"))["id"],
                   tenant_b.id: (await tenant_b.customer(name="乙的"))["id"]}
    for runner, owner in [(tenant_a, tenant_a), (tenant_b, tenant_a), (tenant_a, tenant_a), (tenant_b, tenant_b),
                          (tenant_a, tenant_b), (None, tenant_a)]:
        async with shouhou_sessions() as session:
            bind_tenant(session, uuid.UUID(runner.id) if runner else None)
            wanted = uuid.UUID(customer_of[owner.id])
            if runner is owner:
                assert (await get_or_404(session, Customer, wanted, "customer")).id == wanted
            else:
                with pytest.raises(NotFound):
                    await get_or_404(session, Customer, wanted, "customer")


async def test_a_reused_join_is_scoped_on_every_tenant_table_it_reads(shouhou_sessions, tenant_a, tenant_b):
    """``tenancy.reused`` scopes each tenant table of a join, not only the first: customers paired
    with every user (a join on nothing) show, for each tenant, its own customers with its own
    users only — unscoped, the other tenant's users would pair with them."""
    from sqlalchemy import true

    from core.auth.models import User
    from core.db.tenancy import reused

    await tenant_a.customer(name="甲的客户")
    await tenant_b.customer(name="乙的客户")
    pairs = reused(select(Customer.tenant_id, User.tenant_id).join(User, true()))
    for tenant in (tenant_a, tenant_b):
        async with shouhou_sessions() as session:
            bind_tenant(session, uuid.UUID(tenant.id))
            rows = (await session.execute(pairs)).all()
        assert rows and {tuple(map(str, row)) for row in rows} == {(tenant.id, tenant.id)}


def test_a_reused_statement_refuses_what_it_cannot_scope():
    """A condition on the optional side of an outer join would make it inner, and a subquery's
    tables are not the statement's: both are refused when the statement is built."""
    from core.auth.models import User
    from core.db.tenancy import reused

    registry.load_models()
    with pytest.raises(ValueError, match="outer join"):
        reused(select(Customer.id).outerjoin(User, User.tenant_id == Customer.tenant_id))
    with pytest.raises(ValueError, match="tables and inner joins only"):
        reused(select(select(Customer.id).subquery()))
