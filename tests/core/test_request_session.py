"""The request's one session (``core.db.session.provide_db``) goes back to the pool when the
request ends, whatever failed on the way."""

from __future__ import annotations

import gc

import pytest


@pytest.fixture
def no_garbage_collector():
    """The garbage collector off, so that what a request leaves behind is not closed by it."""
    gc.disable()
    yield
    gc.enable()


async def test_a_tenant_context_that_fails_to_load_leaves_no_connection_held(tenant_a, shouhou_app, monkeypatch,
                                                                           no_garbage_collector):
    """``ctx`` is resolved after ``db``; when it raises (its tenant's settings unreadable: the
    database went away mid-request), Litestar runs no cleanup for ``db``. The session is still
    closed and its transaction rolled back when the request ends: no connection stays checked out."""
    from tenants import context

    async def unreadable(*_args):
        raise ConnectionResetError("the tenant's settings could not be read")

    pool = shouhou_app.state.engine.sync_engine.pool
    assert (await tenant_a.get("/api/v1/tickets")).status_code == 200
    held = pool.checkedout()
    monkeypatch.setattr(context, "load_context", unreadable)
    for _ in range(3):
        assert (await tenant_a.get("/api/v1/tickets")).status_code == 503  # the database is away: try later
        assert pool.checkedout() == held
    monkeypatch.undo()
    assert (await tenant_a.get("/api/v1/tickets")).status_code == 200
    assert pool.checkedout() == held


async def test_a_request_that_never_asks_for_the_database_holds_no_connection(tenant_a, shouhou_app,
                                                                            no_garbage_collector):
    """The credential is checked in a session the request would then work in; a handler that does
    not ask for the database leaves it to the middleware, which closes it."""
    pool = shouhou_app.state.engine.sync_engine.pool
    held = pool.checkedout()
    answer = await tenant_a.get("/api/v1/webhooks/event-types")  # no ``db`` in its signature
    assert answer.status_code == 200 and answer.json()
    assert pool.checkedout() == held
