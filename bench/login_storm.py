"""A login storm against a real server: logins/s and the /health latency meanwhile.

    python -m bench.login_storm [--users 60] [--seconds 20] [--source PATH]

Migrates a fresh SQLite database, serves the app with uvicorn on a free loopback port (one
process), signs up a tenant with ``--users`` users, then lets each user log in over and over
(all at once) for ``--seconds`` while /health is polled every 20 ms by a separate process (its
own interpreter: the load generator's busy event loop would otherwise add its own delay to every
/health it times). With ``--pin`` the server runs on core 0 and the load on the other cores, as
``../shared/bench/`` does. Prints logins/s and the /health p50/p99. ``--source`` serves another checkout's code (e.g. a worktree of an older
commit) with this interpreter, for before/after numbers. Not a CI test: numbers depend on the
machine. Target: /health p99 < 50 ms during the storm.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

#: A poller run in its own interpreter: ``GET path`` (with a bearer token, if given) on one
#: keep-alive ``http.client`` connection every 20 ms until the deadline, then the latencies (ms) of
#: the 200 answers as one line of JSON. Arguments: port, seconds, path, token.
POLLER = """
import http.client, json, sys, time
port, seconds, path, token = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4]
headers = {"Authorization": "Bearer " + token} if token else {}
conn, out, deadline = http.client.HTTPConnection("127.0.0.1", port, timeout=120), [], time.monotonic() + seconds
while time.monotonic() < deadline:
    started = time.perf_counter()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    if response.status == 200:
        out.append((time.perf_counter() - started) * 1000)
    time.sleep(0.02)
print(json.dumps(out))
"""

PASSWORD = "correct-horse-battery"
TARGET_P99_MS = 50.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "SHOUHOU_ENV": "test",
        "SHOUHOU_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'storm.db'}",
        "SHOUHOU_SECRET_KEY": "bench",
        "SHOUHOU_SIGNUP_LIMIT_PER_SOURCE": "1000",
    }


def start_server(source: Path, env: dict[str, str], port: int, log: Path, pin: list[str]) -> subprocess.Popen:
    """Migrate, then serve ``source``'s app with uvicorn on 127.0.0.1:``port`` (its output goes to
    ``log``)."""
    subprocess.run(
        [sys.executable, "-c", "from core.settings import load_settings; from core.db.migrate import upgrade;"
         " upgrade(load_settings())"],
        cwd=source, env=env, check=True,
    )
    return subprocess.Popen(
        [*pin, sys.executable, "-m", "uvicorn", "core.app:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-access-log"],
        cwd=source, env={**env, "PYTHONPATH": str(source)}, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )


async def wait_ready(client: httpx.AsyncClient) -> None:
    for _ in range(200):
        try:
            if (await client.get("/health")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError("server did not start")


async def prepare(client: httpx.AsyncClient, users: int) -> tuple[str, list[str]]:
    """A tenant with ``users`` users; returns its slug and their e-mails."""
    slug = f"storm-{os.getpid()}"
    signup = await client.post("/api/v1/signup", json={
        "company_name": "压测公司", "slug": slug, "admin_email": f"admin@{slug}.test", "admin_password": PASSWORD})
    signup.raise_for_status()
    login = await client.post("/api/v1/auth/login", json={"tenant": slug, "email": f"admin@{slug}.test",
                                                          "password": PASSWORD})
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    emails = []
    for i in range(users):
        email = f"agent{i}@{slug}.test"
        created = await client.post("/api/v1/users", headers=headers, json={
            "email": email, "name": f"agent {i}", "role": "agent", "password": PASSWORD})
        created.raise_for_status()
        emails.append(email)
    return slug, emails


async def storm(client: httpx.AsyncClient, port: int, slug: str, emails: list[str], seconds: float,
                pin: list[str]) -> dict:
    """Every user logs in repeatedly until the time is up; /health is polled meanwhile from
    another process (after half a second, until the deadline)."""
    deadline = time.perf_counter() + seconds
    statuses: dict[int, int] = {}

    async def login_loop(email: str) -> None:
        while time.perf_counter() < deadline:
            response = await client.post("/api/v1/auth/login",
                                         json={"tenant": slug, "email": email, "password": PASSWORD})
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    started = time.perf_counter()
    poller = await asyncio.create_subprocess_exec(
        *pin, sys.executable, "-c", POLLER, str(port), str(seconds - 0.5), "/health", "", stdout=asyncio.subprocess.PIPE)
    await asyncio.sleep(0.5)
    await asyncio.gather(*(login_loop(e) for e in emails))
    elapsed = time.perf_counter() - started
    health_ms = json.loads((await poller.communicate())[0])
    quantiles = statistics.quantiles(health_ms, n=100) if len(health_ms) > 1 else [max(health_ms, default=0.0)] * 99
    return {
        "logins_per_s": statuses.get(200, 0) / elapsed,
        "statuses": statuses,
        "health_samples": len(health_ms),
        "health_p50_ms": statistics.median(health_ms) if health_ms else float("nan"),
        "health_p99_ms": quantiles[98],
    }


async def run(source: Path, users: int, seconds: float, pin: bool) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="shouhou-storm-"))
    env = server_env(folder)
    port = free_port()
    cores = sorted(os.sched_getaffinity(0))
    server_pin, load_pin = [], []
    if pin and len(cores) > 1:
        server_pin = ["taskset", "-c", str(cores[0])]
        load_pin = ["taskset", "-c", ",".join(map(str, cores[1:]))]
        os.sched_setaffinity(0, cores[1:])
    server = start_server(source, env, port, folder / "server.log", server_pin)
    try:
        limits = httpx.Limits(max_connections=users + 10, max_keepalive_connections=users + 10)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=120, limits=limits) as client:
            await wait_ready(client)
            slug, emails = await prepare(client, users)
            result = await storm(client, port, slug, emails, seconds, load_pin)
    finally:
        server.terminate()
        server.wait(timeout=30)
    result["server_errors"] = (folder / "server.log").read_text().count("Traceback")
    result["log"] = folder / "server.log"
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=60, help="concurrent logins (one user each)")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long the storm lasts")
    parser.add_argument("--source", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="the checkout whose app is served")
    parser.add_argument("--pin", action="store_true",
                        help="server on the first core, load generator and poller on the others")
    args = parser.parse_args()
    result = asyncio.run(run(args.source.resolve(), args.users, args.seconds, args.pin))
    print(f"source {args.source}: {args.users} concurrent logins for {args.seconds:.0f} s")
    print(f"logins/s {result['logins_per_s']:.1f}  statuses {result['statuses']}")
    print(f"/health p50 {result['health_p50_ms']:.1f} ms  p99 {result['health_p99_ms']:.1f} ms "
          f"({result['health_samples']} samples; target p99 < {TARGET_P99_MS:.0f} ms)")
    print(f"server tracebacks {result['server_errors']} (log: {result['log']})")
    sys.exit(0 if result["health_p99_ms"] < TARGET_P99_MS else 1)


if __name__ == "__main__":
    main()
