"""The CPU a request costs with one change on and off, in one process, on PostgreSQL.

    python -m bench.cpu_ab --op create|get|list|customers [--toggle FILE] [--requests 200] [--rounds 12]
                           [--connections 16] [--pg URL]

On a machine whose cores are shared, the CPU time of a request drifts by a third between runs
of the same code, so a change worth 5–10 % never shows when the code before and the code after
run one after the other. Here both run in one process, in alternating rounds (A B, B A, A B…):
``FILE`` is a Python file defining ``toggle(on: bool)``, which switches the change on or off (for
instance by swapping a function for its previous version, kept in the file). Without ``--toggle``
both sides are the same code (the spread of the method itself).

Makes a fresh migrated database (the app's role without BYPASSRLS, as :mod:`bench.queue_scale`
does), signs a tenant up, opens 50 tickets, then in each round sends ``--requests`` requests of
``--op`` from ``--connections`` clients at once (ASGI on the app's own event loop, no network; the
access log on, written to ``/dev/null``): ``create`` opens tickets, ``get`` reads one by id,
``list`` reads the queue's first page (50), ``customers`` the customer files' first page (50 top-secret
files, each read written to the audit log). Prints each side's median CPU milliseconds per
request and the median of the per-round ratios B/A. Not a CI test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import statistics
import time

import httpx

from bench.queue_scale import database, drop_database, signup


def load_toggle(path: str | None):
    """``toggle(on)`` from ``path``, or one that changes nothing."""
    if path is None:
        return lambda _on: None
    spec = importlib.util.spec_from_file_location("cpu_ab_toggle", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.toggle


async def run(settings, op: str, toggle, requests: int, rounds: int, connections: int) -> None:
    from core.app import create_app
    from core.observability.logs import configure_logging

    app = create_app(settings)
    with open(os.devnull, "w") as log_stream:
        configure_logging(settings, log_stream)
        cpu = await measure(app, op, toggle, requests, rounds, connections)
    for on, name in ((False, "A (off)"), (True, "B (on)")):
        print(f"{name}: {statistics.median(cpu[on]):.2f} ms CPU per {op} (min {min(cpu[on]):.2f})")
    print(f"B/A: {statistics.median(b / a for a, b in zip(cpu[False], cpu[True], strict=True)):.3f}")


async def measure(app, op: str, toggle, requests: int, rounds: int, connections: int) -> dict[bool, list[float]]:
    """Each side's CPU milliseconds per request, a figure per round."""
    async with app.lifespan(), httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:
        _tenant, _slug, _admin, headers = await signup(client)
        headers |= {"Accept-Encoding": "identity"}  # as the side-by-side harness's wrk sends
        customer = (await client.post("/api/v1/customers", headers=headers,
                                      json={"name": "李女士", "phone": "13800138000", "province": "320000"})).json()
        body = {"kind": "repair", "channel": "phone", "customer_id": customer["id"], "subject": "节能灯不亮",
                "description": "客厅节能灯通电不亮。"}
        ids = [(await client.post("/api/v1/tickets", json=body, headers=headers)).json()["id"] for _ in range(50)]
        if op == "customers":
            for n in range(49):
                await client.post("/api/v1/customers", headers=headers, json={"name": f"客户{n}", "phone": "13800138000"})

        async def one(i: int) -> None:
            if op == "create":
                response = await client.post("/api/v1/tickets", json=body, headers=headers)
            elif op == "list":
                response = await client.get("/api/v1/tickets", headers=headers)
            elif op == "customers":
                response = await client.get("/api/v1/customers", headers=headers)
            else:
                response = await client.get(f"/api/v1/tickets/{ids[i % len(ids)]}", headers=headers)
            assert response.status_code < 300, response.text

        async def client_loop(k: int) -> None:
            for i in range(k, requests, connections):
                await one(i)

        cpu: dict[bool, list[float]] = {False: [], True: []}
        for round_ in range(rounds):
            for on in (False, True) if round_ % 2 == 0 else (True, False):
                toggle(on)
                started = time.process_time()
                await asyncio.gather(*(client_loop(k) for k in range(connections)))
                cpu[on].append((time.process_time() - started) / requests * 1000)
    return cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--op", choices=("create", "get", "list", "customers"), default="get")
    parser.add_argument("--toggle", help="a Python file defining toggle(on: bool)")
    parser.add_argument("--requests", type=int, default=200, help="requests per round")
    parser.add_argument("--rounds", type=int, default=12, help="rounds per side")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--pg", default="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    settings, name = database(args.pg)
    try:
        asyncio.run(run(settings, args.op, load_toggle(args.toggle), args.requests, args.rounds, args.connections))
    finally:
        drop_database(args.pg, name)


if __name__ == "__main__":
    main()
