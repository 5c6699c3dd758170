"""Delivery by the worker: retried with back-off while the gateway fails, given up after the
last attempt with the error kept; a refusal is not retried; the worker's own round delivers;
one tenant never sees or sends another's messages."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from uuid import UUID

import msgspec
from prometheus_client import REGISTRY

from core.db.base import utcnow
from core.notifications.service import FIRST_RETRY, MAX_ATTEMPTS
from core.worker.runner import run_once
from tests.core.notifications.helpers import configure, make_lead, ticket_notifications


def failures(channel: str) -> float:
    """``shouhou_notification_failures_total{channel}`` of this process."""
    return REGISTRY.get_sample_value("shouhou_notification_failures_total", {"channel": channel}) or 0.0


async def customer_sms(desk, loopback_app, http_peer) -> dict:
    """A queued appointment reminder by SMS to the loopback gateway; the ticket."""
    await configure(loopback_app, desk.tenant, channels={"sms": {"url": http_peer.url("/sms")}}, customer_channel="sms")
    ticket = await desk.open(contact_phone="13900139000")
    await desk.drive(ticket["id"], ["assign", "schedule"])
    return ticket


async def test_a_failing_gateway_is_retried_with_back_off_then_given_up(
        desk, http_peer, loopback_app, deliver, make_due):
    http_peer.answer((503, {"error": "busy"}, {}))
    ticket = await customer_sms(desk, loopback_app, http_peer)
    given_up_before = failures("sms")
    waits = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        await make_due(desk.tenant.id)
        before = utcnow()
        assert await deliver(desk.tenant.id) == 1
        [row] = await ticket_notifications(desk.tenant, ticket["id"])
        assert row["attempts"] == attempt and "HTTP 503" in row["error"] and "busy" in row["error"]
        if attempt < MAX_ATTEMPTS:
            assert row["status"] == "queued"
            waits.append(datetime.fromisoformat(row["next_attempt_at"]) - before)
            assert await deliver(desk.tenant.id) == 0, "not tried again before its time"
    assert row["status"] == "failed" and row["next_attempt_at"] is None
    assert len(http_peer.received) == MAX_ATTEMPTS
    assert failures("sms") == given_up_before + 1, "counted once, when given up"
    for n, wait in enumerate(waits):
        # back-off doubles (a wait may be longer when it ends in quiet hours)
        assert wait >= FIRST_RETRY * 2 ** n - timedelta(seconds=5)


async def test_a_refusal_is_not_retried_and_a_recovery_is_sent(desk, http_peer, loopback_app, deliver, make_due):
    http_peer.answer((400, {"error": "bad number"}, {}))
    ticket = await customer_sms(desk, loopback_app, http_peer)
    await make_due(desk.tenant.id)
    await deliver(desk.tenant.id)
    [row] = await ticket_notifications(desk.tenant, ticket["id"])
    assert (row["status"], row["attempts"]) == ("failed", 1) and "HTTP 400" in row["error"]

    http_peer.answer((500, {}, {}), (200, {"ok": True}, {}))
    await desk.drive(ticket["id"], ["schedule"])
    for _ in range(2):
        await make_due(desk.tenant.id)
        await deliver(desk.tenant.id)
    latest = (await ticket_notifications(desk.tenant, ticket["id"]))[0]
    assert (latest["status"], latest["attempts"], latest["error"]) == ("sent", 2, None)


async def test_the_workers_round_delivers_due_messages(desk, smtp_server, operator, shouhou_plugins):
    """``shouhou worker``: the ``notifications.deliver`` sweep of each tenant runs as a leased job."""
    _port, inbox = smtp_server
    _settings, maker = operator
    lead = await make_lead(desk)
    question = await desk.open(kind="consultation", channel="phone")
    await desk.drive(question["id"], ["escalate"])
    ran = await run_once(maker, shouhou_plugins, "notify-test", 60)
    assert any(r.kind == "notifications.deliver" and r.tenant_id == desk.tenant.id and r.ok for r in ran)
    [sent] = await ticket_notifications(desk.tenant, question["id"])
    assert sent["status"] == "sent"
    # The round delivers every company's due messages (other tests' staff reminders too): this one's are the lead's.
    ours = [to for to, _raw in inbox.messages if any(a.endswith(f"@{desk.tenant.slug}.test") for a in to)]
    assert ours == [[lead.admin_email]]


async def test_tenants_never_see_or_deliver_each_others_messages(desk, client, http_peer, loopback_app, deliver,
                                                                 make_due, outbox):
    from tests.core.tickets.conftest import make_desk

    other = await make_desk(client)
    ticket = await customer_sms(desk, loopback_app, http_peer)
    assert (await other.tenant.get(f"/api/v1/tickets/{ticket['id']}/notifications")).status_code == 404
    assert await outbox(other.tenant.id) == []
    assert (await other.tenant.get("/api/v1/notifications/settings")).json()["customer_channel"] == "sms"
    assert [c["configured"] for c in (await other.tenant.get("/api/v1/notifications/settings")).json()["channels"]
            if c["name"] == "sms"] == [False], "the other tenant's gateway is not this one's"
    await make_due(desk.tenant.id)
    assert await deliver(other.tenant.id) == 0, "another tenant's sweep delivers nothing of this one"
    assert http_peer.received == []
    assert await deliver(desk.tenant.id) == 1
    [mine] = await outbox(desk.tenant.id, ticket_id=UUID(ticket["id"]))
    assert mine.status == "sent"


async def test_two_deliverers_at_once_send_each_message_once(desk, http_peer, loopback_app, deliver, make_due):
    """Two workers' sweeps of one tenant at the same moment: each message is claimed by one of
    them (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, the write lock on SQLite)."""
    await configure(loopback_app, desk.tenant, channels={"sms": {"url": http_peer.url("/sms")}}, customer_channel="sms")
    tickets = []
    for n in range(6):
        ticket = await desk.open(contact_phone=f"1390013900{n}")
        await desk.drive(ticket["id"], ["assign", "schedule"])
        tickets.append(ticket)
    await make_due(desk.tenant.id)
    counts = await asyncio.gather(deliver(desk.tenant.id), deliver(desk.tenant.id))
    assert sum(counts) == 6
    assert sorted(r.body["to"] for r in http_peer.received) == sorted(f"+861390013900{n}" for n in range(6))
    for ticket in tickets:
        [row] = await ticket_notifications(desk.tenant, ticket["id"])
        assert (row["status"], row["attempts"]) == ("sent", 1)


async def test_the_delivery_log_lists_pages_and_never_shows_a_reset_link(desk, operator, shouhou_plugins):
    from core.auth.service import ResetLink
    from core.notifications.password_reset import send_reset_link

    settings, maker = operator
    await make_lead(desk)
    for _ in range(3):
        question = await desk.open(kind="consultation", channel="phone")
        await desk.drive(question["id"], ["escalate"])
    no_mail = msgspec.structs.replace(settings, smtp_host="127.0.0.1", smtp_port=1)  # nobody listens: it waits
    link = ResetLink(token="abc.SECRET-TOKEN", email=desk.tenant.admin_email, tenant_id=UUID(desk.tenant.id))
    await send_reset_link(maker, shouhou_plugins, no_mail, link)

    first = (await desk.tenant.get("/api/v1/notifications?limit=2")).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = (await desk.tenant.get(f"/api/v1/notifications?limit=50&cursor={first['next_cursor']}")).json()
    assert len(first["items"]) + len(rest["items"]) == 4
    [reset] = (await desk.tenant.get("/api/v1/notifications?template_key=auth.password_reset")).json()["items"]
    assert "SECRET-TOKEN" not in str(reset) and reset["body"] == "[redacted after delivery]"
    assert len((await desk.tenant.get("/api/v1/notifications?status=queued")).json()["items"]) >= 3
    bad = await desk.tenant.get("/api/v1/notifications?status=lost")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "status"
    assert (await desk.tenant.get("/api/v1/notifications?template_key=nope")).status_code == 404
    assert (await desk.technician.get("/api/v1/notifications")).status_code == 403
