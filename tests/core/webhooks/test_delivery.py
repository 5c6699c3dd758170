"""Issue 15 item 1: events reach subscribed endpoints through the outbox, delivered by the worker,
signed per Standard Webhooks (verified by the ``standardwebhooks`` library in a real receiver on
loopback), retried with exponential back-off and jitter, the endpoint disabled after repeated
failure with a notice, the delivery log replayable."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import select, update
from standardwebhooks import Webhook

from core.db.base import utcnow
from core.db.tenancy import bind_tenant
from core.observability.metrics import WEBHOOK_FAILURES
from core.webhooks import delivery
from core.webhooks.models import WebhookEndpoint
from core.worker.models import Job
from tests.core.webhooks.conftest import deliveries_of, make_endpoint, open_ticket

URL = "/api/v1/webhooks"


def at(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


async def test_a_ticket_event_is_delivered_signed(tenant_a, private_admin, receiver, delivery_policy, drain):
    admin = private_admin(tenant_a)
    endpoint = await make_endpoint(admin, receiver.url, ["ticket.created"])
    receiver.secret = endpoint["secret"]
    receiver.answer_body = b"x" * 5000
    ticket = await open_ticket(tenant_a)
    [queued] = await deliveries_of(admin, endpoint["id"])
    assert queued["status"] == "pending" and queued["event_type"] == "ticket.created"
    assert receiver.received == [], "nothing is sent before the worker runs"

    await drain()
    [got] = receiver.received
    assert got.verified, "the standardwebhooks library accepts the signature"
    assert got.headers["webhook-id"] == queued["webhook_id"] == f"msg_{UUID(queued['id']).hex}"
    assert got.headers["webhook-signature"].startswith("v1,")
    assert abs(int(got.headers["webhook-timestamp"]) - utcnow().timestamp()) < 60
    assert got.headers["content-type"] == "application/json"
    assert got.payload["type"] == "ticket.created"
    assert got.payload["data"]["subject_id"] == ticket["id"] and got.payload["data"]["number"] == ticket["number"]
    assert got.payload["data"]["tenant_id"] == tenant_a.id

    detail = (await admin.get(f"{URL}/deliveries/{queued['id']}")).json()
    assert detail["status"] == "delivered" and detail["attempts"] == 1 and detail["last_status_code"] == 200
    assert detail["last_duration_ms"] >= 0 and detail["delivered_at"]
    assert detail["body"].encode() == got.body, "the log keeps the exact body sent"
    assert detail["last_response"] == "x" * 1024, "only a bounded excerpt of the answer is kept"


async def test_only_subscribed_events_are_queued(tenant_a, private_admin, receiver):
    admin = private_admin(tenant_a)
    complaints = await make_endpoint(admin, receiver.url, ["complaint.*"])
    everything = await make_endpoint(admin, receiver.url, ["*"])
    stopped = await make_endpoint(admin, receiver.url, ["ticket.created"])
    await admin.patch(f"{URL}/endpoints/{stopped['id']}", json={"enabled": False})
    await open_ticket(tenant_a)
    assert await deliveries_of(admin, complaints["id"]) == []
    assert await deliveries_of(admin, stopped["id"]) == [], "a disabled endpoint hears nothing"
    assert [d["event_type"] for d in await deliveries_of(admin, everything["id"])] == ["ticket.created"]


async def test_plugin_events_reach_subject_wildcards(make_tenant, private_admin, receiver, delivery_policy, drain):
    """"Plugin events": an asset of a plugin's type publishes ``asset.created`` on the event bus."""
    tenant = await make_tenant(plugins=("gps_install",))
    admin = private_admin(tenant)
    endpoint = await make_endpoint(admin, receiver.url, ["asset.*"])
    receiver.secret = endpoint["secret"]
    customer = await tenant.customer()
    asset = await tenant.asset(customer["id"], "gps_install.terminal")
    await drain()
    [got] = [r for r in receiver.received if r.payload and r.payload["data"]["tenant_id"] == tenant.id]
    assert got.verified and got.payload["type"] == "asset.created"
    assert got.payload["data"]["subject_id"] == asset["id"]


def test_backoff_is_exponential_capped_and_jittered():
    """Retry rule: wait ``min(cap, base * 2**(n-1))`` scaled by a random factor in [0.5, 1]."""
    policy = delivery.Policy(retry_base=timedelta(seconds=60), retry_cap=timedelta(hours=1))
    rand = random.Random(7)
    for attempt, ceiling in [(1, 60), (2, 120), (3, 240), (6, 1920), (7, 3600), (30, 3600), (1000, 3600)]:
        waits = [delivery.backoff(attempt, policy, rand).total_seconds() for _ in range(50)]
        assert all(ceiling / 2 <= w <= ceiling for w in waits), (attempt, min(waits), max(waits))
        assert len(set(waits)) > 40, "jittered: retries of many deliveries do not line up"


