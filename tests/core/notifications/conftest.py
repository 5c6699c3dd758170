"""Fixtures of the notification tests: a real SMTP server (aiosmtpd) and a real HTTP peer (an SMS
gateway or a group robot) on loopback, an app whose operator allows loopback peers, and the
worker's delivery sweep run for one tenant."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

import msgspec
import pytest
from sqlalchemy import select

from core.db.engine import make_engine, make_session_maker
from core.db.tenancy import bind_tenant
from core.notifications.models import Notification
from core.sweeps import deliver_notifications
from core.testing import free_port
from tenants.context import load_context
from tests.core.auth.conftest import Inbox, from_address, make_app, smtp_server  # noqa: F401 - fixtures
from tests.core.tickets.conftest import make_desk


@dataclass
class Received:
    """One request the peer got."""

    path: str
    query: dict
    headers: dict
    body: dict


@dataclass
class Peer:
    """An HTTP server on loopback recording what it gets and answering from ``answers`` (status,
    JSON body, headers), the last answer repeating."""

    port: int
    received: list[Received] = field(default_factory=list)
    answers: list[tuple[int, dict, dict]] = field(default_factory=lambda: [(200, {"errcode": 0, "errmsg": "ok"}, {})])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def answer(self, *answers: tuple[int, dict, dict]) -> None:
        self.answers = list(answers)


def _handler(peer: Peer):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            parts = urlsplit(self.path)
            peer.received.append(Received(parts.path, parse_qs(parts.query), dict(self.headers),
                                          json.loads(raw or b"{}")))
            status, body, headers = peer.answers.pop(0) if len(peer.answers) > 1 else peer.answers[0]
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_args) -> None:
            return

    return Handler


@pytest.fixture
def http_peer():
    """A JSON HTTP peer on a free loopback port; stopped after the test."""
    peer = Peer(port=free_port())
    server = ThreadingHTTPServer(("127.0.0.1", peer.port), _handler(peer))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield peer
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
async def operator(shouhou_settings, smtp_server):  # noqa: F811 - the fixture above
    """The operator's settings for these tests (mail to the loopback SMTP server, loopback peers
    allowed, short timeouts) and a session maker carrying them, as the worker has."""
    port, _inbox = smtp_server
    settings = msgspec.structs.replace(
        shouhou_settings, smtp_host="127.0.0.1", smtp_port=port, smtp_from="noreply@shouhou.test",
        notifications_allow_private_addresses=True, notifications_timeout_seconds=2.0,
        public_url="https://console.example",
    )
    engine = make_engine(settings.database_url)
    yield settings, make_session_maker(engine, settings)
    await engine.dispose()


async def deliver_with(maker, plugins, tenant_id: str) -> int:
    """The worker's ``notifications.deliver`` sweep for one tenant, on ``maker``'s settings."""
    async with maker() as session:
        bind_tenant(session, UUID(tenant_id))
        async with session.begin():
            ctx = await load_context(session, plugins, UUID(tenant_id))
            return await deliver_notifications(session, ctx, {})


@pytest.fixture
def deliver(operator, shouhou_plugins):
    """``await deliver(tenant_id)``: the worker's ``notifications.deliver`` sweep for one tenant."""
    _settings, maker = operator

    async def run(tenant_id: str) -> int:
        return await deliver_with(maker, shouhou_plugins, tenant_id)

    return run


@pytest.fixture
def outbox(operator):
    """``await outbox(tenant_id)``: the tenant's notifications, oldest first."""
    _settings, maker = operator

    async def read(tenant_id: str, **where) -> list[Notification]:
        async with maker() as session:
            bind_tenant(session, UUID(tenant_id))
            stmt = select(Notification).filter_by(**where).order_by(Notification.created_at, Notification.id)
            return list((await session.scalars(stmt)).all())

    return read


@pytest.fixture
async def loopback_app(make_app, from_address, operator):  # noqa: F811 - the fixtures above
    """An app whose operator allows loopback gateways, and a client to it."""
    settings, _maker = operator
    app = make_app(notifications_allow_private_addresses=True, smtp_host=settings.smtp_host,
                   smtp_port=settings.smtp_port, smtp_from=settings.smtp_from)
    return from_address("192.0.2.80", app)


@pytest.fixture
async def desk(client):
    return await make_desk(client)


@pytest.fixture
def make_due(operator):
    """``await make_due(tenant_id)``: every queued message of the tenant is due now (time passes)."""
    from sqlalchemy import update

    from core.db.base import utcnow

    _settings, maker = operator

    async def run(tenant_id: str) -> None:
        async with maker() as session:
            bind_tenant(session, UUID(tenant_id))
            async with session.begin():
                await session.execute(
                    update(Notification).where(Notification.status == "queued").values(next_attempt_at=utcnow())
                )

    return run
