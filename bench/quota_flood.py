"""One tenant floods the API; how much does another tenant's latency move?

    python -m bench.quota_flood [--seconds 10] [--connections 16] [--quota 600] [--rate N] [--rounds N] [--no-pin] [--balancer] [--wrk]

Migrates a fresh SQLite database and serves the app with uvicorn (one process, pinned to the first
core; the load runs on the others), signs up two tenants, then times the quiet tenant's
``GET /api/v1/tickets/{id}`` every 20 ms from its own interpreter, first alone and then while the
flooding tenant sends ``GET /api/v1/customers`` over ``--connections`` connections as fast as they
answer. The flooding tenant's own quota is ``--quota`` requests a minute (set with ``shouhou tenant
quota``); the quiet tenant keeps the deployment's default, raised so that the probe never meets it. Prints the quiet tenant's p50/p99 in both phases and the
flood's answers. Not a CI test: numbers depend on the machine. Target: the quiet tenant's p99
moves by at most 20 %.

With ``--balancer`` both tenants go through HAProxy configured as ``deploy/haproxy.cfg`` (its map
written by ``shouhou tenant balancer-map``), pinned with the load: the deployment's first line.
With ``--wrk`` the flood comes from ``wrk`` (C, one thread) instead of this interpreter, so that on
a two-core machine the load generator does not take the core the probe and the balancer share.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.login_storm import PASSWORD, POLLER, free_port, server_env, start_server, wait_ready


async def tenant(client: httpx.AsyncClient, slug: str) -> dict[str, str]:
    """Sign a tenant up; its admin's bearer header."""
    admin = f"admin@{slug}.test"
    signup = await client.post("/api/v1/signup", json={
        "company_name": slug, "slug": slug, "admin_email": admin, "admin_password": PASSWORD})
    signup.raise_for_status()
    login = await client.post("/api/v1/auth/login", json={"tenant": slug, "email": admin, "password": PASSWORD})
    login.raise_for_status()
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


async def probe(port: int, seconds: float, path: str, headers: dict[str, str], pin: list[str]) -> list[float]:
    token = headers["Authorization"].removeprefix("Bearer ")
    process = await asyncio.create_subprocess_exec(
        *pin, sys.executable, "-c", POLLER, str(port), str(seconds), path, token, stdout=asyncio.subprocess.PIPE)
    return json.loads((await process.communicate())[0])


async def flood(client: httpx.AsyncClient, headers: dict[str, str], connections: int, seconds: float,
                rate: float) -> dict:
    """``connections`` loops sending as fast as they are answered, or, with ``rate``, that many
    requests a second in all (a runaway integration on a schedule)."""
    deadline = time.perf_counter() + seconds
    statuses: dict[int, int] = {}
    gap = connections / rate if rate else 0.0

    async def one() -> None:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            response = await client.get("/api/v1/customers", headers=headers)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if gap:
                await asyncio.sleep(max(0.0, gap - (time.perf_counter() - started)))

    await asyncio.gather(*(one() for _ in range(connections)))
    return statuses


WRK_SCRIPT = """
local threads = {}
local gap = tonumber(os.getenv("FLOOD_GAP_MS") or "0")
function setup(thread) table.insert(threads, thread) end
function init(args) counts = {} end
function delay() return gap end
function response(status, headers, body) counts[status] = (counts[status] or 0) + 1 end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("counts")) do total[status] = (total[status] or 0) + n end
  end
  for status, n in pairs(total) do io.write(string.format("STATUS %d %d\\n", status, n)) end
end
"""


async def flood_wrk(port: int, headers: dict[str, str], connections: int, seconds: float, rate: float,
                    folder: Path, pin: list[str]) -> dict:
    """The same flood from ``wrk`` (``rate``: that many requests a second in all, by a delay
    before each request of each connection)."""
    script = folder / "flood.lua"
    script.write_text(WRK_SCRIPT)
    env = {**os.environ, "FLOOD_GAP_MS": str(int(1000 * connections / rate) if rate else 0)}
    process = await asyncio.create_subprocess_exec(
        *pin, "wrk", "-t1", f"-c{connections}", f"-d{int(seconds)}s", "-s", str(script),
        "-H", f"Authorization: {headers['Authorization']}", f"http://127.0.0.1:{port}/api/v1/customers",
        env=env, stdout=asyncio.subprocess.PIPE)
    output = (await process.communicate())[0].decode()
    return {int(code): int(n) for code, n in (line.split()[1:] for line in output.splitlines()
                                              if line.startswith("STATUS "))}


