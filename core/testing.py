"""Pytest fixtures for Shouhou and its plugins: a real app on a real database.

Registered as a pytest plugin (entry point ``pytest11``), so a plugin's own test suite gets them
too. ``SHOUHOU_TEST_DB=postgres`` runs on PostgreSQL (a fresh database per test session, tables
owned by the superuser, the app connected as a role without ``BYPASSRLS``); the default is a
fresh SQLite file.

Fixtures: ``shouhou_settings``, ``shouhou_plugins``, ``shouhou_app``, ``shouhou_sessions``, ``client``,
``make_tenant`` (signs a new tenant up and logs its admin in), ``tenant_a``/``tenant_b``,
``register_plugin`` (adds a plugin object for one test and always removes it), ``live_server``
(the app over real HTTP, for browsers and truly concurrent requests) and ``open_revisit_window``
(lets the days pass until a revisit's window is open).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest

PG_ADMIN_URL = os.environ.get("SHOUHOU_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
APP_ROLE = "shouhou_app"
PASSWORD = "correct-horse-battery"
#: A test session signs up hundreds of tenants from one address: the signup limits are lifted for
#: the shared app (tests of the limits build their own app with low ones).
TEST_LIMITS = {"signup_limit_per_source": 1_000_000, "signup_limit_global": 1_000_000,
               "quota_requests_per_minute": 1_000_000}


def database_kind() -> str:
    return os.environ.get("SHOUHOU_TEST_DB", "sqlite")


async def _create_pg_database(name: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
        role = await conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": APP_ROLE})
        if not role:
            with contextlib.suppress(Exception):  # created meanwhile by a parallel test session
                await conn.execute(text(f'CREATE ROLE "{APP_ROLE}" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB'))
    await engine.dispose()


async def _drop_pg_database(name: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await engine.dispose()


def fresh_settings(folder) -> Any:
    """Settings for a new, migrated database of the kind under test (a PostgreSQL database
    ``shouhou_test_<pid>_<random>`` with the app connected as ``shouhou_app`` — through the
    transaction pooler at ``SHOUHOU_TEST_PG_POOLER`` (``host:port``) when that is set, migrations
    always directly — or a SQLite file in ``folder``), with the signup limits lifted
    (:data:`TEST_LIMITS`). Remove it with
    :func:`discard_database`."""
    from core.db.migrate import upgrade
    from core.settings import Settings

    if database_kind() == "postgres":
        name = f"shouhou_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        asyncio.run(_create_pg_database(name))
        base = PG_ADMIN_URL.rsplit("/", 1)[0]
        owner = f"{base}/{name}"
        app_url = owner.replace("postgres@", f"{APP_ROLE}@", 1)
        if pooler := os.environ.get("SHOUHOU_TEST_PG_POOLER"):  # the app through pgbouncer (.ci/pgbouncer-tests)
            app_url = app_url.replace(base.rsplit("@", 1)[1], pooler, 1)
        settings = Settings(
            env="test", database_url=app_url, migration_database_url=owner, secret_key="test-secret-key",
            database_transaction_pooler=bool(pooler), storage_dir=str(folder / "files"), **TEST_LIMITS,
        )
    else:
        path = folder / "shouhou.db"
        settings = Settings(env="test", database_url=f"sqlite+aiosqlite:///{path}", secret_key="test-secret-key",
                            storage_dir=str(folder / "files"), **TEST_LIMITS)
    upgrade(settings)
    return settings


def discard_database(settings) -> None:
    """Drop a database made by :func:`fresh_settings` (a SQLite file goes with its folder)."""
    if database_kind() == "postgres":
        asyncio.run(_drop_pg_database(settings.owner_url.rsplit("/", 1)[1]))


@pytest.fixture(scope="session")
def shouhou_settings(tmp_path_factory):
    """Settings for a fresh, migrated test database (SQLite or PostgreSQL)."""
    settings = fresh_settings(tmp_path_factory.mktemp("db"))
    yield settings
    discard_database(settings)


@pytest.fixture(scope="session")
def shouhou_plugins():
    """The plugin manager: the core plugin and every installed entry-point plugin."""
    from core.defaults import build_plugin_manager

    return build_plugin_manager()


@pytest.fixture(scope="session")
def shouhou_app(shouhou_settings, shouhou_plugins):
    """The Litestar app on the test database."""
    from core.app import create_app

    return create_app(shouhou_settings, shouhou_plugins)


@pytest.fixture(scope="session")
async def shouhou_sessions(shouhou_settings):
    """A session maker on its own engine, for tests that read or write the database directly
    (the app's own engine lives on the test client's event loop). Bind a tenant with
    ``core.db.tenancy.bind_tenant(session, tenant_id)`` before the first statement."""
    from core.db import registry
    from core.db.engine import app_engine, make_session_maker

    registry.load_models()
    engine = app_engine(shouhou_settings)
    yield make_session_maker(engine)
    await engine.dispose()


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(shouhou_settings):
    """The app served by uvicorn on a free localhost port, in a background thread (its own event
    loop and engine): requests to it run truly concurrently, unlike the test client's."""
    import uvicorn

    from core.app import create_app
    from core.defaults import build_plugin_manager

    port = free_port()
    app = create_app(shouhou_settings, build_plugin_manager())
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
async def client(shouhou_app) -> AsyncIterator[Any]:
    """An HTTP client speaking to the app (``litestar.testing.AsyncTestClient``). Requests sent
    through it at once still run one at a time (it hands each to the app's thread and waits for
    the answer): a test of what happens at once sends its requests to :func:`live_server`."""
    from litestar.testing import AsyncTestClient

    async with AsyncTestClient(app=shouhou_app) as test_client:
        yield test_client