async def test_failures_are_retried_with_backoff_then_delivered_with_the_same_id(
    tenant_a, private_admin, receiver, delivery_policy, drain, time_passes, shouhou_sessions
):
    delivery_policy(retry_base=timedelta(seconds=60))
    admin = private_admin(tenant_a)
    endpoint = await make_endpoint(admin, receiver.url)
    receiver.secret = endpoint["secret"]
    receiver.answers = [500, 503]
    failures = WEBHOOK_FAILURES.labels(event="ticket.created")
    counted = failures._value.get()
    await open_ticket(tenant_a)

    await drain()
    [log] = await deliveries_of(admin, endpoint["id"])
    assert log["status"] == "pending" and log["attempts"] == 1 and log["last_status_code"] == 500
    wait = at(log["next_attempt_at"]) - at(log["last_attempt_at"])
    assert timedelta(seconds=30) <= wait <= timedelta(seconds=60)
    await drain()
    assert len(receiver.received) == 1, "the retry waits for its back-off"
    async with shouhou_sessions() as session:
        runs = (await session.scalars(select(Job.run_at).where(
            Job.tenant_id == UUID(tenant_a.id), Job.kind == delivery.JOB_KIND, Job.done_at.is_(None)))).all()
    assert [r.replace(microsecond=0) for r in runs] == [at(log["next_attempt_at"]).replace(microsecond=0)]

    await time_passes(tenant_a)
    await drain()
    [log] = await deliveries_of(admin, endpoint["id"])
    assert log["attempts"] == 2 and log["last_status_code"] == 503
    wait = at(log["next_attempt_at"]) - at(log["last_attempt_at"])
    assert timedelta(seconds=60) <= wait <= timedelta(seconds=120), "doubled"
    endpoint_now = (await admin.get(f"{URL}/endpoints/{endpoint['id']}")).json()
    assert endpoint_now["consecutive_failures"] == 2 and endpoint_now["failing_since"]

    await time_passes(tenant_a)
    await drain()
    [log] = await deliveries_of(admin, endpoint["id"])
    assert log["status"] == "delivered" and log["attempts"] == 3
    assert len(set(receiver.ids())) == 1 and len(receiver.ids()) == 3, "every attempt has the same webhook-id"
    assert all(r.verified for r in receiver.received)
    assert failures._value.get() == counted + 2, "shouhou_webhook_failures_total counts each failed attempt"
    endpoint_now = (await admin.get(f"{URL}/endpoints/{endpoint['id']}")).json()
    assert endpoint_now["consecutive_failures"] == 0 and endpoint_now["failing_since"] is None


async def test_retries_run_out_then_replay_sends_the_same_message(
    tenant_a, private_admin, receiver, delivery_policy, drain, time_passes
):
    delivery_policy(max_attempts=2)
    admin = private_admin(tenant_a)
    endpoint = await make_endpoint(admin, receiver.url)
    receiver.secret = endpoint["secret"]
    receiver.answers = [500, 500]
    await open_ticket(tenant_a)
    await drain()
    await time_passes(tenant_a)
    await drain()
    [log] = await deliveries_of(admin, endpoint["id"])
    assert log["status"] == "failed" and log["attempts"] == 2 and log["next_attempt_at"] is None
    await time_passes(tenant_a)
    await drain()
    assert len(receiver.received) == 2, "a failed delivery is not retried by itself"

    replayed = await admin.post(f"{URL}/deliveries/{log['id']}/replay")
    assert replayed.status_code == 202, replayed.text
    assert replayed.json()["status"] == "pending"
    again = await admin.post(f"{URL}/deliveries/{log['id']}/replay")
    assert again.status_code == 409, "a pending delivery is not replayed twice"
    await drain()
    [log] = await deliveries_of(admin, endpoint["id"])
    assert log["status"] == "delivered" and log["attempts"] == 3
    assert receiver.ids() == [log["webhook_id"]] * 3
    assert receiver.received[0].body == receiver.received[2].body and receiver.received[2].verified

    replayed = await admin.post(f"{URL}/deliveries/{log['id']}/replay")
    assert replayed.status_code == 202, "a delivered message can be replayed too"
    await drain()
    assert receiver.ids() == [log["webhook_id"]] * 4


