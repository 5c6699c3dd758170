"""The ticket queue reads an index range at any depth: the first page and a cursor page deep in
the list are planned without sorting the tenant's tickets (at 300,000 tickets a sort made the
first page take 320–430 ms)."""

from __future__ import annotations

import re
from uuid import UUID

from sqlalchemy import event

from core.db.tenancy import bind_tenant
from core.testing import database_kind


async def _queue_statements(app, tenant, url: str) -> list[tuple[str, object]]:
    """The SELECTs on ``tickets`` that one request to ``url`` sends, with their parameters."""
    seen: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and re.search(r"\bFROM tickets\b", statement):
            seen.append((statement, parameters))

    engine = app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", capture)
    try:
        response = await tenant.get(url)
        assert response.status_code == 200, response.text
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return seen


async def _plan(sessions, tenant_id: str, statement: str, parameters) -> str:
    """The database's plan of ``statement``; on PostgreSQL with sorting and sequential scans
    priced out, so a Sort node appears only when no index gives the order."""
    async with sessions() as session:
        bind_tenant(session, UUID(tenant_id))
        conn = await session.connection()
        if database_kind() == "postgres":
            await conn.exec_driver_sql("SET LOCAL enable_sort = off")
            await conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            rows = (await conn.exec_driver_sql("EXPLAIN " + statement, parameters)).all()
        else:
            rows = (await conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)).all()
        await session.rollback()
    return "\n".join(str(row[-1]) for row in rows)


async def test_queue_pages_are_index_ranges_without_a_sort(shouhou_app, shouhou_sessions, make_tenant):
    tenant = await make_tenant()
    customer = await tenant.customer()
    for priority in ("urgent", "normal", "normal", "normal", "low"):
        created = await tenant.post("/api/v1/tickets", json={
            "kind": "repair", "channel": "phone", "customer_id": customer["id"], "subject": "灯不亮",
            "priority": priority})
        assert created.status_code == 201, created.text
    first = (await tenant.get("/api/v1/tickets?limit=2")).json()
    urls = ["/api/v1/tickets?limit=2", f"/api/v1/tickets?limit=2&cursor={first['next_cursor']}",
            "/api/v1/tickets?limit=2&status=new"]
    for url in urls:
        statements = await _queue_statements(shouhou_app, tenant, url)
        assert statements, url
        for statement, parameters in statements:
            plan = await _plan(shouhou_sessions, tenant.id, statement, parameters)
            assert "Sort" not in plan and "TEMP B-TREE" not in plan, f"{url} sorts:\n{statement}\n{plan}"
            # An index range on the tenant: the queue index, or — for the rest of the cursor's own
            # priority on a small table, where the planner may prefer it — the primary key
            # (tenant_id, id); bench/queue_scale.py shows the queue index chosen at 300,000 rows.
            assert "ix_tickets_queue" in plan or (database_kind() == "postgres" and "pk_tickets" in plan
                                                   and "tenant_id =" in plan), f"{url} reads no tenant index:\n{plan}"


async def test_pages_by_appointment_are_index_ranges_without_a_sort(shouhou_app, shouhou_sessions, make_tenant):
    """``sort=appointment`` (a day of visits) reads ``(tenant_id, appointment_start, id)`` in
    order, on the first page and after a cursor, whatever the depth."""
    tenant = await make_tenant()
    customer = await tenant.customer()
    technician = await tenant.add_user("technician")
    for hour in (9, 9, 10, 11):
        created = (await tenant.post("/api/v1/tickets", json={
            "kind": "repair", "channel": "phone", "customer_id": customer["id"], "subject": "灯不亮"})).json()
        for body in ({"action": "assign", "technician_id": technician.admin_id},
                     {"action": "schedule", "start": f"2031-05-06T{hour:02}:00:00+08:00",
                      "end": f"2031-05-06T{hour + 1:02}:00:00+08:00"}):
            assert (await tenant.post(f"/api/v1/tickets/{created['id']}/transitions", json=body)).status_code == 200
    first = (await tenant.get("/api/v1/tickets?limit=1&sort=appointment")).json()
    for url in ("/api/v1/tickets?limit=1&sort=appointment",
                f"/api/v1/tickets?limit=1&sort=appointment&cursor={first['next_cursor']}"):
        statements = await _queue_statements(shouhou_app, tenant, url)
        assert statements, url
        for statement, parameters in statements:
            plan = await _plan(shouhou_sessions, tenant.id, statement, parameters)
            assert "Sort" not in plan and "TEMP B-TREE" not in plan, f"{url} sorts:\n{statement}\n{plan}"
            assert "appointment_start" in plan or "pk_tickets" in plan, f"{url} reads no tenant index:\n{plan}"
