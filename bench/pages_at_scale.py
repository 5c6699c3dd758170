"""The console's busiest pages with many tickets in one tenant, on PostgreSQL (target: p50 < 50 ms).

    python -m bench.pages_at_scale [--tickets 100000] [--customers 20000] [--rounds 30] [--keep] [--pg postgresql+asyncpg://postgres@127.0.0.1:5432/postgres]

Makes a fresh PostgreSQL database the way :mod:`bench.queue_scale` does (migrated; the app
connects as the role without BYPASSRLS), signs one tenant up through the API with 19 agents
besides its admin, then bulk-loads with SQL (as the owner, the tenant set for row-level security)
``--customers`` customer files with mobile phones and ``--tickets`` tickets spread over them:
owners round the 20 staff, the newest 5,000 in every open status, the older ones mostly done
(a stale 2 % still open, past due), due times of 2 h to respond and 72 h to resolve, one in ten
older tickets marked late, and one customer holding one ticket in 50. It then signs in as the
admin through the console's login page (:func:`bench.pages.console_login`) and times each page
in-process (ASGI, no network, one warm-up request): the queue (first page, searched by a ticket
number, a customer's name, a phone, a surname and words of the subject, filtered by status, breaching and "my open tickets", a
page 90 % deep by cursor), the customer page of the customer with many tickets, the customer
list searched by phone, and home. Prints the median and the 95th percentile per page and exits
non-zero when a median misses the target. Not a CI test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import time

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.pages import TARGET_MS, console_login
from bench.queue_scale import PASSWORD, as_tenant, bulk_tickets, database, drop_database, prepare, signup, timed

STAFF = 20
#: The newest tickets, spread over every open status; the older ones are mostly done.
RECENT = 5_000

#: Customer ``k``'s id and mobile phone (E.164), so tickets can name them without a lookup.
CUSTOMER_ID = "(lpad(to_hex({k}), 8, '0') || '-0000-7000-9000-' || lpad(to_hex({k}), 12, '0'))::uuid"
PHONE = "('+86139' || lpad(({k})::text, 8, '0'))"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
         "霞", "平", "刚", "桂英", "建华", "玉兰", "志强", "海燕", "建国", "建军", "晓东", "红梅", "小红", "文华",
         "国强", "春梅", "德明", "淑珍", "永刚", "丽娟", "秀兰", "宏伟", "晓明", "雪梅", "志明", "国华", "丹",
         "鹏", "斌", "琳", "颖", "浩")


def _array(words) -> str:
    return "ARRAY[" + ", ".join(f"'{w}'" for w in words) + "]"


#: Customer ``n``'s name: one of 1,000 surname and given-name pairs.
NAME = f"({_array(SURNAMES)})[n % 20 + 1] || ({_array(GIVEN)})[n / 20 % 50 + 1]"

CUSTOMERS = f"""
INSERT INTO customers (tenant_id, id, name, phone, address, province, is_member, is_company, classification,
                       created_at)
SELECT CAST(:tenant AS uuid), {CUSTOMER_ID.format(k="n")}, {NAME}, {PHONE.format(k="n")},
       '江苏省苏州市工业园区星湖街 ' || n || ' 号', '320000', n % 5 = 0, n % 17 = 0, 'top_secret',
       now() - make_interval(secs => (CAST(:count AS integer) - n) * 60.0)
FROM generate_series(1, CAST(:count AS integer)) AS n
"""

#: The ticket's customer: customer 1 has one ticket in 50, the others share the rest.
CUSTOMER = "(CASE WHEN n % 50 = 0 THEN 1 ELSE n % CAST(:customers AS integer) + 1 END)"
CREATED = "(now() - make_interval(secs => (CAST(:tickets AS integer) - n) * 10.0))"
IS_RECENT = f"n > CAST(:tickets AS integer) - {RECENT}"
STATUS = f"""(CASE WHEN {IS_RECENT}
    THEN (ARRAY['new', 'assigned', 'scheduled', 'confirmed', 'on_site', 'escalated', 'resolved', 'closed'])[n / 20 % 8 + 1]
  WHEN n / 20 % 50 = 0 THEN (ARRAY['new', 'assigned', 'scheduled'])[n / 1000 % 3 + 1]
  ELSE (ARRAY['closed', 'closed', 'closed', 'accepted', 'cancelled'])[n / 20 % 5 + 1] END)"""
FAULTS = ("灯不亮", "漏水", "不制冷", "噪音大", "无法开机", "遥控失灵", "显示屏花屏", "异味")
#: What :func:`bench.queue_scale.bulk_statement` writes instead of its defaults.
SHAPE = {
    "status": STATUS,
    "priority": "(ARRAY['urgent', 'high', 'normal', 'low'])[n / 7 % 4 + 1]",
    "priority_rank": "n / 7 % 4",
    "subject": f"({_array(FAULTS)})[n % 8 + 1] || ' ' || n",
    "description": f"'客户来电：' || ({_array(FAULTS)})[n / 8 % 8 + 1] || '，已购买 ' || n % 36 || ' 个月，要求上门'",
    "customer_id": CUSTOMER_ID.format(k=CUSTOMER),
    "contact_phone": PHONE.format(k=CUSTOMER),
    "owner_id": f"(CAST(:staff AS uuid[]))[n % {STAFF} + 1]",
    "created_at": CREATED,
    "respond_by": f"{CREATED} + interval '2 hours'",
    "resolve_by": f"{CREATED} + interval '72 hours'",
    "responded_at": f"CASE WHEN {STATUS} <> 'new' THEN {CREATED} + interval '20 minutes' END",
    "resolve_breached_at": f"CASE WHEN n % 10 = 0 AND NOT ({IS_RECENT}) THEN {CREATED} + interval '72 hours' END",
}

DEEP = """SELECT priority_rank, id FROM tickets ORDER BY priority_rank, id DESC OFFSET :skip LIMIT 1"""


async def load(owner_url: str, tenant_id: str, admin_id: str, staff: list[str], tickets: int, customers: int) -> None:
    """The customers, then the tickets spread over them and the staff."""
    engine = create_async_engine(owner_url)
    started = time.perf_counter()
    async with as_tenant(engine, tenant_id) as conn:
        await conn.execute(text(CUSTOMERS), {"tenant": tenant_id, "count": customers})
    await engine.dispose()
    print(f"loaded {customers:,} customers in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    await bulk_tickets(owner_url, tenant_id, "", admin_id, tickets, 0, SHAPE,
                       {"staff": staff, "tickets": tickets, "customers": customers})
    print(f"loaded {tickets:,} tickets in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    await prepare(owner_url, False, ("customers", "tickets"))
    print(f"vacuumed and analyzed in {time.perf_counter() - started:.1f} s")


async def deep_cursor(owner_url: str, tenant_id: str, skip: int) -> str:
    """The queue's cursor after its first ``skip`` tickets (what paging down that far returns)."""
    from core.pagination import encode_cursor

    engine = create_async_engine(owner_url)
    async with as_tenant(engine, tenant_id) as conn:
        rank, last = (await conn.execute(text(DEEP), {"skip": skip - 1})).one()
    await engine.dispose()
    return f"{rank}.{encode_cursor(last)}"