def start_balancer(source: Path, env: dict[str, str], folder: Path, app_port: int,
                   pin: list[str]) -> tuple[list[subprocess.Popen], int]:
    """HAProxy with the deployment's configuration in front of the one app node, and a worker (the
    balancer sends traffic to a node while its /health/ready sees a worker's heartbeat)."""
    port = free_port()
    values = {"@DIR@": str(folder), "@HAPROXY_PORT@": str(port), "@STATS_PORT@": str(free_port()),
              "@APP1_PORT@": str(app_port), "@APP2_PORT@": str(app_port)}
    config = (source / "deploy" / "haproxy.cfg").read_text()
    for marker, value in values.items():
        config = config.replace(marker, value)
    (folder / "haproxy.cfg").write_text(config)
    shutil.copy(source / "deploy" / "503.http", folder / "503.http")
    subprocess.run([sys.executable, "-m", "core.cli", "tenant", "balancer-map", str(folder / "tenant_rates.map")],
                   cwd=source, env=env, check=True, stdout=subprocess.DEVNULL)
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    worker = subprocess.Popen([*pin, sys.executable, "-m", "core.cli", "worker"], cwd=source, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return [worker, subprocess.Popen([*pin, haproxy, "-db", "-f", str(folder / "haproxy.cfg")])], port


async def wait_routed(client: httpx.AsyncClient, headers: dict[str, str], path: str) -> None:
    """Until the balancer routes a request to the node (its health check has passed)."""
    for _ in range(300):
        try:
            if (await client.get(path, headers=headers)).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError("the balancer did not route to the node")


def summary(latencies: list[float]) -> tuple[float, float]:
    return statistics.median(latencies), statistics.quantiles(latencies, n=100)[98]


async def run(args) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="shouhou-flood-"))
    env = {**server_env(folder), "SHOUHOU_QUOTA_REQUESTS_PER_MINUTE": "100000"}
    port = free_port()
    cores = sorted(os.sched_getaffinity(0))
    server_pin, load_pin = [], []
    if args.pin and len(cores) > 1:
        server_pin = ["taskset", "-c", str(cores[0])]
        load_pin = ["taskset", "-c", ",".join(map(str, cores[1:]))]
        os.sched_setaffinity(0, cores[1:])
    source = Path(__file__).resolve().parent.parent
    server = start_server(source, env, port, folder / "server.log", server_pin)
    helpers: list[subprocess.Popen] = []
    try:
        limits = httpx.Limits(max_connections=args.connections + 4, max_keepalive_connections=args.connections + 4)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60, limits=limits) as client:
            await wait_ready(client)
            quiet = await tenant(client, f"quiet-{os.getpid()}")
            noisy = await tenant(client, f"noisy-{os.getpid()}")
            subprocess.run([sys.executable, "-m", "core.cli", "tenant", "quota", f"noisy-{os.getpid()}",
                            "--requests-per-minute", str(args.quota)], cwd=source, env=env, check=True,
                           stdout=subprocess.DEVNULL)
            customer = (await client.post("/api/v1/customers", headers=quiet, json={
                "name": "张三", "phone": "13800000000"})).json()
            ticket = (await client.post("/api/v1/tickets", headers=quiet, json={
                "customer_id": customer["id"], "kind": "repair", "channel": "phone",
                "subject": "不亮了", "description": "灯不亮"})).json()
            path = f"/api/v1/tickets/{ticket['id']}"
            target = port
            if args.balancer:
                helpers, target = start_balancer(source, env, folder, port, load_pin)
                client.base_url = f"http://127.0.0.1:{target}"
                await wait_routed(client, quiet, path)
            rounds, statuses = [], {}
            for _ in range(args.rounds):  # interleaved: alone, then during the flood, round after round
                alone = await probe(target, args.seconds, path, quiet, load_pin)
                flooding = (flood_wrk(target, noisy, args.connections, args.seconds, args.rate, folder, load_pin)
                            if args.wrk else flood(client, noisy, args.connections, args.seconds, args.rate))
                during, answered = await asyncio.gather(probe(target, args.seconds, path, quiet, load_pin), flooding)
                rounds.append((summary(alone), summary(during)))
                for status, count in answered.items():
                    statuses[status] = statuses.get(status, 0) + count
    finally:
        for helper in helpers:
            helper.terminate()
            helper.wait(timeout=30)
        server.terminate()
        server.wait(timeout=30)
    return {"rounds": rounds, "flood": statuses,
            "errors": (folder / "server.log").read_text().count("Traceback")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each phase")
    parser.add_argument("--connections", type=int, default=16, help="the flooding tenant's connections")
    parser.add_argument("--quota", type=int, default=600, help="requests a minute per tenant")
    parser.add_argument("--rate", type=float, default=0.0,
                        help="the flood's requests a second in all (default: as fast as answered)")
    parser.add_argument("--balancer", action="store_true", help="both tenants through HAProxy (deploy/haproxy.cfg)")
    parser.add_argument("--rounds", type=int, default=1, help="interleaved alone/flood rounds (the median is judged)")
    parser.add_argument("--wrk", action="store_true", help="flood with wrk instead of this interpreter")
    parser.add_argument("--no-pin", dest="pin", action="store_false", help="do not pin server and load to cores")
    args = parser.parse_args()
    result = asyncio.run(run(args))
    moves = []
    for number, ((a50, a99), (d50, d99)) in enumerate(result["rounds"], 1):
        moves.append(d99 / a99 - 1)
        print(f"round {number}: quiet alone p50 {a50:.1f} / p99 {a99:.1f} ms, during the flood p50 {d50:.1f} / "
              f"p99 {d99:.1f} ms (p99 {100 * moves[-1]:+.0f} %)")
    moved = statistics.median(moves)
    print(f"median p99 moved {100 * moved:+.0f} % over {len(moves)} round(s)")
    print(f"flood answers {dict(sorted(result['flood'].items()))}; server tracebacks {result['errors']}")
    sys.exit(0 if moved <= 0.2 else 1)


if __name__ == "__main__":
    main()
