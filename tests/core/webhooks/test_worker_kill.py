"""Issue 15 item 1 "Done when": kill -9 of a ``shouhou worker`` process mid-batch loses no
webhook and duplicates nothing beyond the at-least-once contract: the one message in flight when
the worker died is sent again, with the same ``webhook-id``."""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter

from tests.core.webhooks.conftest import deliveries_of, make_endpoint, open_ticket
from tests.core.worker.processes import start_worker

EVENTS = 12
LEASE_SECONDS = 3


async def wait_for(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while not (found := check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)
    return found


async def test_a_killed_worker_loses_no_webhook_and_resends_only_the_one_in_flight(
    shouhou_settings, tenant_a, private_admin, receiver, monkeypatch, tmp_path
):
    monkeypatch.setenv("SHOUHOU_WEBHOOK_ALLOW_PRIVATE_NETWORKS", "true")
    admin = private_admin(tenant_a)
    endpoint = await make_endpoint(admin, receiver.url, ["ticket.created"])
    receiver.secret = endpoint["secret"]
    customer = await tenant_a.customer()
    for _ in range(EVENTS):
        await open_ticket(tenant_a, customer["id"])
    expected = {d["webhook_id"] for d in await deliveries_of(admin, endpoint["id"])}
    assert len(expected) == EVENTS

    receiver.delay = 0.6  # the worker waits on each answer: the kill lands while one is in flight
    args = ("--lease-seconds", str(LEASE_SECONDS), "--interval", "1")
    workers = []
    try:
        with (tmp_path / "first.out").open("w") as out:
            first = start_worker(shouhou_settings, *args, output=out)
        workers.append(first)
        await wait_for(lambda: len(receiver.received) >= 4, 120, "the worker to be mid-batch")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        in_flight = receiver.ids()[-1]
        before_kill = len(receiver.received)
        assert before_kill < EVENTS, "killed mid-batch"

        receiver.delay = 0
        with (tmp_path / "second.out").open("w") as out:
            second = start_worker(shouhou_settings, *args, output=out)
        workers.append(second)
        await wait_for(lambda: set(receiver.ids()) >= expected, 120, "every message to arrive")
        await asyncio.sleep(LEASE_SECONDS + 1)  # nothing else is sent after the rest arrived
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGKILL)
                worker.wait(timeout=10)

    counts = Counter(receiver.ids())
    assert set(counts) == expected, "nothing lost"
    duplicated = {msg_id for msg_id, n in counts.items() if n > 1}
    assert duplicated <= {in_flight}, "only the message in flight when the worker died came twice"
    assert counts[in_flight] <= 2
    assert all(r.verified for r in receiver.received)
    bodies = {}
    for got in receiver.received:
        assert bodies.setdefault(got.headers["webhook-id"], got.body) == got.body, "a resend is the same message"
    logs = await deliveries_of(admin, endpoint["id"])
    assert {d["status"] for d in logs} == {"delivered"}
    print(f"sent before the kill: {before_kill}; resent: {sorted(duplicated)}")
