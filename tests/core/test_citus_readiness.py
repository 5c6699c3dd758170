"""Citus readiness (docs/operations/citus.md): every tenant table's keys lead with ``tenant_id``,
global tables are listed, and every statement a representative workload sends to a tenant table
carries a ``tenant_id`` predicate, so Citus can route it to one shard."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from uuid import UUID

import pytest
import sqlglot
from sqlalchemy import Column, ForeignKeyConstraint, Integer, MetaData, String, Table, UniqueConstraint, event
from sqlglot import exp

from core import sweeps
from core.db import registry
from core.db.base import Base
from core.db.citus import COORDINATOR_TABLES, REFERENCE_TABLES, distribution_sql, key_problems
from core.db.rls import tenant_tables
from core.db.tenancy import bind_tenant
from core.testing import database_kind
from tenants.context import load_context


@pytest.fixture(scope="module")
def metadata() -> MetaData:
    registry.load_models()
    registry.load_plugin_models()
    return Base.metadata


def test_every_tenant_table_key_leads_with_tenant_id(metadata):
    assert key_problems(metadata) == []


def test_the_checker_reports_bad_keys():
    bad = MetaData()
    Table("tenants", bad, Column("id", Integer, primary_key=True))
    Table("parents", bad, Column("tenant_id", Integer, primary_key=True), Column("id", Integer, primary_key=True))
    Table(
        "badly_keyed", bad,
        Column("id", Integer, primary_key=True), Column("tenant_id", Integer, primary_key=True),
        Column("code", String), Column("parent_id", Integer),
        UniqueConstraint("code", "tenant_id"),
        ForeignKeyConstraint(["parent_id", "tenant_id"], ["parents.id", "parents.tenant_id"]),
    )
    Table("settings_of_nobody", bad, Column("id", Integer, primary_key=True))
    assert key_problems(bad) == [
        "badly_keyed: primary key does not lead with tenant_id",
        "badly_keyed: unique key (code, tenant_id) does not lead with tenant_id",
        "badly_keyed: foreign key to parents does not lead with tenant_id on both sides",
        "settings_of_nobody: neither a tenant table (tenant_id) nor a listed global table",
    ]


def test_the_distribution_plan_covers_every_table_once(metadata):
    plan = distribution_sql(metadata)
    distributed = [re.search(r"create_distributed_table\('(\w+)'", s) for s in plan]
    names = [m.group(1) for m in distributed if m]
    assert sorted(names) == sorted(tenant_tables(metadata))
    assert all("'tenant_id'" in s for s in plan if "create_distributed_table" in s)
    for name in REFERENCE_TABLES:
        assert f"SELECT create_reference_table('{name}');" in plan
    for statement in plan:  # a table is distributed after the tables it references
        match = re.search(r"create_distributed_table\('(\w+)'", statement)
        if match:
            earlier = names[: names.index(match.group(1))]
            for fk in metadata.tables[match.group(1)].foreign_key_constraints:
                target = fk.referred_table.name
                assert target in REFERENCE_TABLES or target == match.group(1) or target in earlier


# -- every statement against a tenant table carries tenant_id ----------------------------------

#: Statements that touch tenant tables without a tenant_id predicate on purpose (none today).
GLOBAL_STATEMENTS: tuple[str, ...] = ()


def _statement_of(node: exp.Expression) -> exp.Expression | None:
    return node.find_ancestor(exp.Select, exp.Update, exp.Delete, exp.Insert)


def _mentions_tenant_id(condition: exp.Expression | None, alias: str, alone: bool) -> bool:
    if condition is None:
        return False
    return any(
        column.name == "tenant_id" and (column.table == alias or (alone and not column.table))
        for column in condition.find_all(exp.Column)
    )


def missing_tenant_predicate(sql: str, dialect: str, tenant: set[str]) -> list[str]:
    """Tenant tables in ``sql`` whose occurrence has no ``tenant_id`` in its WHERE, its JOIN
    condition or the INSERT's column list."""
    tree = sqlglot.parse_one(sql, read=dialect)
    missing = []
    for table in tree.find_all(exp.Table):
        if table.name not in tenant:
            continue
        statement = _statement_of(table)
        if isinstance(statement, exp.Insert):
            columns = [c.name for c in statement.this.expressions] if isinstance(statement.this, exp.Schema) else []
            if "tenant_id" not in columns:
                missing.append(table.name)
            continue
        alias = table.alias_or_name
        tables_here = [t for t in statement.find_all(exp.Table) if _statement_of(t) is statement]
        alone = len(tables_here) == 1
        conditions = [statement.args.get("where")]
        conditions += [join.args.get("on") for join in statement.args.get("joins") or []]
        if not any(_mentions_tenant_id(c, alias, alone) for c in conditions):
            missing.append(table.name)
    return missing


