"""Tenant deletion (issue: a company can leave): an admin asks, the tenant is suspended for the
grace period (only its admins may read the profile, export and cancel), then purged from every
table by the worker, leaving a deletion certificate. The purge is checked against the catalog, so
a table added later is covered without changing this test."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import inspect, text

from core.attachments.storage import LocalDisk
from core.db.base import utcnow
from core.db.engine import make_engine, make_session_maker
from core.db.tenancy import SETTING
from core.lifecycle.deletion import certificate_of, purge_due
from core.testing import PASSWORD
from tests.core.attachments.test_attachments_api import new_ticket, png, stored_files, upload
from tests.core.lifecycle.test_append_only import MAKERS

DELETION = "/api/v1/tenant/deletion"


@pytest.fixture
async def owner_sessions(shouhou_settings):
    """Sessions of the table owner (the purge's connection)."""
    engine = make_engine(shouhou_settings.owner_url)
    yield make_session_maker(engine)
    await engine.dispose()


@pytest.fixture
async def populated(make_tenant, tenant_b):
    """A tenant with rows in core and plugin tables (every append-only one included), an agent,
    and a neighbour tenant with a customer of its own."""
    tenant = await make_tenant(plugins=("lighting", "lubricants"))
    customer = await tenant.customer()
    await tenant.asset(customer["id"], "lighting.cfl", purchase_date="2026-06-01")
    for make in MAKERS.values():
        await make(tenant, customer)
    agent = await tenant.add_user("agent")
    neighbour = await tenant_b.customer(name="隔壁客户")
    for handle in (tenant, tenant_b):  # a file each in the attachment storage
        ticket = await new_ticket(handle)
        assert (await upload(handle, ticket["id"], "photo.png", png())).status_code == 201
    return tenant, agent, neighbour


async def rows_per_table(owner_sessions, tenant_id: str) -> dict[str, int]:
    """Rows of ``tenant_id`` in every catalog table with a ``tenant_id`` column (row security set
    to that tenant, for an owner who does not bypass it)."""
    async with owner_sessions() as session, session.begin():
        connection = await session.connection()
        tables = await connection.run_sync(lambda sync: [
            name for (_s, name), columns in inspect(sync).get_multi_columns().items()
            if any(c["name"] == "tenant_id" for c in columns)])
        if connection.dialect.name == "postgresql":
            await connection.execute(text(f"SELECT set_config('{SETTING}', :t, true)"), {"t": tenant_id})
        key = uuid.UUID(tenant_id) if connection.dialect.name == "postgresql" else uuid.UUID(tenant_id).bytes
        found = {}
        for table in tables:
            found[table] = await connection.scalar(text(f'SELECT count(*) FROM "{table}" WHERE tenant_id = :t'),
                                                   {"t": key})
        found["tenants"] = await connection.scalar(text("SELECT count(*) FROM tenants WHERE id = :t"), {"t": key})
        return found


async def test_deletion_needs_the_slug_typed_and_an_admin(populated):
    tenant, agent, _ = populated
    wrong = await tenant.post(DELETION, json={"confirm": "not-it"})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "confirm"
    by_agent = await tenant.client.post(DELETION, json={"confirm": tenant.slug}, headers=agent.headers)
    assert by_agent.status_code == 403
    state = (await tenant.get(DELETION)).json()
    assert state["scheduled"] is False and state["due_at"] is None


async def test_a_suspended_tenant_answers_only_its_admins_profile_export_and_cancel(populated, client):
    """Suspended at once: the agent's next request is a 403 saying why; the admin still reads the
    profile, exports everything and can cancel, which restores the tenant as it was."""
    tenant, agent, _ = populated
    before = utcnow()
    asked = await tenant.post(DELETION, json={"confirm": tenant.slug})
    assert asked.status_code == 202, asked.text
    state = asked.json()
    assert state["scheduled"] is True and state["requested_by"] == tenant.admin_email
    due = state["due_at"]
    assert (before + timedelta(days=30)).isoformat()[:16] <= due[:16]  # the default grace: 30 days

    refused = await tenant.client.get("/api/v1/customers", headers=agent.headers)
    assert refused.status_code == 403 and "suspended" in refused.json()["detail"]
    assert (await tenant.get("/api/v1/customers")).status_code == 403  # the admin's daily work stops too
    assert (await tenant.get("/api/v1/tenant")).status_code == 200
    assert (await tenant.post("/api/v1/tenant/export")).status_code == 200
    assert (await tenant.post(DELETION, json={"confirm": tenant.slug})).status_code == 409

    restored = await tenant.client.delete(DELETION, headers=tenant.headers)
    assert restored.status_code == 200 and restored.json()["scheduled"] is False
    assert (await tenant.client.get("/api/v1/customers", headers=agent.headers)).status_code == 200
    assert (await tenant.client.delete(DELETION, headers=tenant.headers)).status_code == 409


async def test_the_purge_waits_for_the_grace_period_then_removes_every_row(populated, owner_sessions,
                                                                         shouhou_sessions, tenant_b, shouhou_settings):
    """Day 29 of 30: nothing purged; day 30: every row of the tenant in every table is gone, and
    its attachment files; the neighbour's rows and files stay, and the certificate lists the rows
    deleted per table."""
    tenant, _, neighbour = populated
    assert (await tenant.post(DELETION, json={"confirm": tenant.slug})).status_code == 202
    held = await rows_per_table(owner_sessions, tenant.id)
    assert held["tenants"] == 1 and held["customers"] >= 1 and all(held[t] >= 1 for t in MAKERS)
    due = (await tenant.get(DELETION)).json()["due_at"]
    from datetime import datetime

    due_at = datetime.fromisoformat(due)
    assert await purge_due(owner_sessions, due_at - timedelta(seconds=1)) == []
    assert (await rows_per_table(owner_sessions, tenant.id))["tenants"] == 1

    assert stored_files(shouhou_settings, tenant.id) and stored_files(shouhou_settings, tenant_b.id)
    certificates = await purge_due(owner_sessions, due_at, LocalDisk(shouhou_settings.storage_dir))
    assert [c.slug for c in certificates] == [tenant.slug]
    assert stored_files(shouhou_settings, tenant.id) == [] and stored_files(shouhou_settings, tenant_b.id)
    left = await rows_per_table(owner_sessions, tenant.id)
    assert {table: n for table, n in left.items() if n} == {}, "rows of the purged tenant remain"
    certificate = certificates[0]
    assert certificate.tables == {table: n for table, n in held.items() if n and table != "tenants"}
    assert certificate.total_rows == sum(certificate.tables.values())
    assert certificate.requested_by == tenant.admin_email and len(certificate.sha256) == 64
    async with owner_sessions() as session:
        assert (await certificate_of(session, tenant.slug)).id == certificate.id

    assert (await tenant_b.get(f"/api/v1/customers/{neighbour['id']}")).status_code == 200
    login = await tenant.client.post("/api/v1/auth/login", json={
        "tenant": tenant.slug, "email": tenant.admin_email, "password": PASSWORD})
    assert login.status_code == 401
    assert (await tenant.get("/api/v1/tenant")).status_code == 401  # its tokens went with it


async def test_a_cancelled_deletion_is_not_purged(populated, owner_sessions):
    tenant, _, _ = populated
    due = (await tenant.post(DELETION, json={"confirm": tenant.slug})).json()["due_at"]
    assert (await tenant.client.delete(DELETION, headers=tenant.headers)).status_code == 200
    from datetime import datetime

    assert await purge_due(owner_sessions, datetime.fromisoformat(due) + timedelta(days=1)) == []
    assert (await tenant.get("/api/v1/customers")).status_code == 200


async def test_one_tenant_cannot_touch_anothers_deletion(populated, tenant_b):
    """The deletion endpoints act on the caller's own tenant only: tenant B scheduling its own
    deletion leaves A untouched."""
    tenant, _, _ = populated
    assert (await tenant_b.post(DELETION, json={"confirm": tenant.slug})).status_code == 422
    assert (await tenant.get(DELETION)).json()["scheduled"] is False


async def test_the_worker_round_purges_a_due_tenant(make_tenant, owner_sessions, shouhou_sessions, shouhou_plugins):
    """The worker's round (``shouhou worker``) runs the purge with the owner's connection."""
    from sqlalchemy import update

    from core.worker.runner import run_once
    from tenants.models import Tenant

    tenant = await make_tenant()
    await tenant.customer()
    assert (await tenant.post(DELETION, json={"confirm": tenant.slug})).status_code == 202
    async with owner_sessions() as session, session.begin():
        await session.execute(update(Tenant).where(Tenant.id == uuid.UUID(tenant.id))
                              .values(deletion_due_at=utcnow() - timedelta(minutes=1)))
    await run_once(shouhou_sessions, shouhou_plugins, "test-worker", 60, owner_maker=owner_sessions)
    assert (await rows_per_table(owner_sessions, tenant.id))["tenants"] == 0
    async with owner_sessions() as session:
        assert (await certificate_of(session, tenant.slug)).tables["customers"] == 1


async def test_integrator_credentials_stop_while_the_company_is_suspended(make_tenant):
    """An API key acts for the company too: suspended with it."""
    tenant = await make_tenant()
    made = await tenant.post("/api/v1/credentials", json={"kind": "api_key", "name": "ERP",
                                                          "scopes": ["customers:read"]})
    assert made.status_code == 201, made.text
    key = {"X-API-Key": made.json()["secret"]}
    assert (await tenant.client.get("/api/v1/customers", headers=key)).status_code == 200
    assert (await tenant.post(DELETION, json={"confirm": tenant.slug})).status_code == 202
    refused = await tenant.client.get("/api/v1/customers", headers=key)
    assert refused.status_code == 403 and "suspended" in refused.json()["detail"]