async def test_an_endpoint_failing_long_enough_is_disabled_with_a_notice(
    tenant_a, private_admin, receiver, delivery_policy, drain, time_passes, shouhou_sessions
):
    """Disable rule: ``disable_after_failures`` failed attempts in a row AND failing for at least
    ``disable_window``. Many failures within the window do not disable."""
    delivery_policy(disable_after_failures=3, disable_window=timedelta(hours=1))
    admin = private_admin(tenant_a)
    endpoint = await make_endpoint(admin, receiver.url)
    receiver.default = 500
    for _ in range(4):
        await open_ticket(tenant_a)
    await drain()
    state = (await admin.get(f"{URL}/endpoints/{endpoint['id']}")).json()
    assert state["consecutive_failures"] == 4 and state["enabled"], "four failures, but within the window"

    async with shouhou_sessions() as session, session.begin():
        bind_tenant(session, UUID(tenant_a.id))
        await session.execute(update(WebhookEndpoint).where(WebhookEndpoint.id == UUID(endpoint["id"]))
                              .values(failing_since=utcnow() - timedelta(hours=1)))
    await time_passes(tenant_a)
    await drain()
    state = (await admin.get(f"{URL}/endpoints/{endpoint['id']}")).json()
    assert state["enabled"] is False and state["disabled_at"]
    assert "failed attempts in a row" in state["disabled_reason"] and "HTTP 500" in state["disabled_reason"]
    statuses = sorted(d["status"] for d in await deliveries_of(admin, endpoint["id"]))
    assert statuses == ["cancelled"] * 4, "the one that tipped it and the queued ones are cancelled"
    sent = len(receiver.received)
    assert sent == 5
    [one, *_] = await deliveries_of(admin, endpoint["id"])
    assert (await admin.post(f"{URL}/deliveries/{one['id']}/replay")).status_code == 409

    enabled = await admin.patch(f"{URL}/endpoints/{endpoint['id']}", json={"enabled": True})
    assert enabled.json()["enabled"] and enabled.json()["disabled_reason"] is None
    assert enabled.json()["consecutive_failures"] == 0
    receiver.default = 200
    assert (await admin.post(f"{URL}/deliveries/{one['id']}/replay")).status_code == 202
    await drain()
    assert (await admin.get(f"{URL}/deliveries/{one['id']}")).json()["status"] == "delivered"


async def test_the_address_is_checked_again_at_delivery(tenant_a, private_admin, receiver, delivery_policy, drain):
    """SSRF rule at delivery time: saved while private networks were allowed, the loopback
    endpoint is refused by a worker whose operator does not allow them; nothing reaches it."""
    admin = private_admin(tenant_a)
    endpoint = await make_endpoint(admin, receiver.url)
    delivery_policy(allow_private_networks=False)
    await open_ticket(tenant_a)
    await drain()
    [log] = await deliveries_of(admin, endpoint["id"])
    assert log["status"] == "pending" and log["last_status_code"] is None
    assert log["last_error"] == "refused: resolves to 127.0.0.1, a loopback address"
    assert receiver.received == []


async def test_redirects_are_not_followed(tenant_a, private_admin, receiver, delivery_policy, drain):
    admin = private_admin(tenant_a)
    endpoint = await make_endpoint(admin, receiver.url)
    receiver.answers = [307]
    receiver.headers_out = {"location": "http://169.254.169.254/latest/meta-data"}
    await open_ticket(tenant_a)
    await drain()
    [log] = await deliveries_of(admin, endpoint["id"])
    assert log["last_status_code"] == 307 and "redirects are not followed" in log["last_error"]
    assert len(receiver.received) == 1


async def test_after_rotation_both_secrets_verify(tenant_a, private_admin, receiver, delivery_policy, drain):
    admin = private_admin(tenant_a)
    endpoint = await make_endpoint(admin, receiver.url)
    new = (await admin.post(f"{URL}/endpoints/{endpoint['id']}/rotate-secret")).json()["secret"]
    receiver.secret = new
    await open_ticket(tenant_a)
    await drain()
    [got] = receiver.received
    assert got.verified and len(got.headers["webhook-signature"].split(" ")) == 2
    Webhook(endpoint["secret"]).verify(got.body, got.headers)


async def test_the_documented_verification_snippet_accepts_a_real_message(
    tenant_a, private_admin, receiver, delivery_policy, drain
):
    """docs/integrations/webhooks.md: its Python snippet verifies what the worker sent."""
    import re
    from pathlib import Path

    import pytest
    from standardwebhooks import WebhookVerificationError

    doc = (Path(__file__).resolve().parents[3] / "docs" / "integrations" / "webhooks.md").read_text()
    [snippet] = re.findall(r"```python\n(.*?)```", doc, re.S)
    admin = private_admin(tenant_a)
    endpoint = await make_endpoint(admin, receiver.url)
    await open_ticket(tenant_a)
    await drain()
    [got] = receiver.received
    namespace: dict = {}
    exec(snippet.replace('"whsec_…"', repr(endpoint["secret"])), namespace)
    assert namespace["receive"](got.body, got.headers)["type"] == "ticket.created"
    with pytest.raises(WebhookVerificationError):
        namespace["receive"](got.body + b" ", got.headers)


async def test_a_slow_receiver_times_out(tenant_a, private_admin, receiver, delivery_policy, drain):
    """Short timeouts: an answer slower than the policy's timeout is a failed attempt."""
    delivery_policy(timeout=0.5)
    admin = private_admin(tenant_a)
    endpoint = await make_endpoint(admin, receiver.url)
    receiver.delay = 2.0
    await open_ticket(tenant_a)
    await drain()
    [log] = await deliveries_of(admin, endpoint["id"])
    assert log["status"] == "pending" and log["last_status_code"] is None
    assert "Timeout" in log["last_error"] and log["last_duration_ms"] < 1900
