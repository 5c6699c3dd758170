"""Median latency of the console's pages on the demo data (target: < 50 ms per page).

    python -m bench.pages [--rounds 50]

Builds a fresh SQLite database with the demo tenants, adds 40 tickets to the lighting demo
tenant, signs in through the login page and times each page in-process (ASGI, no network).
Not a CI test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import re
import statistics
import tempfile
import time
from pathlib import Path

TARGET_MS = 50.0
SLUG = "mingliang"


def database():
    """A fresh, migrated SQLite database (migrations run their own event loop)."""
    from core.db.migrate import upgrade
    from core.settings import Settings

    folder = Path(tempfile.mkdtemp(prefix="shouhou-bench-"))
    # the tenant's request quota (1,200 a minute by default) would answer a timing loop with 429s
    settings = Settings(env="test", database_url=f"sqlite+aiosqlite:///{folder / 'bench.db'}", secret_key="bench",
                        quota_requests_per_minute=10_000_000)
    upgrade(settings)
    return settings


async def console_login(client, slug: str, email: str, password: str) -> None:
    """Sign in through the console's login page (its CSRF token, then the form): the client
    keeps the session cookie."""
    page = await client.get("/login")
    csrf = re.search(r'name="_csrf_token" value="([^"]+)"', page.text).group(1)
    response = await client.post("/login", data={"_csrf_token": csrf, "tenant": slug, "email": email,
                                                  "password": password})
    assert response.status_code < 400, response.text


async def demo_app(settings):
    """The app on ``settings``' database with the demo tenants loaded."""
    from core.app import create_app
    from core.defaults import build_plugin_manager
    from tenants.demo import load_demo

    await load_demo(settings)
    return create_app(settings, build_plugin_manager())


async def bearer(client, slug: str, email: str) -> dict:
    """The ``Authorization`` header of a demo user's API login."""
    from tenants.demo import DEMO_PASSWORD

    token = (await client.post("/api/v1/auth/login", json={"tenant": slug, "email": email,
                                                            "password": DEMO_PASSWORD})).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


async def run(settings, rounds: int) -> int:
    from litestar.testing import AsyncTestClient

    from tenants.demo import DEMO_PASSWORD

    app = await demo_app(settings)
    email = f"admin@{SLUG}.example.com"
    async with AsyncTestClient(app=app) as client:
        headers = await bearer(client, SLUG, email)
        customers = (await client.get("/api/v1/customers", headers=headers)).json()["items"]
        ticket_id = None
        for i in range(40):
            response = await client.post("/api/v1/tickets", headers=headers, json={
                "kind": "repair", "channel": "phone", "customer_id": customers[i % len(customers)]["id"],
                "subject": f"节能灯不亮 {i}", "priority": ("urgent", "normal")[i % 2],
            })
            ticket_id = response.json()["id"]
        complaint_id = (await client.post("/api/v1/complaints", headers=headers, json={
            "type": "service", "customer_id": customers[0]["id"], "description": "上门迟到"})).json()["id"]
        await console_login(client, SLUG, email, DEMO_PASSWORD)
        pages = {
            "home": f"/t/{SLUG}/",
            "ticket queue": f"/t/{SLUG}/tickets/",
            "ticket": f"/t/{SLUG}/tickets/{ticket_id}",
            "new ticket": f"/t/{SLUG}/tickets/new",
            "customer search": f"/t/{SLUG}/tickets/customers?q=王",
            "plugins": f"/t/{SLUG}/admin/plugins",
            "users": f"/t/{SLUG}/admin/users",
            "profile": f"/t/{SLUG}/admin/profile",
            "complaints board": f"/t/{SLUG}/complaints/",
            "complaint": f"/t/{SLUG}/complaints/{complaint_id}",
            "new complaint": f"/t/{SLUG}/complaints/new",
            "reports": f"/t/{SLUG}/reports",
            "factory returns": f"/t/{SLUG}/p/lighting/returns",
            "batch quality": f"/t/{SLUG}/p/lighting/batch-quality",
            "repair points": f"/t/{SLUG}/p/lighting/repair-points",
            "revisits": f"/t/{SLUG}/revisits",
        }
        worst = 0.0
        print(f"{'page':<18}{'median ms':>10}{'p95 ms':>9}")

        async def measure(name: str, url: str) -> float:
            assert (await client.get(url)).status_code == 200, url  # warm up
            times = []
            for _ in range(rounds):
                start = time.perf_counter()
                response = await client.get(url)
                times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200
            median = statistics.median(times)
            print(f"{name:<18}{median:>10.1f}{statistics.quantiles(times, n=20)[-1]:>9.1f}")
            return median

        for name, url in pages.items():
            worst = max(worst, await measure(name, url))
        # the technician's day, signed in as the demo technician
        await console_login(client, SLUG, f"technician@{SLUG}.example.com", DEMO_PASSWORD)
        worst = max(worst, await measure("my day", f"/t/{SLUG}/my-day"))
    print(f"worst median {worst:.1f} ms (target < {TARGET_MS:.0f} ms): {'ok' if worst < TARGET_MS else 'SLOW'}")
    return 0 if worst < TARGET_MS else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    rounds = parser.parse_args().rounds
    logging.disable(logging.INFO)
    raise SystemExit(asyncio.run(run(database(), rounds)))


if __name__ == "__main__":
    main()
