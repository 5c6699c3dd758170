"""The restore drill: back the database up, restore the backup into a new database, and compare
every table's per-tenant row counts and checksums with the live database.

    shouhou backup drill [--url URL] [--workdir DIR] [--keep]
    python -m deploy.restore_drill [same options]

Exits non-zero when anything differs. The live database is read right after the backup, so run
it while the app is quiet (or on a staging copy): rows written in between show as differences.
The scratch copy (a file in the work folder, or a PostgreSQL database ``<name>_drill_<hex>``) is
removed at the end unless ``--keep``.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import make_url

from core.lifecycle.backup import backup, drop_database, restore, sqlite_path
from core.lifecycle.fingerprint import GLOBAL, differences, fingerprint, rows_in


@dataclass
class DrillReport:
    """What the drill did and found."""

    backup_seconds: float
    backup_bytes: int
    restore_seconds: float
    compare_seconds: float
    tenants: int
    tables: int
    rows: int
    restored_to: str
    differences: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as printed by the CLI."""
        return [
            f"backup   {self.backup_seconds:8.2f} s  {self.backup_bytes / 1e6:.1f} MB",
            f"restore  {self.restore_seconds:8.2f} s  into {self.restored_to}",
            f"compare  {self.compare_seconds:8.2f} s  {self.rows} rows, {self.tables} tables, {self.tenants} tenants",
            *(f"DIFFERS  {line}" for line in self.differences),
            "drill passed" if not self.differences else f"drill FAILED: {len(self.differences)} differences",
        ]


def scratch_url(url: str, workdir: Path) -> str:
    """Where the drill restores to: a new file in ``workdir``, or a new database beside ``url``'s."""
    tag = uuid.uuid4().hex[:8]
    if sqlite_path(url) is not None:
        return make_url(url).set(database=str(workdir / f"restored-{tag}.db")).render_as_string(hide_password=False)
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_drill_{tag}").render_as_string(hide_password=False)


async def drill(url: str, workdir: Path, keep: bool = False) -> DrillReport:
    """Back up ``url`` into ``workdir``, restore it into a scratch database, compare."""
    workdir.mkdir(parents=True, exist_ok=True)
    file = workdir / f"backup-{uuid.uuid4().hex[:8]}.{'db' if sqlite_path(url) else 'dump'}"
    made = await asyncio.to_thread(backup, url, file)
    target = scratch_url(url, workdir)
    try:
        restored = await asyncio.to_thread(restore, file, target)
        start = time.perf_counter()
        live, copy = await fingerprint(url), await fingerprint(target)
        compared = time.perf_counter() - start
    finally:
        if not keep:
            await asyncio.to_thread(_discard, target, file)
    return DrillReport(
        backup_seconds=made.seconds, backup_bytes=made.size_bytes, restore_seconds=restored.seconds,
        compare_seconds=compared, tenants=live[GLOBAL]["tenants"].rows if "tenants" in live[GLOBAL] else 0, tables=len(live[GLOBAL]),
        rows=rows_in(live), restored_to=target if keep else f"{target} (removed)",
        differences=differences(live, copy),
    )


def _discard(target: str, file: Path) -> None:
    path = sqlite_path(target)
    if path is not None:
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
    else:
        drop_database(make_url(target))
    file.unlink(missing_ok=True)


if __name__ == "__main__":
    import sys

    from core.cli import main

    main(["backup", "drill", *sys.argv[1:]])
