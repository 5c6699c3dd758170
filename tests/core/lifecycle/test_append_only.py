"""Audit, decision and history records are append-only: the application's connection (and on
PostgreSQL even the table owner, a superuser here) cannot update, delete or truncate them; only
the documented maintenance switch lifts that, inside one transaction."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from core.db import registry
from core.db.append_only import append_only_tables, guarded_tables, lifted
from core.db.base import Base
from core.db.engine import make_engine
from core.db.tenancy import bind_tenant
from core.testing import APP_ROLE

#: A table whose name says it is a record of what happened must be append-only.
HISTORY_NAME = re.compile(r"(_events|_audit|decisions|_history|_steps|_log)$")


async def ticket_events(tenant, customer) -> None:
    body = {"kind": "repair", "channel": "phone", "customer_id": customer["id"], "subject": "灯不亮"}
    assert (await tenant.post("/api/v1/tickets", json=body)).status_code == 201


async def complaint_steps(tenant, customer) -> None:
    body = {"type": "service", "customer_id": customer["id"], "description": "上门迟到"}
    assert (await tenant.post("/api/v1/complaints", json=body)).status_code == 201


async def warranty_decisions(tenant, _customer) -> None:
    body = {"product": {"type": "lighting.cfl", "purchase_date": "2026-06-01"}, "claim_date": "2026-07-01",
            "claimant": "consumer", "facts": {}, "parts": []}
    response = await tenant.post("/api/v1/warranty/decisions", json=body)
    assert response.status_code == 200, response.text


async def confidentiality_audit(tenant, customer) -> None:
    assert (await tenant.get(f"/api/v1/customers/{customer['id']}")).status_code == 200


async def lubricants_tool_events(tenant, _customer) -> None:
    technician = await tenant.add_user("technician")
    body = {"name": "红外测温仪", "holder_id": technician.admin_id}
    assert (await tenant.post("/api/v1/p/lubricants/tools", json=body)).status_code == 201


async def privacy_tombstones(tenant, _customer) -> None:
    other = await tenant.customer(name="要求删除的客户", phone="13900000000")
    body = {"customer_id": other["id"], "kind": "erasure"}
    request = (await tenant.post("/api/v1/privacy/requests", json=body)).json()
    assert (await tenant.post(f"/api/v1/privacy/requests/{request['id']}/erase")).status_code == 200


async def credential_events(tenant, _customer) -> None:
    body = {"kind": "api_key", "name": "ERP", "scopes": ["customers:read"]}
    assert (await tenant.post("/api/v1/credentials", json=body)).status_code == 201


#: How a row of each append-only table comes to exist, through the API. A new append-only table
#: must be added here, or ``test_every_history_table_is_append_only_and_listed`` fails.
MAKERS = {f.__name__: f for f in (ticket_events, complaint_steps, warranty_decisions, confidentiality_audit,
                                  lubricants_tool_events, privacy_tombstones, credential_events)}


def marked_tables() -> list[str]:
    registry.load_models()
    registry.load_plugin_models()
    return append_only_tables(Base.metadata)


@pytest.fixture
async def recorded(make_tenant):
    """A tenant with one row in every append-only table."""
    tenant = await make_tenant(plugins=("lighting", "lubricants"))
    customer = await tenant.customer()
    for make in MAKERS.values():
        await make(tenant, customer)
    return tenant


async def count(sessions, tenant_id: str, table: str) -> int:
    async with sessions() as session:
        bind_tenant(session, uuid.UUID(tenant_id))
        return await session.scalar(text(f"SELECT count(*) FROM {table}"))


async def test_every_history_table_is_append_only_and_listed(shouhou_settings):
    """Catalog-driven: every table named like a history is marked append-only, every marked
    table is guarded by the database's triggers, and each has a row maker in this test."""
    tables = marked_tables()
    named = sorted(t for t in Base.metadata.tables if HISTORY_NAME.search(t))
    assert set(named) <= set(tables), f"history tables not append-only: {set(named) - set(tables)}"
    assert sorted(MAKERS) == tables
    engine = make_engine(shouhou_settings.owner_url)
    async with engine.connect() as conn:
        assert await guarded_tables(conn) == tables
        if conn.dialect.name == "postgresql":
            for table in tables:
                grants = {p: await conn.scalar(text("SELECT has_table_privilege(:r, :t, :p)"),
                                               {"r": APP_ROLE, "t": table, "p": p})
                          for p in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE")}
                assert grants == {"SELECT": True, "INSERT": True, "UPDATE": False, "DELETE": False,
                                  "TRUNCATE": False}, table
    await engine.dispose()


async def test_the_app_connection_cannot_update_or_delete_history(recorded, shouhou_sessions):
    for table in marked_tables():
        before = await count(shouhou_sessions, recorded.id, table)
        assert before >= 1, table
        for statement in (f"UPDATE {table} SET created_at = created_at", f"DELETE FROM {table}"):
            async with shouhou_sessions() as session:
                bind_tenant(session, uuid.UUID(recorded.id))
                with pytest.raises(DBAPIError, match=r"append-only|permission denied"):
                    await session.execute(text(statement))
                await session.rollback()
        assert await count(shouhou_sessions, recorded.id, table) == before, table


async def test_the_orm_refuses_to_rewrite_history(recorded, shouhou_sessions):
    from core.warranty.models import WarrantyDecision

    async with shouhou_sessions() as session:
        bind_tenant(session, uuid.UUID(recorded.id))
        row = await session.scalar(select(WarrantyDecision))
        row.decision = "exchange"
        with pytest.raises(PermissionError, match="append-only"):
            await session.flush()
        await session.rollback()
        await session.delete(await session.scalar(select(WarrantyDecision)))
        with pytest.raises(PermissionError, match="append-only"):
            await session.flush()
        await session.rollback()


async def test_the_owner_is_refused_too_until_the_maintenance_switch(recorded, shouhou_settings, shouhou_sessions):
    """The owner (a superuser on the PostgreSQL test database, which bypasses row security) is
    refused by the triggers; the switch lets it through inside one transaction and no further."""
    engine = make_engine(shouhou_settings.owner_url)
    tables = marked_tables()
    for table in tables:
        statements = [f"UPDATE {table} SET created_at = created_at", f"DELETE FROM {table}"]
        if engine.dialect.name == "postgresql":
            statements.append(f"TRUNCATE {table} CASCADE")
        for statement in statements:
            async with engine.connect() as conn:
                with pytest.raises(DBAPIError, match="append-only"):
                    await conn.execute(text(statement))
                await conn.rollback()
    async with engine.connect() as conn:
        await conn.begin()
        async with lifted(conn):
            for table in tables:
                await conn.execute(text(f"UPDATE {table} SET created_at = created_at"))
            deleted = await conn.execute(text("DELETE FROM complaint_steps"))
            assert deleted.rowcount >= 1
        with pytest.raises(DBAPIError, match="append-only"):
            await conn.execute(text("DELETE FROM ticket_events"))
        await conn.rollback()
    await engine.dispose()
    assert all([await count(shouhou_sessions, recorded.id, t) >= 1 for t in tables])
