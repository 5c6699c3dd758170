"""Backup, restore and restore-drill timings on the demo tenants, then on a larger generated set.

    python -m bench.backup [--tickets 100000] [--postgres postgresql+asyncpg://postgres@127.0.0.1:5432/postgres]

Builds a new database (a SQLite file in a temporary folder, or a PostgreSQL database
``shouhou_bench_<hex>`` next to the ``--postgres`` admin URL, dropped at the end), loads the demo
tenants, runs the restore drill, then adds ``--tickets`` tickets with their ``created`` history
rows to the lighting demo tenant (bulk inserts, not the API) and runs the drill again.
Not a CI test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import insert, make_url, select, text

SLUG = "mingliang"
BATCH = 5000


def database(postgres: str | None, folder: Path):
    """Settings for a new, migrated database (migrations run their own event loop)."""
    from core.db.migrate import upgrade
    from core.lifecycle.backup import create_database
    from core.settings import Settings

    if postgres:
        url = make_url(postgres).set(database=f"shouhou_bench_{uuid.uuid4().hex[:8]}")
        create_database(url)
        owner = url.render_as_string(hide_password=False)
        settings = Settings(env="test", database_url=owner, migration_database_url=owner, secret_key="bench")
    else:
        settings = Settings(env="test", database_url=f"sqlite+aiosqlite:///{folder / 'bench.db'}", secret_key="bench")
    upgrade(settings)
    return settings


async def add_tickets(url: str, count: int) -> None:
    """``count`` new tickets, each with its ``created`` history row, for the lighting demo tenant."""
    from core.auth.models import User
    from core.customers.models import Customer
    from core.db import registry
    from core.db.base import new_id, utcnow
    from core.db.engine import make_engine
    from core.tickets.models import Ticket, TicketEvent
    from tenants.models import Tenant

    registry.load_models()
    engine = make_engine(url)
    async with engine.begin() as conn:
        tenant_id = await conn.scalar(select(Tenant.id).where(Tenant.slug == SLUG))
        if conn.dialect.name == "postgresql":
            await conn.execute(text("SELECT set_config('shouhou.tenant_id', :t, true)"), {"t": str(tenant_id)})
        admin = await conn.scalar(select(User.id).where(User.tenant_id == tenant_id,
                                                        User.email == f"admin@{SLUG}.example.com"))
        customer = await conn.scalar(select(Customer.id).where(Customer.tenant_id == tenant_id).limit(1))
        for start in range(0, count, BATCH):
            tickets, events = [], []
            for n in range(start, min(start + BATCH, count)):
                ticket_id, now = new_id(), utcnow()
                tickets.append({"tenant_id": tenant_id, "id": ticket_id, "number": f"B{n:09d}", "kind": "repair",
                                "channel": "phone", "subject": f"节能灯不亮 {n}", "customer_id": customer,
                                "owner_id": admin, "created_by": admin, "created_at": now, "updated_at": now})
                events.append({"tenant_id": tenant_id, "id": new_id(), "ticket_id": ticket_id, "actor_id": admin,
                               "action": "created", "to_status": "new", "created_at": now})
            await conn.execute(insert(Ticket), tickets)
            await conn.execute(insert(TicketEvent), events)
    await engine.dispose()


async def run(settings, tickets: int, folder: Path) -> None:
    from deploy.restore_drill import drill
    from tenants.demo import load_demo

    await load_demo(settings)
    for label in ("demo tenants", f"demo tenants + {tickets} tickets"):
        if label != "demo tenants":
            await add_tickets(settings.owner_url, tickets)
        report = await drill(settings.owner_url, folder / "drill")
        print(f"-- {settings.owner_url.split(':')[0]}, {label}")
        for line in report.lines():
            print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--postgres", default=None, help="admin URL of a PostgreSQL server (superuser)")
    args = parser.parse_args()
    logging.disable(logging.INFO)
    folder = Path(tempfile.mkdtemp(prefix="shouhou-bench-backup-"))
    settings = database(args.postgres, folder)
    try:
        asyncio.run(run(settings, args.tickets, folder))
    finally:
        if args.postgres:
            from core.lifecycle.backup import drop_database

            drop_database(make_url(settings.owner_url))


if __name__ == "__main__":
    main()
