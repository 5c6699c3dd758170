"""The channels against real peers on loopback: e-mail to an aiosmtpd server, SMS to an HTTP
gateway, WeCom and DingTalk group robots (their JSON formats, DingTalk's signature); tenant
addresses are hostile (scheme, credentials, private hosts, redirects)."""

from __future__ import annotations

import asyncio
import base64
import email
import email.policy
import hashlib
import hmac

import msgspec

from tests.core.notifications.helpers import configure, make_lead, ticket_notifications


async def test_an_escalation_is_mailed_over_smtp_and_shown_on_the_ticket(desk, smtp_server, deliver):
    """DOMAIN §1.2 (003 篇6): the open question reaches the responsible person by e-mail."""
    _port, inbox = smtp_server
    lead = await make_lead(desk)
    question = await desk.open(kind="consultation", channel="phone")
    await desk.drive(question["id"], ["escalate"])
    [queued] = await ticket_notifications(desk.tenant, question["id"])
    assert (queued["template_key"], queued["status"], queued["channel"]) == ("ticket.escalated", "queued", "email")
    assert queued["recipient"] == lead.admin_email
    assert await deliver(desk.tenant.id) == 1
    for _ in range(100):
        if inbox.messages:
            break
        await asyncio.sleep(0.05)
    [(to, raw)] = inbox.messages
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert to == [lead.admin_email]
    assert question["number"] in message["Subject"] and "升级" in message["Subject"]
    assert f"/t/{desk.tenant.slug}/tickets/{question['id']}" in message.get_content()
    [sent] = await ticket_notifications(desk.tenant, question["id"])
    assert (sent["status"], sent["attempts"], sent["error"]) == ("sent", 1, None)
    assert sent["sent_at"] is not None and sent["next_attempt_at"] is None


async def test_sms_goes_to_the_gateway_with_its_token(desk, http_peer, loopback_app, deliver, make_due):
    http_peer.answer((200, {"ok": True}, {}))
    await configure(loopback_app, desk.tenant, channels={"sms": {"url": http_peer.url("/send"), "token": "s3cret"}},
                    customer_channel="sms", staff_channels=["email"])
    ticket = await desk.open(contact_phone="13900139000")
    await desk.drive(ticket["id"], ["assign", "schedule"])
    await make_due(desk.tenant.id)
    assert await deliver(desk.tenant.id) == 1
    [request] = http_peer.received
    assert request.path == "/send" and request.headers["Authorization"] == "Bearer s3cret"
    assert request.body == {"to": "+8613900139000", "text": request.body["text"]}
    assert ticket["number"] in request.body["text"]
    [shown] = await ticket_notifications(desk.tenant, ticket["id"])
    assert (shown["status"], shown["template_key"], shown["audience"]) == ("sent", "appointment.reminder", "customer")


async def test_wecom_robot_gets_its_text_message_and_its_errcode_decides(desk, http_peer, loopback_app, deliver):
    await configure(loopback_app, desk.tenant, staff_channels=["wecom"], customer_channel="sms",
                    channels={"wecom": {"url": http_peer.url("/cgi-bin/webhook/send?key=K")},
                              "sms": {"url": http_peer.url("/sms")}})
    await make_lead(desk)
    http_peer.answer((200, {"errcode": 93000, "errmsg": "invalid webhook url"}, {}))
    first = await desk.open(kind="consultation", channel="phone")
    await desk.drive(first["id"], ["escalate"])
    await deliver(desk.tenant.id)
    request = http_peer.received[-1]
    assert request.path == "/cgi-bin/webhook/send" and request.query == {"key": ["K"]}
    assert request.body["msgtype"] == "text" and set(request.body) == {"msgtype", "text"}
    assert first["number"] in request.body["text"]["content"]
    [refused] = await ticket_notifications(desk.tenant, first["id"])
    assert refused["status"] == "failed" and "errcode 93000" in refused["error"], "a refused robot is not retried"

    http_peer.answer((200, {"errcode": 0, "errmsg": "ok"}, {}))
    second = await desk.open(kind="consultation", channel="phone")
    await desk.drive(second["id"], ["escalate"])
    await deliver(desk.tenant.id)
    [sent] = await ticket_notifications(desk.tenant, second["id"])
    assert (sent["status"], sent["recipient"], sent["channel"]) == ("sent", "group", "wecom")


