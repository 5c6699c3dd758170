"""Database statements per request on the hot paths (issue: performance), counted at the driver:
every statement the app's engine sends, transaction control included (``BEGIN``, ``COMMIT``,
``ROLLBACK``), and no pool pre-ping. PostgreSQL only: it is where row security adds the tenant
setting and where the budget matters."""

from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import event

from core.settings import Settings
from core.testing import database_kind

pytestmark = pytest.mark.skipif(database_kind() != "postgres", reason="the budget is PostgreSQL's")


@contextlib.contextmanager
def statements(engine):
    """Record the SQL the engine sends meanwhile (transaction control as ``BEGIN``/``COMMIT``…)."""
    sent: list[str] = []
    sync = engine.sync_engine

    def on_execute(_conn, _cursor, statement, *_args):
        sent.append(" ".join(statement.split())[:400])

    def control(name):
        return lambda *_args: sent.append(name)

    listeners = [("before_cursor_execute", on_execute), ("begin", control("BEGIN")),
                 ("commit", control("COMMIT")), ("rollback", control("ROLLBACK"))]
    for name, fn in listeners:
        event.listen(sync, name, fn)
    try:
        yield sent
    finally:
        for name, fn in listeners:
            event.remove(sync, name, fn)


@contextlib.contextmanager
def simple_queries(engine):
    """Record the simple-protocol queries asyncpg sends meanwhile (transaction control: ``BEGIN``
    with what it carries, ``COMMIT``), on every connection checked out meanwhile."""
    sent: list[str] = []

    def logger(record):
        sent.append(" ".join(record.query.split())[:120])

    attached = []

    def on_checkout(dbapi_connection, *_args):
        driver = dbapi_connection._connection
        driver.add_query_logger(logger)
        attached.append(driver)

    event.listen(engine.sync_engine.pool, "checkout", on_checkout)
    try:
        yield sent
    finally:
        event.remove(engine.sync_engine.pool, "checkout", on_checkout)
        for driver in attached:
            driver.remove_query_logger(logger)


async def test_statements_of_get_and_create_ticket(tenant_a, shouhou_app):
    """One transaction per request, the credential check included; no configuration reads."""
    customer = await tenant_a.customer()
    body = {"customer_id": customer["id"], "kind": "repair", "channel": "phone", "subject": "不亮了", "description": "灯不亮"}
    warm = await tenant_a.post("/api/v1/tickets", json=body)
    assert warm.status_code == 201, warm.text
    await tenant_a.get(f"/api/v1/tickets/{warm.json()['id']}")
    with statements(shouhou_app.state.engine) as sent, simple_queries(shouhou_app.state.engine) as begun:
        got = await tenant_a.get(f"/api/v1/tickets/{warm.json()['id']}")
    assert got.status_code == 200

    with statements(shouhou_app.state.engine) as sent_create, simple_queries(shouhou_app.state.engine) as begun_create:
        created = await tenant_a.post("/api/v1/tickets", json=body)
    assert created.status_code == 201, created.text
    # BEGIN carrying the tenant setting, the credential (with its user and tenant rows), the
    # ticket, COMMIT: the tenant context, enablements, SLA policy and calendar come from the
    # node's cache.
    assert len(sent) <= 4, "\n".join(sent)
    assert not any("set_config" in statement for statement in sent + sent_create)
    assert begun[0] == begun_create[0] == f"BEGIN; SELECT set_config('shouhou.tenant_id', '{tenant_a.id}', true);"
    # … and the customer, the year's counter, the ticket, its first event.
    assert len(sent_create) <= 8, "\n".join(sent_create)
    assert sent[0] == sent_create[0] == "BEGIN" and sent.count("BEGIN") == sent_create.count("BEGIN") == 1


async def test_an_idle_connection_killed_by_the_server_is_replaced_before_use(tenant_a, shouhou_app,
                                                                             shouhou_sessions, monkeypatch):
    """No pre-ping on a busy pool, but a connection idle past the threshold is pinged at checkout:
    one the server closed meanwhile is replaced and the request succeeds."""
    from sqlalchemy import text

    from core.db import engine as engine_module

    assert not shouhou_app.state.engine.sync_engine.pool._pre_ping
    assert (await tenant_a.get("/api/v1/tickets")).status_code == 200
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_SECONDS", 0.0)
    async with shouhou_sessions() as session, session.begin():
        killed = await session.scalar(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE usename = current_user AND datname = current_database() AND pid <> pg_backend_pid() "
            "AND state = 'idle'"))  # this run's database only: another test run's connections are not ours
    assert killed >= 1
    answers = [(await tenant_a.get("/api/v1/tickets")).status_code for _ in range(3)]
    assert answers == [200, 200, 200]


async def test_the_pool_holds_the_requests_a_node_serves_at_once(shouhou_app):
    """The app's pool is the settings' size, by default room for 16 requests at once (the
    benchmark's load) without overflow: an overflow connection is opened and closed per request,
    its statements prepared afresh (a pool of 10 spent about a fifth of a loaded node's time
    connecting and preparing)."""
    settings = shouhou_app.state.settings
    pool = shouhou_app.state.engine.sync_engine.pool
    assert (pool.size(), pool._max_overflow) == (settings.database_pool_size, settings.database_max_overflow)
    assert Settings().database_pool_size >= 16
