"""The engine flat in data size and in tenant count: the same requests of one tenant with a thousand
tickets over ten tenants, then with a million tickets over a thousand tenants, on PostgreSQL.

    python -m bench.fleet_scale [--scales 10x100,1000x1000] [--connections 16] [--seconds 5] [--pg URL]

For each scale (``TENANTSxTICKETS``: tenants, tickets per tenant) makes a fresh PostgreSQL
database (migrated; the app connects as the role without BYPASSRLS, as :mod:`bench.queue_scale`
does) and bulk-loads with SQL (``INSERT … SELECT generate_series``, as the owner): the tenants,
an admin each with a bearer credential, customers (one per 50 tickets, at least 10), the tickets
(every status and priority, subjects from a list of faults), one history event per ticket and one
revisit per ten tickets due around today. Then, in-process (ASGI on one event loop, no network),
for the first tenant: ``--connections`` concurrent clients for ``--seconds`` each on a ticket by id (random), the queue's
first page, a page 90 % deep by cursor, a search by ticket number and by a fault word, the revisit
due-list, a new ticket, a warranty decision (the ecommerce plugin enabled; recorded) and the
console's queue and customer pages; prints requests a second, p50 and p99. Last,
one request as every tenant in turn and the process's resident memory before and after (the
per-node caches are bounded: memory flat in the number of tenants). Prints a Markdown table of
both scales side by side. Not a CI test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import statistics
import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.pages import console_login
from bench.queue_scale import PASSWORD, database, drop_database

#: Ids that follow the tenant ``k`` and the row ``j`` (so that rows can name each other without a lookup).
TENANT = "('00000000-0000-7000-a000-' || lpad(to_hex(k), 12, '0'))::uuid"
USER = "('00000000-0000-7000-b000-' || lpad(to_hex(k), 12, '0'))::uuid"
CUSTOMER = "(lpad(to_hex(k), 8, '0') || '-0000-7000-c000-' || lpad(to_hex({j}), 12, '0'))::uuid"
TICKET = "(lpad(to_hex(k), 8, '0') || '-0000-7000-8000-' || lpad(to_hex(j), 12, '0'))::uuid"
FAULTS = ["灯不亮", "漏水", "异响", "不制冷", "开不了机", "屏幕闪烁", "遥控失灵", "温度过高"]
BATCH_TENANTS = 100
TENANTS = "generate_series(CAST(:first AS integer), CAST(:last AS integer)) AS k"
ROWS = TENANTS + ", generate_series(1, CAST(:{count} AS integer)) AS j"
#: Each table's columns as SQL over the tenant ``k`` and the row ``j``, and what they range over
#: (the models' Python-side defaults are added by :func:`statement`).
TABLES = {
    "tenants": ({"id": TENANT, "slug": "'fleet-' || k", "name": "'压测公司' || k", "province": "'320000'"}, TENANTS),
    "users": ({"tenant_id": TENANT, "id": USER, "email": "'admin@fleet-' || k || '.test'", "name": "'管理员' || k",
               "role": "'admin'", "password_hash": ":hash"}, TENANTS),
    "api_tokens": ({"tenant_id": TENANT, "user_id": USER, "kind": "'bearer'",
                    "token_hash": "encode(sha256(convert_to('fleet-secret-' || k, 'UTF8')), 'hex')",
                    "expires_at": "now() + interval '1 day'"}, TENANTS),
    "customers": ({"tenant_id": TENANT, "id": CUSTOMER.format(j="j"), "name": "'客户' || j",
                   "phone": "'+86139' || lpad(j::text, 8, '0')", "address": "'南京市玄武区' || j || '号'",
                   "province": "'320000'", "classification": "'normal'"}, ROWS.format(count="customers")),
    "tickets": ({"tenant_id": TENANT, "id": TICKET, "number": "'F' || j", "kind": "'repair'", "channel": "'phone'",
                 "status": "(ARRAY['new', 'assigned', 'scheduled', 'on_site', 'resolved', 'closed'])[j % 6 + 1]",
                 "priority": "(ARRAY['urgent', 'high', 'normal', 'low'])[j % 4 + 1]", "priority_rank": "j % 4",
                 "subject": f"(CAST(:faults AS text[]))[j % {len(FAULTS)} + 1] || ' ' || j",
                 "customer_id": CUSTOMER.format(j="(j % :customers + 1)"), "owner_id": USER, "created_by": USER,
                 "created_at": "now() - make_interval(mins => j)"}, ROWS.format(count="tickets")),
    "ticket_events": ({"tenant_id": TENANT, "ticket_id": TICKET, "actor_id": USER, "action": "'created'",
                       "to_status": "'new'", "created_at": "now() - make_interval(mins => j)"},
                      ROWS.format(count="tickets")),
    "revisits": ({"tenant_id": TENANT, "customer_id": CUSTOMER.format(j="(j % :customers + 1)"),
                  "due_from": "current_date - (j % 20)", "due_by": "current_date - (j % 20) + 3",
                  "scheduled_at": "now() - make_interval(days => j % 20)"}, ROWS.format(count="revisits")),
}


def statement(table: str) -> str:
    """``INSERT … SELECT`` of :data:`TABLES`' columns for ``table``, its models' Python-side
    defaults filled in as SQL (an id, now, a literal, an empty JSON object)."""
    from core.db import registry
    from core.db.base import Base

    registry.load_models()
    columns, source = TABLES[table]
    columns = dict(columns)
    for column in Base.metadata.tables[table].columns:
        default = column.default
        if column.name in columns or default is None or column.server_default is not None:
            continue
        if default.is_callable:
            name = default.arg.__name__
            columns[column.name] = {"new_id": "gen_random_uuid()", "utcnow": "now()", "dict": "'{}'::jsonb"}[name]
        elif isinstance(default.arg, bool):
            columns[column.name] = "true" if default.arg else "false"
        elif isinstance(default.arg, int):
            columns[column.name] = str(default.arg)
        else:
            columns[column.name] = "'" + str(default.arg).replace("'", "''") + "'"
    return f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns.values())} FROM {source}"


#: An online shop's quality return three days after delivery (the ecommerce plugin's rules).
CLAIM = {"product": {"type": "ecommerce.item", "purchase_date": str(date.today() - timedelta(days=3))},
         "claim_date": str(date.today()), "claimant": "consumer", "facts": {"reason": "quality"}}

DEEP = """SELECT priority_rank, id FROM tickets WHERE tenant_id = CAST(:tenant AS uuid)
          ORDER BY priority_rank, id DESC OFFSET :skip LIMIT 1"""


def tenant_id(k: int) -> str:
    return f"00000000-0000-7000-a000-{k:012x}"


def token(k: int) -> str:
    return f"{uuid.UUID(tenant_id(k)).hex}.fleet-secret-{k}"


def ticket_id(k: int, j: int) -> str:
    return f"{k:08x}-0000-7000-8000-{j:012x}"


@dataclass
class Scale:
    tenants: int
    tickets: int

    @property
    def customers(self) -> int:
        return max(10, self.tickets // 50)

    @property
    def label(self) -> str:
        return f"{self.tenants * self.tickets:,} tickets, {self.tenants:,} tenants"


async def load(owner_url: str, scale: Scale) -> float:
    """Every table's rows for the scale, in batches of tenants; the seconds it took."""
    from core.auth.passwords import hash_password

    engine = create_async_engine(owner_url)
    started = time.perf_counter()
    params = {"hash": await hash_password(PASSWORD), "customers": scale.customers, "tickets": scale.tickets,
              "revisits": max(1, scale.tickets // 10), "faults": FAULTS}
    for first in range(1, scale.tenants + 1, BATCH_TENANTS):
        last = min(first + BATCH_TENANTS - 1, scale.tenants)
        async with engine.begin() as conn:
            for table in TABLES:
                await conn.execute(text(statement(table)), {**params, "first": first, "last": last})
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        for table in TABLES:
            await conn.execute(text(f"VACUUM ANALYZE {table}"))
        # the load's writes flushed now, not by a checkpoint in the middle of a measurement
        await conn.execute(text("CHECKPOINT"))
    await engine.dispose()
    return time.perf_counter() - started


async def deep_cursor(owner_url: str, skip: int) -> str:
    """The queue's cursor after the first tenant's first ``skip`` tickets."""
    from core.pagination import encode_cursor

    engine = create_async_engine(owner_url)
    async with engine.connect() as conn:
        rank, last = (await conn.execute(text(DEEP), {"tenant": tenant_id(1), "skip": skip - 1})).one()
    await engine.dispose()
    return f"{rank}.{encode_cursor(last)}"


async def pressure(client, urls, headers: dict, connections: int, seconds: float) -> tuple[float, float, float]:
    """``connections`` clients sending ``urls()`` for ``seconds``: requests a second, p50 and p99 ms.
    ``urls()`` gives a path to get, or a path and a JSON body to post."""
    samples: list[float] = []
    deadline = time.perf_counter() + seconds

    async def one() -> None:
        while time.perf_counter() < deadline:
            url = urls()
            started = time.perf_counter()
            if isinstance(url, str):
                response = await client.get(url, headers=headers)
            else:
                response = await client.post(url[0], json=url[1], headers=headers)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code in (200, 201), response.text[:300]

    await asyncio.gather(*(one() for _ in range(connections)))
    return len(samples) / seconds, statistics.median(samples), statistics.quantiles(samples, n=100)[98]


def resident_mib() -> float:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


async def measure(settings, scale: Scale, connections: int, seconds: float) -> dict[str, tuple]:
    from core.app import create_app
    from core.defaults import build_plugin_manager

    results: dict[str, tuple] = {}
    load_seconds = await load(settings.owner_url, scale)
    print(f"{scale.label}: loaded in {load_seconds:.1f} s")
    cursor = await deep_cursor(settings.owner_url, scale.tickets * 9 // 10)
    app = create_app(settings, build_plugin_manager())
    # The app on this event loop, its lifespan entered by hand: Litestar's test client would hand
    # each request to a thread of its own and wait for it, running the "connections" one at a time.
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
    async with app.lifespan(), httpx.AsyncClient(transport=transport, base_url="http://testserver.local",
                                                 timeout=60) as client:
        headers = {"Authorization": f"Bearer {token(1)}"}
        customer = f"00000001-0000-7000-c000-{1:012x}"
        cases = {
            "ticket by id": lambda: f"/api/v1/tickets/{ticket_id(1, random.randint(1, scale.tickets))}",
            "queue, first page": lambda: "/api/v1/tickets?limit=50",
            "queue, 90 % deep by cursor": lambda: f"/api/v1/tickets?limit=50&cursor={cursor}",
            "queue search, a ticket number": lambda: f"/api/v1/tickets?limit=50&q=F{random.randint(1, scale.tickets)}",
            "queue search, a fault word": lambda: f"/api/v1/tickets?limit=50&q={random.choice(FAULTS)}",
            "revisit due-list": lambda: "/api/v1/revisits?status=open&limit=50",
            # the writes last, so that every read above sees the loaded rows only
            "create a ticket": lambda: ("/api/v1/tickets", {
                "kind": "repair", "channel": "phone", "customer_id": customer,
                "subject": random.choice(FAULTS), "description": "压测登记"}),
            "warranty decision (recorded)": lambda: ("/api/v1/warranty/decisions", CLAIM),
        }
        enabled = await client.put("/api/v1/tenant/plugins/ecommerce", json={"enabled": True}, headers=headers)
        assert enabled.status_code == 200, enabled.text
        for name, urls in cases.items():
            await pressure(client, urls, headers, 2, 0.5)  # warm-up
            results[name] = await pressure(client, urls, headers, connections, seconds)
        await console_login(client, "fleet-1", "admin@fleet-1.test", PASSWORD)
        pages = {"console: queue page": lambda: "/t/fleet-1/tickets/",
                 "console: customer page": lambda: f"/t/fleet-1/customers/{customer}"}
        for name, urls in pages.items():
            await pressure(client, urls, {}, 2, 0.5)
            results[name] = await pressure(client, urls, {}, connections, seconds)
        before = resident_mib()
        for k in range(1, scale.tenants + 1):
            answer = await client.get("/api/v1/tickets?limit=1", headers={"Authorization": f"Bearer {token(k)}"})
            assert answer.status_code == 200, answer.text
        results["memory"] = (before, resident_mib())
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="10x100,1000x1000", help="TENANTSxTICKETS per tenant, comma-separated")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--pg", default="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    scales = [Scale(*map(int, part.split("x"))) for part in args.scales.split(",")]
    table: list[dict[str, tuple]] = []
    for scale in scales:
        settings, name = database(args.pg)
        try:
            table.append(asyncio.run(measure(settings, scale, args.connections, args.seconds)))
        finally:
            drop_database(args.pg, name)
    print(f"\n{args.connections} connections, {args.seconds:g} s each, in-process\n")
    print("| request | " + " | ".join(f"{s.label}: req/s, p50 / p99 ms" for s in scales) + " |")
    print("| --- |" + " ---: |" * len(scales))
    for name in [n for n in table[0] if n != "memory"]:
        cells = [f"{r[name][0]:.0f}, {r[name][1]:.1f} / {r[name][2]:.1f}" for r in table]
        print(f"| {name} | " + " | ".join(cells) + " |")
    cells = [f"{r['memory'][0]:.0f} → {r['memory'][1]:.0f} MiB" for r in table]
    print("| resident memory, before → after one request as every tenant | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
