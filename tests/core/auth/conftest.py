"""Fixtures of the identity tests: apps with their own limits, clients from chosen source
addresses, and a real SMTP server (aiosmtpd) on loopback."""

from __future__ import annotations

import socket

import httpx
import msgspec
import pytest
from aiosmtpd.controller import Controller


@pytest.fixture
async def make_app(shouhou_settings, shouhou_plugins, client):
    """``make_app(**settings)``: another app on the test database with some settings changed
    (its engine is disposed after the test). ``client`` keeps the shared app started."""
    from core.app import create_app

    apps = []

    def make(**overrides):
        app = create_app(msgspec.structs.replace(shouhou_settings, **overrides), shouhou_plugins)
        apps.append(app)
        return app

    yield make
    for app in apps:
        await app.state.engine.dispose()


@pytest.fixture
async def from_address(make_app):
    """``from_address("10.0.0.1", app)``: an HTTP client whose requests come from that address, to
    ``app`` (default: an app with the shared settings). The app runs on the test's event loop, so
    it has its own engine (the shared app's lives on the test client's loop)."""
    clients = []
    default = []

    def make(address: str, app=None) -> httpx.AsyncClient:
        if app is None:
            if not default:
                default.append(make_app())
            app = default[0]
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        http = httpx.AsyncClient(transport=transport, base_url="http://testserver.local")
        clients.append(http)
        return http

    yield make
    for http in clients:
        await http.aclose()


class Inbox:
    """What the SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, _server, _session, envelope):
        """aiosmtpd hook: keep the message."""
        self.messages.append((list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_server():
    """An aiosmtpd server on a free loopback port; yields ``(port, inbox)``."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox
    controller.stop()
