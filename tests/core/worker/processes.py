"""``shouhou worker`` subprocesses for tests, and a job kind that takes its time: ``test.slow``
notes when it starts and ends in a file, so a test can kill a worker mid-job and count the runs."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
KIND = "test.slow"
#: Python code running ``shouhou`` with :data:`KIND` installed.
WITH_SLOW_JOB = "from tests.core.worker.processes import main; main()"


def start_worker(settings, *args: str, entry: str = "from core.cli import main; main()",
                 output=subprocess.PIPE) -> subprocess.Popen:
    """``shouhou worker ARGS`` (default ``--once``) in a subprocess on the test database;
    ``entry`` is the Python code that runs the command, ``output`` takes its stdout and stderr
    (a file for a worker that runs until killed, so a full pipe never stalls it)."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SHOUHOU_ENV": "test",
        "SHOUHOU_DATABASE_URL": settings.database_url,
        "SHOUHOU_MIGRATION_DATABASE_URL": settings.migration_database_url,
        "SHOUHOU_SECRET_KEY": settings.secret_key,
    }
    return subprocess.Popen(
        [sys.executable, "-c", entry, "worker", *(args or ("--once",))],
        cwd=ROOT, env=env, stdout=output, stderr=output, text=True,
    )


async def slow(_session, _ctx, payload: dict) -> None:
    """Append ``start <time>``, sleep ``payload["seconds"]``, append ``end <time>``."""
    log = Path(payload["log"])
    with log.open("a") as out:
        out.write(f"start {time.time()}\n")
    await asyncio.sleep(payload["seconds"])
    with log.open("a") as out:
        out.write(f"end {time.time()}\n")


def main() -> None:
    """The ``shouhou`` command with :data:`KIND` among the worker's job kinds."""
    from core import sweeps
    from core.cli import main as shouhou
    from core.worker import schedule

    schedule.install(sweeps.PERIODIC, {**sweeps.HANDLERS, KIND: slow})
    shouhou()