async def run(settings, tickets: int, customers: int, rounds: int) -> int:
    from litestar.testing import AsyncTestClient

    from core.app import create_app
    from core.defaults import build_plugin_manager

    app = create_app(settings, build_plugin_manager())
    async with AsyncTestClient(app=app) as client:
        tenant_id, slug, admin_id, headers = await signup(client)
        staff = [admin_id]
        for i in range(1, STAFF):
            response = await client.post("/api/v1/users/", headers=headers, json={
                "email": f"agent{i}@{slug}.test", "name": f"坐席 {i}", "role": "agent", "password": PASSWORD})
            assert response.status_code == 201, response.text
            staff.append(response.json()["id"])
        await load(settings.owner_url, tenant_id, admin_id, staff, tickets, customers)
        named = (await client.get(f"/api/v1/customers/{customer_id(777)}", headers=headers)).json()
        heavy = customer_id(1)
        phone = f"139 {777 // 10_000:04d} {777 % 10_000:04d}"
        cursor = await deep_cursor(settings.owner_url, tenant_id, tickets * 9 // 10)
        await console_login(client, slug, f"admin@{slug}.test", PASSWORD)
        base = f"/t/{slug}"
        pages = {
            "queue, first page": f"{base}/tickets/",
            f"queue, search number B{tickets // 2 + 1}": f"{base}/tickets/?q=B{tickets // 2 + 1}",
            f"queue, search name {named['name']}": f"{base}/tickets/?q={named['name']}",
            f"queue, search phone {phone}": f"{base}/tickets/?q={phone}",
            "queue, search a surname 王 (1 character)": f"{base}/tickets/?q=王",
            "queue, search a subject word 漏水 (2 characters)": f"{base}/tickets/?q=漏水",
            "queue, search a subject word 不制冷 (3 characters)": f"{base}/tickets/?q=不制冷",
            "queue, status new": f"{base}/tickets/?status=new",
            "queue, SLA breached": f"{base}/tickets/?sla_state=breached",
            "queue, my open tickets": f"{base}/tickets/?view=mine",
            f"queue, cursor at {tickets * 9 // 10:,}": f"{base}/tickets/?cursor={cursor}",
            f"customer page (~{tickets // 50 + tickets // customers:,} tickets)": f"{base}/customers/{heavy}",
            f"customers, search phone {phone}": f"{base}/customers/?q={phone}",
            "home": f"{base}/",
        }
        print(f"\n{tickets:,} tickets, {customers:,} customers, {STAFF} staff in the tenant; {rounds} rounds\n")
        print(f"| page | p50 ms | p95 ms | p50 < {TARGET_MS:.0f} ms |\n| --- | ---: | ---: | --- |")
        missed = 0
        for name, url in pages.items():
            median, p95 = await timed(client, url, {}, rounds)
            missed += median >= TARGET_MS
            print(f"| {name} | {median:.1f} | {p95:.1f} | {'yes' if median < TARGET_MS else '**no**'} |")
        averages = " ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"\nload average {averages} (1, 5, 15 min) on {os.cpu_count()} cores")
    return 1 if missed else 0


def customer_id(k: int) -> str:
    """The id :data:`CUSTOMERS` gives customer ``k`` (the same as ``CUSTOMER_ID`` in SQL)."""
    return f"{k:08x}-0000-7000-9000-{k:012x}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--pg", default="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--keep", action="store_true", help="keep the database (its name is printed) to EXPLAIN")
    args = parser.parse_args()
    logging.disable(logging.INFO)
    settings, name = database(args.pg)
    print(f"database {name}")
    try:
        code = asyncio.run(run(settings, args.tickets, args.customers, args.rounds))
    finally:
        if not args.keep:
            drop_database(args.pg, name)
    raise SystemExit(code)


if __name__ == "__main__":
    main()
