"""DOMAIN §5 customer files and confidentiality (保密): access by role, every read of top-secret
data audited, per-tenant rules (files complete within 2 days of first contact:
``tests/core/customers/test_completeness.py``)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from core.auth.principal import Principal
from core.confidentiality.levels import DEFAULT_READERS, level_of, may_read
from core.confidentiality.models import AuditedRead
from core.confidentiality.service import check_read, set_readers
from core.db.tenancy import bind_tenant
from core.errors import Forbidden
from tests.web.helpers import counting

SHANGHAI = "Asia/Shanghai"


async def audit(tenant, **params) -> list[dict]:
    response = await tenant.get("/api/v1/confidentiality/audit", params=params)
    assert response.status_code == 200, response.text
    return response.json()["items"]


@pytest.mark.parametrize(
    "role, top_secret, secret, internal",
    [
        ("admin", True, True, True),
        ("manager", True, True, True),
        ("agent", True, True, True),
        ("technician", False, True, True),
        ("viewer", False, False, True),
    ],
)
def test_domain_5_default_readers_by_role(role, top_secret, secret, internal):
    assert may_read(DEFAULT_READERS, role, "top_secret") is top_secret
    assert may_read(DEFAULT_READERS, role, "secret") is secret
    assert may_read(DEFAULT_READERS, role, "internal") is internal
    assert may_read(DEFAULT_READERS, role, "public") is True
    assert may_read(DEFAULT_READERS, role, "no-such-level") is top_secret  # unknown: fail closed


@pytest.mark.parametrize(
    "record_type, level",
    [
        ("contract", "top_secret"), ("development_follow_up", "top_secret"), ("customer_file", "top_secret"),
        ("call_log", "secret"), ("visit_log", "secret"), ("handover_note", "secret"), ("work_diary", "secret"),
        ("analysis_report", "secret"), ("something_new", "top_secret"),
    ],
)
def test_domain_5_record_levels(record_type, level):
    assert level_of(record_type) == level


async def test_domain_5_viewer_and_technician_get_403_on_a_top_secret_customer_file(make_tenant):
    tenant = await make_tenant()
    customer = await tenant.customer(name="王芳")
    assert customer["classification"] == "top_secret"
    for role in ("viewer", "technician"):
        user = await tenant.add_user(role)
        response = await user.get(f"/api/v1/customers/{customer['id']}")
        assert response.status_code == 403, role
        listed = await user.get("/api/v1/customers")
        assert listed.status_code == 200 and listed.json()["items"] == []  # listed files are reads too
    agent = await tenant.add_user("agent")
    assert (await agent.get(f"/api/v1/customers/{customer['id']}")).status_code == 200
    assert await audit(tenant, record_id=customer["id"]) != []
    assert all(row["role"] == "agent" for row in await audit(tenant, record_id=customer["id"]))


async def test_domain_5_every_top_secret_read_writes_an_audit_row(make_tenant):
    tenant = await make_tenant()
    customer = await tenant.customer()
    agent = await tenant.add_user("agent")
    for _ in range(2):
        assert (await agent.get(f"/api/v1/customers/{customer['id']}")).status_code == 200
    assert (await agent.get("/api/v1/customers")).status_code == 200
    rows = await audit(tenant, record_type="customer_file", record_id=customer["id"])
    assert len(rows) == 3
    row = rows[0]
    assert row["user_id"] == agent.admin_id and row["role"] == "agent" and row["level"] == "top_secret"
    assert datetime.fromisoformat(row["created_at"]).tzinfo is not None
    assert len(await audit(tenant, user_id=agent.admin_id)) == 3


async def test_domain_5_secret_reads_are_checked_but_not_audited(make_tenant, shouhou_sessions):
    tenant = await make_tenant()
    technician = await tenant.add_user("technician")
    viewer = await tenant.add_user("viewer")

    def principal(handle, role):
        return Principal(UUID(handle.admin_id), UUID(tenant.id), tenant.slug, role, "x@y", "x", "zh_Hans", SHANGHAI)

    async with shouhou_sessions() as session:
        bind_tenant(session, UUID(tenant.id))
        await check_read(session, principal(technician, "technician"), "secret", "call_log", "log-1")
        with pytest.raises(Forbidden):
            await check_read(session, principal(viewer, "viewer"), "secret", "work_diary", "d-1")
        await check_read(session, principal(viewer, "viewer"), "public", "notice", "n-1")
        await check_read(session, principal(technician, "technician"), "internal", "notice", "n-2")
        assert (await session.scalars(select(AuditedRead))).all() == []
        await check_read(session, principal(tenant, "admin"), "top_secret", "contract", "c-1")
        assert [r.record_id for r in (await session.scalars(select(AuditedRead))).all()] == ["c-1"]
        await session.rollback()


async def test_domain_5_audit_is_append_only(make_tenant, shouhou_sessions):
    tenant = await make_tenant()
    customer = await tenant.customer()
    assert (await tenant.get(f"/api/v1/customers/{customer['id']}")).status_code == 200
    async with shouhou_sessions() as session:
        bind_tenant(session, UUID(tenant.id))
        row = await session.scalar(select(AuditedRead))
        row.role = "viewer"
        with pytest.raises(PermissionError):
            await session.flush()
        await session.rollback()
    for statement in ("UPDATE confidentiality_audit SET role = 'viewer'", "DELETE FROM confidentiality_audit"):
        async with shouhou_sessions() as session:
            bind_tenant(session, UUID(tenant.id))
            with pytest.raises(DBAPIError):
                await session.execute(text(statement))
            await session.rollback()
    assert len(await audit(tenant)) == 1


async def test_domain_5_rules_are_configurable_per_tenant(make_tenant):
    tenant, other = await make_tenant(), await make_tenant()
    rules = (await tenant.get("/api/v1/confidentiality/rules")).json()["rules"]
    by_level = {r["level"]: r for r in rules}
    assert by_level["top_secret"]["roles"] == ["admin", "manager", "agent"]
    assert by_level["top_secret"]["audited"] is True and by_level["secret"]["audited"] is False
    assert "customer_file" in by_level["top_secret"]["record_types"]
    assert by_level["top_secret"]["title"] == "绝密"

    customer = await tenant.customer()
    viewer = await tenant.add_user("viewer")
    assert (await viewer.get(f"/api/v1/customers/{customer['id']}")).status_code == 403
    changed = await tenant.put(
        "/api/v1/confidentiality/rules", json={"rules": {"top_secret": ["viewer", "admin"]}}
    )
    assert changed.status_code == 200, changed.text
    assert {r["level"]: r["roles"] for r in changed.json()["rules"]}["top_secret"] == ["admin", "viewer"]
    assert (await viewer.get(f"/api/v1/customers/{customer['id']}")).status_code == 200
    agent = await tenant.add_user("agent")
    assert (await agent.get(f"/api/v1/customers/{customer['id']}")).status_code == 403
    # the other tenant keeps the defaults
    assert {r["level"]: r["roles"] for r in (await other.get("/api/v1/confidentiality/rules")).json()["rules"]}[
        "top_secret"
    ] == ["admin", "manager", "agent"]


async def test_domain_5_the_rules_come_from_the_nodes_cache_and_a_change_elsewhere_is_seen_at_once(
    make_tenant, shouhou_app, shouhou_sessions
):
    """Every read of a customer file checks the tenant's rules: a request takes them from the node's
    cache at the tenant's configuration version (a second read runs no query for them); rules changed
    anywhere else (another node, a script: here a session of its own) bump the version in the
    database (migration 0043), so the very next request follows them."""
    tenant = await make_tenant()
    customer = await tenant.customer()
    agent = await tenant.add_user("agent")
    url = f"/api/v1/customers/{customer['id']}"
    assert (await agent.get(url)).status_code == 200
    with counting(shouhou_app) as sent:
        assert (await agent.get(url)).status_code == 200
    assert sent and not [s for s in sent if "confidentiality_rules" in s], "the rules come from the cache"
    async with shouhou_sessions() as session:
        bind_tenant(session, UUID(tenant.id))
        await set_readers(session, {"top_secret": ["admin", "manager"]})
        await session.commit()
    assert (await agent.get(url)).status_code == 403
    assert (await tenant.get(url)).status_code == 200


@pytest.mark.parametrize(
    "rules, field",
    [
        ({"top_secret": ["manager"]}, "rules.top_secret"),
        ({"top_secret": ["admin", "boss"]}, "rules.top_secret"),
        ({"ultra": ["admin"]}, "rules.ultra"),
    ],
)
async def test_domain_5_invalid_rules_are_refused(make_tenant, rules, field):
    tenant = await make_tenant()
    response = await tenant.put("/api/v1/confidentiality/rules", json={"rules": rules})
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == field
    assert (await tenant.put("/api/v1/confidentiality/rules", json={"rules": "x"})).status_code in (400, 422)


async def test_only_admins_change_rules_and_read_the_audit(make_tenant):
    tenant = await make_tenant()
    manager = await tenant.add_user("manager")
    assert (await manager.get("/api/v1/confidentiality/audit")).status_code == 403
    assert (await manager.put("/api/v1/confidentiality/rules", json={"rules": {}})).status_code == 403
    assert (await manager.get("/api/v1/confidentiality/rules")).status_code == 200
    assert (await tenant.client.get("/api/v1/confidentiality/audit")).status_code == 401
    assert (await tenant.get("/api/v1/confidentiality/audit?limit=500")).status_code == 422
    assert (await tenant.get("/api/v1/confidentiality/audit?user_id=nope")).status_code == 400


async def test_tenant_b_cannot_see_tenant_a_audit_or_files(make_tenant):
    a, b = await make_tenant(), await make_tenant()
    customer = await a.customer()
    assert (await a.get(f"/api/v1/customers/{customer['id']}")).status_code == 200
    assert (await b.get(f"/api/v1/customers/{customer['id']}")).status_code == 404
    assert len(await audit(a)) == 1
    assert await audit(b) == []
    await b.put("/api/v1/confidentiality/rules", json={"rules": {"top_secret": ["admin", "viewer"]}})
    viewer_a = await a.add_user("viewer")
    assert (await viewer_a.get(f"/api/v1/customers/{customer['id']}")).status_code == 403