@dataclass
class TenantHandle:
    """A signed-up tenant and its admin, with a bearer token."""

    id: str
    slug: str
    admin_id: str
    admin_email: str
    token: str
    client: Any
    users: dict[str, dict] = field(default_factory=dict)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    async def get(self, url: str, **kwargs):
        return await self.client.get(url, headers={**self.headers, **kwargs.pop("headers", {})}, **kwargs)

    async def post(self, url: str, json: Any = None, **kwargs):
        return await self.client.post(url, json=json, headers={**self.headers, **kwargs.pop("headers", {})}, **kwargs)

    async def put(self, url: str, json: Any = None, **kwargs):
        return await self.client.put(url, json=json, headers={**self.headers, **kwargs.pop("headers", {})}, **kwargs)

    async def patch(self, url: str, json: Any = None, **kwargs):
        return await self.client.patch(url, json=json, headers={**self.headers, **kwargs.pop("headers", {})}, **kwargs)

    async def enable(self, *plugins: str, **settings: dict) -> None:
        for name in plugins:
            body: dict[str, Any] = {"enabled": True}
            if name in settings:
                body["settings"] = settings[name]
            response = await self.put(f"/api/v1/tenant/plugins/{name}", json=body)
            assert response.status_code == 200, response.text

    async def add_user(self, role: str, name: str | None = None) -> TenantHandle:
        """Create a user with ``role``; returns a handle acting as that user."""
        email = f"{role}-{uuid.uuid4().hex[:6]}@{self.slug}.test"
        response = await self.post(
            "/api/v1/users", json={"email": email, "name": name or role, "role": role, "password": PASSWORD}
        )
        assert response.status_code == 201, response.text
        user = response.json()
        login = await self.client.post(
            "/api/v1/auth/login", json={"tenant": self.slug, "email": email, "password": PASSWORD}
        )
        assert login.status_code == 200, login.text
        return TenantHandle(
            id=self.id, slug=self.slug, admin_id=user["id"], admin_email=email,
            token=login.json()["access_token"], client=self.client,
        )

    async def customer(self, **fields: Any) -> dict:
        body = {"name": "测试客户", "phone": "13800138000", "province": "320000", **fields}
        response = await self.post("/api/v1/customers", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    async def asset(self, customer_id: str, type: str, **fields: Any) -> dict:
        response = await self.post("/api/v1/assets", json={"customer_id": customer_id, "type": type, **fields})
        assert response.status_code == 201, response.text
        return response.json()


@pytest.fixture
def make_tenant(client):
    """``await make_tenant(plugins=("lighting",), province="320000")`` signs up a new tenant."""

    async def make(plugins: Iterable[str] = (), province: str | None = "320000", **signup: Any) -> TenantHandle:
        slug = f"t-{uuid.uuid4().hex[:10]}"
        email = f"admin@{slug}.test"
        body = {
            "company_name": f"测试公司 {slug}",
            "slug": slug,
            "admin_email": email,
            "admin_password": PASSWORD,
            "province": province,
            **signup,
        }
        response = await client.post("/api/v1/signup", json=body)
        assert response.status_code == 201, response.text
        created = response.json()
        login = await client.post("/api/v1/auth/login", json={"tenant": slug, "email": email, "password": PASSWORD})
        assert login.status_code == 200, login.text
        handle = TenantHandle(
            id=created["tenant"]["id"], slug=slug, admin_id=created["user"]["id"], admin_email=email,
            token=login.json()["access_token"], client=client,
        )
        if plugins:
            await handle.enable(*plugins)
        return handle

    return make


@pytest.fixture
async def tenant_a(make_tenant) -> TenantHandle:
    return await make_tenant()


@pytest.fixture
async def tenant_b(make_tenant) -> TenantHandle:
    return await make_tenant()


@pytest.fixture
def register_plugin(shouhou_plugins):
    """``register_plugin(obj, "name")`` adds a plugin for one test; it is always removed after."""
    added: list[str] = []

    def register(plugin: Any, name: str) -> bool:
        ok = shouhou_plugins.register(plugin, name)
        if ok:
            added.append(name)
        return ok

    yield register
    for name in added:
        shouhou_plugins.unregister(name)


@pytest.fixture
def open_revisit_window(shouhou_sessions):
    """``await open_revisit_window(tenant, revisit_id)``: the days pass until the revisit's window
    is open (its ``due_from`` moves to yesterday, UTC), so its outcome can be recorded today."""
    from datetime import timedelta

    from sqlalchemy import update

    from core.db.base import utcnow
    from core.db.tenancy import bind_tenant
    from core.revisits.models import Revisit

    async def open_window(tenant: TenantHandle, revisit_id: str) -> None:
        async with shouhou_sessions() as session, session.begin():
            bind_tenant(session, uuid.UUID(str(tenant.id)))
            await session.execute(update(Revisit).where(Revisit.id == uuid.UUID(str(revisit_id)))
                                  .values(due_from=utcnow().date() - timedelta(days=1)))

    return open_window
