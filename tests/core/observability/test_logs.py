"""Logs are JSON lines carrying the request id, tenant and user; the request id is answered in
``X-Request-ID`` and a caller's own id is kept only when it looks like one."""

from __future__ import annotations

import io
import json
import logging

import pytest
import structlog

from core.observability.logs import configure_logging
from tests.core.observability.conftest import open_ticket


@pytest.fixture
def log_lines(shouhou_settings):
    """Configure JSON logs into a buffer for one test; returns a reader of the lines so far."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    stream = io.StringIO()
    configure_logging(shouhou_settings, stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    root.handlers[:], level = saved
    root.setLevel(level)
    structlog.reset_defaults()


async def test_a_request_logs_one_json_line_with_its_id_tenant_and_user(tenant_a, log_lines):
    ticket = await open_ticket(tenant_a)
    response = await tenant_a.get(f"/api/v1/tickets/{ticket['id']}", headers={"X-Request-ID": "req-abc.123"})
    assert response.headers["x-request-id"] == "req-abc.123"
    access = [line for line in log_lines() if line.get("logger") == "shouhou.access"]
    mine = [line for line in access if line.get("request_id") == "req-abc.123"]
    assert len(mine) == 1
    line = mine[0]
    assert line["tenant_id"] == tenant_a.id
    assert line["user_id"] == tenant_a.admin_id
    assert line["route"] == "/api/v1/tickets/{ticket_id}"
    assert line["status"] == 200 and line["method"] == "GET"
    assert line["level"] == "info" and "timestamp" in line and line["duration_ms"] >= 0


async def test_an_odd_request_id_is_replaced_and_anonymous_requests_have_no_tenant(client, log_lines):
    response = await client.get("/health", headers={"X-Request-ID": "bad id\nwith newline" * 10})
    request_id = response.headers["x-request-id"]
    assert len(request_id) == 32 and request_id.isalnum()
    line = next(line for line in log_lines() if line.get("request_id") == request_id)
    assert line["tenant_id"] is None and line["user_id"] is None


def test_standard_library_records_become_json_with_the_bound_context(shouhou_settings, log_lines):
    with structlog.contextvars.bound_contextvars(request_id="r-1", tenant_id="t-1"):
        logging.getLogger("core.somewhere").warning("plugin %s failed", "lighting")
    line = log_lines()[-1]
    assert line == {**line, "event": "plugin lighting failed", "level": "warning", "request_id": "r-1",
                    "tenant_id": "t-1", "logger": "core.somewhere"}


def test_values_json_cannot_hold_are_written_as_their_repr(log_lines):
    class Opaque:
        def __repr__(self):
            return "<不透明>"

    logging.getLogger("core.somewhere").info("odd values", extra={"thing": Opaque(), "keyed": {(1, 2): "一"}})
    line = log_lines()[-1]
    assert line["event"] == "odd values" and line["thing"] == "<不透明>" and line["keyed"] == {"(1, 2)": "一"}