async def representative_workload(make_tenant) -> str:
    """Signup, customer, asset, a ticket through its life, a complaint, revisits, lists and the
    monthly report, through the HTTP API; the tenant's id."""
    tenant = await make_tenant(plugins=("lighting",))
    technician = await tenant.add_user("technician", name="李师傅")
    customer = await tenant.customer()
    asset = await tenant.asset(customer["id"], "lighting.ceiling_lamp", purchase_date=date.today().isoformat())
    ticket = (await tenant.post("/api/v1/tickets", json={
        "kind": "repair", "channel": "phone", "customer_id": customer["id"], "asset_id": asset["id"],
        "subject": "吸顶灯不亮", "description": "通电后不亮"})).json()
    tomorrow = datetime.now().astimezone() + timedelta(days=1)
    for action, body in (
        ("assign", {"technician_id": technician.admin_id}),
        ("schedule", {"start": tomorrow.isoformat(), "end": (tomorrow + timedelta(hours=2)).isoformat()}),
        ("confirm", {}), ("arrive", {}), ("depart", {}), ("resolve", {"resolution": "更换镇流器"}),
        ("accept", {"signed_by": "王先生"}), ("close", {}),
    ):
        response = await tenant.post(f"/api/v1/tickets/{ticket['id']}/transitions", json={"action": action, **body})
        assert response.status_code == 200, (action, response.text)
    complaint = await tenant.post("/api/v1/complaints", json={
        "type": "service", "customer_id": customer["id"], "ticket_id": ticket["id"], "description": "上门迟到"})
    assert complaint.status_code == 201, complaint.text
    step = await tenant.post(f"/api/v1/complaints/{complaint.json()['id']}/steps", json={"step": "classify", "valid": True})
    assert step.status_code == 200, step.text
    revisits = (await tenant.get("/api/v1/revisits")).json()["items"]
    assert revisits, "closing a repair schedules a revisit"
    outcome = await tenant.post(f"/api/v1/revisits/{revisits[0]['id']}/outcome", json={"outcome": "satisfied"})
    assert outcome.status_code == 200, outcome.text
    for url in ("/api/v1/tickets", f"/api/v1/tickets?customer_id={customer['id']}", "/api/v1/customers",
                "/api/v1/complaints", f"/api/v1/tickets/{ticket['id']}/events", f"/api/v1/assets/{asset['id']}",
                f"/api/v1/reports/service-quality?month={date.today():%Y-%m}"):
        response = await tenant.get(url)
        assert response.status_code == 200, (url, response.text)
    return tenant.id


async def tenant_sweeps(sessions, plugins, tenant_id: str) -> None:
    """The worker's jobs for one tenant (SLA sweep, revisit cadence), as ``run_job`` runs them."""
    for handler, payload in ((sweeps.sweep_sla, {}), (sweeps.generate_revisits, {"date": date.today().isoformat()})):
        session = sessions()
        bind_tenant(session, UUID(tenant_id))
        async with session.begin():
            await handler(session, await load_context(session, plugins, UUID(tenant_id)), payload)
        await session.close()


def test_the_statement_check_finds_a_missing_predicate():
    tenant = {"tickets", "customers"}
    assert missing_tenant_predicate("SELECT tickets.id FROM tickets WHERE tickets.id = ?", "sqlite", tenant) == ["tickets"]
    assert missing_tenant_predicate(
        "SELECT t.id FROM tickets AS t JOIN customers AS c ON c.id = t.customer_id WHERE t.tenant_id = ?",
        "sqlite", tenant) == ["customers"]
    assert missing_tenant_predicate("UPDATE tickets SET status = $1 WHERE id = $2", "postgres", tenant) == ["tickets"]
    assert missing_tenant_predicate("INSERT INTO tickets (id, subject) VALUES (?, ?)", "sqlite", tenant) == ["tickets"]
    assert missing_tenant_predicate(
        "SELECT x FROM customers WHERE customers.tenant_id = ? AND customers.id IN (SELECT customer_id FROM tickets)",
        "sqlite", tenant) == ["tickets"]
    assert missing_tenant_predicate(
        "SELECT t.id FROM tickets AS t JOIN customers AS c ON c.id = t.customer_id AND c.tenant_id = ? "
        "WHERE t.tenant_id = ?", "sqlite", tenant) == []


async def test_every_statement_on_a_tenant_table_carries_tenant_id(
    shouhou_app, shouhou_sessions, shouhou_plugins, make_tenant, metadata
):
    statements: list[str] = []

    def capture(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        statements.append(statement)

    engines = (shouhou_app.state.engine.sync_engine, shouhou_sessions.kw["bind"].sync_engine)
    for engine in engines:
        event.listen(engine, "before_cursor_execute", capture)
    try:
        tenant_id = await representative_workload(make_tenant)
        await tenant_sweeps(shouhou_sessions, shouhou_plugins, tenant_id)
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", capture)

    tenant = set(tenant_tables(metadata))
    dialect = "postgres" if database_kind() == "postgres" else "sqlite"
    touching = [s for s in statements if any(re.search(rf"\b{t}\b", s) for t in tenant)]
    assert len(touching) > 100, "the workload reached the tenant tables"
    offenders = {}
    for sql in touching:
        if sql in GLOBAL_STATEMENTS:
            continue
        missing = missing_tenant_predicate(sql, dialect, tenant)
        if missing:
            offenders[" ".join(sql.split())[:300]] = missing
    assert offenders == {}
    assert not set(COORDINATOR_TABLES) & tenant
