"""The revisit worklist with a call script on every card: latency and statements per page.

    python -m bench.revisit_worklist [--calls 30] [--rounds 20]

Builds a fresh SQLite database with the demo tenants, closes ``--calls`` lighting repairs of as
many customers in the demo tenant ``mingliang`` (each books the next-day satisfaction call with
its script), signs in through the login page and times the worklist of tomorrow in-process (ASGI,
no network), counting the SQL statements one page runs. Not a CI test: numbers depend on the
machine (``bench/README.md`` has them).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import event

from bench.pages import SLUG, bearer, console_login, database, demo_app


async def closed_repair(client, headers: dict, customer_id: str, technician_id: str, day: date) -> None:
    """A repair driven to ``closed`` through the API: the lighting plugin books the next-day call."""
    ticket = (await client.post("/api/v1/tickets", headers=headers, json={
        "kind": "repair", "channel": "phone", "customer_id": customer_id, "subject": "节能灯不亮"})).json()
    for body in ({"action": "assign", "technician_id": technician_id},
                 {"action": "schedule", "start": f"{day}T09:00:00", "end": f"{day}T11:00:00"},
                 {"action": "confirm"}, {"action": "arrive"}, {"action": "resolve", "resolution": "更换节能灯"},
                 {"action": "close"}):
        response = await client.post(f"/api/v1/tickets/{ticket['id']}/transitions", headers=headers, json=body)
        assert response.status_code == 200, response.text


async def run(settings, calls: int, rounds: int) -> None:
    from litestar.testing import AsyncTestClient

    from tenants.demo import DEMO_PASSWORD

    app = await demo_app(settings)
    email = f"admin@{SLUG}.example.com"
    async with AsyncTestClient(app=app) as client:
        headers = await bearer(client, SLUG, email)
        users = (await client.get("/api/v1/users", headers=headers)).json()["items"]
        technician = next(u for u in users if u["role"] == "technician")["id"]
        today = datetime.now(ZoneInfo("Asia/Shanghai")).date()  # the demo tenant's day
        for n in range(calls):
            customer = (await client.post("/api/v1/customers", headers=headers, json={
                "name": f"回访客户{n}", "phone": f"1390013{n:04d}"})).json()
            await closed_repair(client, headers, customer["id"], technician, today)
        await console_login(client, SLUG, email, DEMO_PASSWORD)
        url = f"/t/{SLUG}/revisits/?day={today + timedelta(days=1)}"
        page = await client.get(url)
        assert page.status_code == 200 and page.text.count('id="call-') >= calls, "the calls are not on the page"
        sent: list[str] = []
        engine = app.state.engine.sync_engine
        event.listen(engine, "before_cursor_execute", lambda *args: sent.append(args[2]))
        await client.get(url)
        statements = len(sent)
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            assert (await client.get(url)).status_code == 200
            times.append((time.perf_counter() - start) * 1000)
    print(f"{calls} calls with scripts: median {statistics.median(times):.1f} ms, "
          f"min {min(times):.1f} ms, {statements} statements a page")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=20)
    arguments = parser.parse_args()
    logging.disable(logging.INFO)
    asyncio.run(run(database(), arguments.calls, arguments.rounds))


if __name__ == "__main__":
    main()
