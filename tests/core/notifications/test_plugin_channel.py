"""The channel hook for plugin authors: the example adapter of docs/integrations/notifications.md,
run as written, adds a channel that only tenants enabling its plugin can configure and use."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pytest

from tests.core.notifications.helpers import configure, make_lead, ticket_notifications

DOC = Path(__file__).resolve().parents[3] / "docs" / "integrations" / "notifications.md"


def example_plugin() -> types.ModuleType:
    """The documented example (the last Python block of the guide) as a plugin module."""
    source = re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)[-1]
    module = types.ModuleType("feishu_example_plugin")
    exec(compile(source, str(DOC), "exec"), module.__dict__)
    sys.modules.setdefault(module.__name__, module)
    return module


@pytest.fixture
def feishu(register_plugin):
    assert register_plugin(example_plugin(), "feishu_example")
    return "feishu_example"


async def test_the_documented_adapter_delivers_for_tenants_that_enable_its_plugin(
        desk, make_tenant, feishu, http_peer, loopback_app, deliver):
    url = http_peer.url("/open-apis/bot/v2/hook/abc")
    other = await make_tenant()
    refused = await loopback_app.put("/api/v1/notifications/settings", headers=other.headers,
                                     json={"channels": {"feishu": {"url": url}}})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "channels.feishu"

    await desk.tenant.enable(feishu)
    bad = await loopback_app.put("/api/v1/notifications/settings", headers=desk.tenant.headers,
                                 json={"channels": {"feishu": {"url": url, "token": "x"}}})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "channels.feishu"
    await configure(loopback_app, desk.tenant, channels={"feishu": {"url": url}, "sms": {"url": http_peer.url("/s")}},
                    staff_channels=["feishu"], customer_channel="sms")
    http_peer.answer((200, {"code": 0, "msg": "success"}, {}))
    await make_lead(desk)
    question = await desk.open(kind="consultation", channel="phone")
    await desk.drive(question["id"], ["escalate"])
    assert await deliver(desk.tenant.id) == 1
    [request] = http_peer.received
    assert request.path == "/open-apis/bot/v2/hook/abc" and request.body["msg_type"] == "text"
    assert question["number"] in request.body["content"]["text"]
    [sent] = await ticket_notifications(desk.tenant, question["id"])
    assert (sent["channel"], sent["recipient"], sent["status"]) == ("feishu", "group", "sent")
