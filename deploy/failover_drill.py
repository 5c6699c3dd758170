"""The failover drill, against the topology of ``deploy/up``: while a load generator creates
tickets through HAProxy, lose the primary database, then an app node, then a worker, and check
that nothing acknowledged was lost and nothing was written twice.

    deploy/drill [--clients 8] [--seconds 30] [--kill-at 10] [--only primary|app|worker]

Each client creates tickets in a loop, every one with its own ``Idempotency-Key`` and a subject
naming that key, and logs every acknowledged one (201). An answer that says "not now" (503 from
the app or HAProxy, 502/504, a connection refused or reset) is retried with the same key and body
after ``min(Retry-After, 0.5 s)`` (a real client waits the whole Retry-After; the drill retries
sooner to measure the outage to half a second). A 500 is counted and not retried.

Three phases, each ``--seconds`` long, the fault injected ``--kill-at`` seconds in:

- ``primary``: the primary PostgreSQL node is lost (its ``pg_autoctl`` and its postmaster get
  SIGKILL, as when a machine dies); pg_auto_failover promotes the synchronous standby and
  ``deploy/follow-primary`` points pgbouncer at it. After the phase the lost node is started again
  and rejoins as the standby.
- ``app``: one app node gets SIGKILL; HAProxy sends its traffic to the other. It is then
  restarted, as its supervisor would.
- ``worker``: one worker gets SIGKILL mid-run; the other keeps claiming jobs (``SKIP LOCKED``),
  a job the killed one held runs again once its lease ends.

Afterwards every acknowledged ticket is read back through the API (lost = not found), the
database is asked for subjects written more than once (duplicates), and the app's own metrics
(``/metrics``, summed over the host's processes) and HAProxy's counters say how many 500s and 503s
were served. The report is printed as a table (``--json`` for a machine-readable one).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import asyncpg
import httpx

PASSWORD = "correct-horse-battery"
RETRY_CAP_SECONDS = 0.5
NOT_NOW = {502, 503, 504}


@dataclass
class Topology:
    """Where ``deploy/up`` put things (from ``deploy/topology.env``, exported by ``deploy/drill``)."""

    folder: Path
    url: str
    stats_url: str
    owner_dsn: str
    pg_path: str

    @classmethod
    def from_environment(cls) -> Topology:
        env = os.environ
        return cls(
            folder=Path(env["DIR"]),
            url=f"http://127.0.0.1:{env['HAPROXY_PORT']}",
            stats_url=f"http://127.0.0.1:{env['HAPROXY_STATS_PORT']}/stats;csv",
            owner_dsn=f"postgresql://postgres@127.0.0.1:{env['PGBOUNCER_PORT']}/{env['DB_NAME']}_owner",
            pg_path=f"/usr/lib/postgresql/15/bin:{env['PATH']}",
        )

    def pid(self, name: str) -> int:
        return int((self.folder / "run" / f"{name}.pid").read_text())

    def start(self, name: str, command: list[str]) -> None:
        """Start a process again the way ``deploy/up`` does (own session, pid file, log)."""
        log = (self.folder / "log" / f"{name}.log").open("a")
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        (self.folder / "run" / f"{name}.pid").write_text(str(process.pid))

    def as_postgres(self, *command: str) -> list[str]:
        prefix = ["env", f"PATH={self.pg_path}", f"XDG_CONFIG_HOME={self.folder}/xdg/config",
                  f"XDG_DATA_HOME={self.folder}/xdg/data"]
        return (["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []) + prefix + list(command)


@dataclass
class Phase:
    """What one phase saw."""

    fault: str
    acknowledged: dict[str, str] = field(default_factory=dict)  # idempotency key -> ticket id
    ack_times: list[float] = field(default_factory=list)
    not_now: int = 0
    connection_errors: int = 0
    server_errors: int = 0
    other_errors: dict[int, int] = field(default_factory=dict)
    fault_at: float = 0.0
    detail: str = ""

    def longest_gap(self) -> float:
        """The longest stretch in which no client had a write acknowledged."""
        times = sorted(self.ack_times)
        return max((b - a for a, b in pairwise(times)), default=0.0)


class Drill:
    def __init__(self, topology: Topology, clients: int, seconds: float, kill_at: float) -> None:
        self.topology, self.clients, self.seconds, self.kill_at = topology, clients, seconds, kill_at
        self.http = httpx.AsyncClient(base_url=topology.url, timeout=30)
        self.slug = f"drill-{uuid.uuid4().hex[:8]}"
        self.headers: dict[str, str] = {}
        self.customer_id = ""
        self.tenant_id = ""

    async def sign_up(self) -> None:
        email = f"admin@{self.slug}.example.cn"
        answer = await self.http.post("/api/v1/signup", json={
            "company_name": "演练公司", "slug": self.slug, "admin_email": email, "admin_password": PASSWORD})
        answer.raise_for_status()
        self.tenant_id = answer.json()["tenant"]["id"]
        # The load is far above a tenant's default request quota: raise it for this tenant only.
        subprocess.run([os.environ["BIN"] + "/shouhou", "tenant", "quota", self.slug,
                        "--requests-per-minute", "1000000"], check=True, capture_output=True)
        token = await self.http.post("/api/v1/auth/login", json={
            "tenant": self.slug, "email": email, "password": PASSWORD})
        self.headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        customer = await self.http.post("/api/v1/customers", headers=self.headers,
                                        json={"name": "演练客户", "phone": "13800138000"})
        customer.raise_for_status()
        self.customer_id = customer.json()["id"]

    async def create_until_acknowledged(self, phase: Phase, stop: float) -> None:
        key = uuid.uuid4().hex
        body = {"kind": "repair", "channel": "phone", "customer_id": self.customer_id,
                "subject": f"drill {key}", "description": "failover drill"}
        while time.monotonic() < stop + 60:
            try:
                answer = await self.http.post("/api/v1/tickets", json=body,
                                              headers={**self.headers, "Idempotency-Key": key})
            except httpx.TransportError:
                phase.connection_errors += 1
                await asyncio.sleep(RETRY_CAP_SECONDS)
                continue
            if answer.status_code in (200, 201):
                phase.acknowledged[key] = answer.json()["id"]
                phase.ack_times.append(time.monotonic())
                return
            if answer.status_code in NOT_NOW:
                phase.not_now += 1
                wait = float(answer.headers.get("Retry-After") or RETRY_CAP_SECONDS)
                await asyncio.sleep(min(wait, RETRY_CAP_SECONDS))
                continue
            if answer.status_code >= 500:
                phase.server_errors += 1
            else:
                phase.other_errors[answer.status_code] = phase.other_errors.get(answer.status_code, 0) + 1
            return

    async def client(self, phase: Phase, stop: float) -> None:
        while time.monotonic() < stop:
            await self.create_until_acknowledged(phase, stop)

    async def run_phase(self, fault: str) -> Phase:
        phase = Phase(fault)
        start = time.monotonic()
        stop = start + self.seconds
        load = [asyncio.create_task(self.client(phase, stop)) for _ in range(self.clients)]
        await asyncio.sleep(self.kill_at)
        phase.fault_at = time.monotonic()
        phase.detail = await asyncio.to_thread(getattr(self, f"lose_{fault}"))
        await asyncio.gather(*load)
        await asyncio.to_thread(getattr(self, f"restore_{fault}"))
        return phase

    # -- faults -------------------------------------------------------------------------------

    def _node_of_primary(self) -> str:
        out = subprocess.run(["deploy/follow-primary", "--print"], capture_output=True, text=True, check=True)
        port = out.stdout.strip().rsplit(":", 1)[-1]
        return "node1" if port == os.environ["NODE1_PORT"] else "node2"

    def lose_primary(self) -> str:
        node = self._node_of_primary()
        self._lost_node = node
        postmaster = int((self.topology.folder / node / "postmaster.pid").read_text().split()[0])
        os.killpg(self.topology.pid(node), signal.SIGKILL)  # pg_autoctl and its services
        subprocess.run(["pkill", "-9", "-P", str(postmaster)], check=False)  # the backends
        os.kill(postmaster, signal.SIGKILL)
        return f"{node} (the primary) killed with SIGKILL"

    def restore_primary(self) -> None:
        node = self._lost_node
        self.topology.start(node, self.topology.as_postgres("pg_autoctl", "run", "--pgdata",
                                                          str(self.topology.folder / node)))

    def lose_app(self) -> str:
        os.killpg(self.topology.pid("app1"), signal.SIGKILL)
        return "app node 1 killed with SIGKILL"

    def restore_app(self) -> None:
        self.topology.start("app1", [os.environ["BIN"] + "/shouhou", "serve", "--host", "127.0.0.1",
                                     "--port", os.environ["APP1_PORT"]])

    def lose_worker(self) -> str:
        os.killpg(self.topology.pid("worker1"), signal.SIGKILL)
        return "worker 1 killed with SIGKILL"

    def restore_worker(self) -> None:
        self.topology.start("worker1", [os.environ["BIN"] + "/shouhou", "worker"])

    # -- checks -------------------------------------------------------------------------------

    async def lost(self, phase: Phase) -> list[str]:
        """Acknowledged tickets the API cannot find."""
        missing = []
        for key, ticket_id in phase.acknowledged.items():
            for _ in range(20):
                try:
                    answer = await self.http.get(f"/api/v1/tickets/{ticket_id}", headers=self.headers)
                except httpx.TransportError:
                    await asyncio.sleep(0.5)
                    continue
                if answer.status_code not in NOT_NOW:
                    break
                await asyncio.sleep(0.5)
            if answer.status_code != 200:
                missing.append(key)
        return missing

    async def duplicates(self) -> int:
        connection = await asyncpg.connect(self.topology.owner_dsn)
        try:
            return await connection.fetchval(
                "SELECT count(*) FROM (SELECT subject FROM tickets WHERE tenant_id = $1 "
                "GROUP BY subject HAVING count(*) > 1) AS twice", uuid.UUID(self.tenant_id))
        finally:
            await connection.close()

    async def job_report(self) -> dict[str, int]:
        connection = await asyncpg.connect(self.topology.owner_dsn)
        try:
            row = await connection.fetchrow(
                "SELECT count(*) FILTER (WHERE done_at IS NOT NULL) AS done,"
                " count(*) FILTER (WHERE done_at IS NOT NULL AND attempts > 1) AS run_again,"
                " count(*) FILTER (WHERE done_at IS NULL AND failed_at IS NULL AND run_at < now() - interval '1 minute')"
                " AS overdue, count(*) FILTER (WHERE failed_at IS NOT NULL) AS failed FROM jobs")
            return dict(row)
        finally:
            await connection.close()

    async def served(self) -> dict[str, int]:
        """5xx answers counted by the app nodes (their metrics) and by HAProxy (its own 503s)."""
        counts = {"app_500": 0, "app_503": 0, "haproxy_5xx": 0}
        metrics = (await self.http.get("/metrics")).text
        for line in metrics.splitlines():
            found = re.match(r'shouhou_requests_total\{.*status_code="(5\d\d)".*\} ([0-9.e+]+)', line)
            if found and found.group(1) in ("500", "503"):
                counts[f"app_{found.group(1)}"] += int(float(found.group(2)))
        async with httpx.AsyncClient() as stats:
            rows = (await stats.get(self.topology.stats_url)).text.splitlines()
        header = rows[0].lstrip("# ").split(",")
        for row in rows[1:]:
            values = dict(zip(header, row.split(","), strict=False))
            if values.get("pxname") == "shouhou" and values.get("svname") == "FRONTEND":
                counts["haproxy_5xx"] = int(values.get("hrsp_5xx") or 0)
        return counts


def table(rows: list[dict]) -> str:
    keys = list(dict.fromkeys(key for row in rows for key in row))
    lines = ["| " + " | ".join(keys) + " |", "|" + " --- |" * len(keys)]
    lines += ["| " + " | ".join(str(row.get(k, "")) for k in keys) + " |" for row in rows]
    return "\n".join(lines)


async def main(args: argparse.Namespace) -> int:
    drill = Drill(Topology.from_environment(), args.clients, args.seconds, args.kill_at)
    await drill.sign_up()
    rows, failed = [], False
    for fault in args.only or ["primary", "app", "worker"]:
        before = await drill.served()
        phase = await drill.run_phase(fault)
        await asyncio.sleep(3)
        after = await drill.served()
        lost = await drill.lost(phase)
        twice = await drill.duplicates()
        row = {
            "fault": phase.detail,
            "acknowledged": len(phase.acknowledged),
            "lost": len(lost),
            "duplicates": twice,
            "longest without an acknowledged write (s)": round(phase.longest_gap(), 2),
            "503/502/504 seen": phase.not_now,
            "connection errors": phase.connection_errors,
            "500 seen": phase.server_errors,
            "app 500 (metrics)": after["app_500"] - before["app_500"],
            "app 503 (metrics)": after["app_503"] - before["app_503"],
            "HAProxy 5xx": after["haproxy_5xx"] - before["haproxy_5xx"],
            "other": json.dumps(phase.other_errors) if phase.other_errors else "",
        }
        if fault == "worker":
            await asyncio.sleep(2)
            row["jobs"] = json.dumps(await drill.job_report())
        rows.append(row)
        failed |= bool(lost or twice or phase.server_errors or row["app 500 (metrics)"] or phase.other_errors)
        print(json.dumps(row, ensure_ascii=False) if args.json else f"{fault}: done", flush=True)
    if not args.json:
        print(table(rows))
    await drill.http.aclose()
    return 1 if failed else 0


def parse(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--kill-at", type=float, default=10.0)
    parser.add_argument("--only", action="append", choices=["primary", "app", "worker"])
    parser.add_argument("--json", action="store_true")
    return parser.parse_args(argv)


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main(parse())))