async def test_dingtalk_robot_is_signed_with_timestamp_and_secret(desk, http_peer, loopback_app, deliver):
    secret = "SEC0123456789abcdef"
    await configure(loopback_app, desk.tenant, staff_channels=["dingtalk"], customer_channel="sms",
                    channels={"dingtalk": {"url": http_peer.url("/robot/send?access_token=T"), "secret": secret},
                              "sms": {"url": http_peer.url("/sms")}})
    await make_lead(desk)
    question = await desk.open(kind="consultation", channel="phone")
    await desk.drive(question["id"], ["escalate"])
    assert await deliver(desk.tenant.id) == 1
    [request] = http_peer.received
    assert request.path == "/robot/send" and request.query["access_token"] == ["T"]
    timestamp = request.query["timestamp"][0]
    expected = base64.b64encode(hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest())
    assert request.query["sign"] == [expected.decode()]
    assert request.body == {"msgtype": "text", "text": {"content": request.body["text"]["content"]}}
    settings = (await desk.tenant.get("/api/v1/notifications/settings")).json()
    [dingtalk] = [c for c in settings["channels"] if c["name"] == "dingtalk"]
    assert "secret" not in dingtalk["config"] and dingtalk["secrets_set"] == ["secret"], "secrets are never echoed"


async def test_hostile_addresses_are_refused_at_save_naming_the_field(desk, client):
    tenant = desk.tenant
    for url, why in (("ftp://example.com/x", "http"), ("http://user:pw@example.com/", "password"),
                     ("http://127.0.0.1:9/send", "private"), ("http://10.1.2.3/send", "private"),
                     ("http://[::1]/send", "private"), ("http://169.254.169.254/latest", "private")):
        response = await tenant.put("/api/v1/notifications/settings",
                                    json={"channels": {"sms": {"url": url}}, "customer_channel": "sms"})
        assert response.status_code == 422, (url, response.text)
        [error] = response.json()["errors"]
        assert error["field"] == "channels.sms.url" and why in error["message"], (url, error)
    unconfigured = await tenant.put("/api/v1/notifications/settings", json={"staff_channels": ["wecom"]})
    assert unconfigured.status_code == 422 and unconfigured.json()["errors"][0]["field"] == "staff_channels"
    phone = await tenant.put("/api/v1/notifications/settings", json={"staff_channels": ["sms"]})
    assert phone.status_code == 422 and "phone numbers" in phone.json()["errors"][0]["message"]
    robot = await tenant.put("/api/v1/notifications/settings", json={
        "channels": {"wecom": {"url": "https://1.2.3.4/cgi-bin/webhook/send?key=x"}},
        "customer_channel": "wecom"})
    assert robot.status_code == 422 and robot.json()["errors"][0]["field"] == "customer_channel"
    unknown = await tenant.put("/api/v1/notifications/settings", json={"channels": {"fax": {}}})
    assert unknown.json()["errors"][0]["field"] == "channels.fax"


async def test_private_peers_are_refused_at_send_unless_the_operator_allows_them(
        desk, http_peer, loopback_app, deliver, make_due, operator, shouhou_plugins):
    """A gateway saved while allowed, later sent to by a worker whose operator does not allow
    private addresses: refused, not retried, nothing reaches the peer. A redirect is not followed."""
    from core.db.engine import make_engine, make_session_maker
    from tests.core.notifications.conftest import deliver_with

    settings, _maker = operator
    await configure(loopback_app, desk.tenant, channels={"sms": {"url": http_peer.url("/sms")}},
                    customer_channel="sms")
    ticket = await desk.open(contact_phone="13900139000")
    await desk.drive(ticket["id"], ["assign", "schedule"])
    await make_due(desk.tenant.id)
    strict = msgspec.structs.replace(settings, notifications_allow_private_addresses=False)
    engine = make_engine(strict.database_url)
    try:
        await deliver_with(make_session_maker(engine, strict), shouhou_plugins, desk.tenant.id)
    finally:
        await engine.dispose()
    assert http_peer.received == []
    [refused] = await ticket_notifications(desk.tenant, ticket["id"])
    assert refused["status"] == "failed" and "private" in refused["error"]

    http_peer.answer((302, {}, {"Location": "http://169.254.169.254/latest/meta-data"}))
    await desk.drive(ticket["id"], ["schedule"])
    await make_due(desk.tenant.id)
    await deliver(desk.tenant.id)
    assert len(http_peer.received) == 1, "the redirect was not followed"
    latest = (await ticket_notifications(desk.tenant, ticket["id"]))[0]
    assert latest["status"] == "failed" and "redirect" in latest["error"]
