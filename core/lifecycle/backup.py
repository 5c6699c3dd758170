"""Backups of the whole database and restores into a new one (``shouhou backup create``,
``shouhou restore``).

SQLite: the online backup API (``sqlite3.Connection.backup``) copies one consistent snapshot
while the app keeps writing (in WAL mode readers never block writers). PostgreSQL: ``pg_dump
--format=custom`` (one repeatable-read snapshot), restored by ``pg_restore`` into a database this
module creates. A restore never writes into an existing database or file.

On PostgreSQL the URL's role must read every tenant's rows: a superuser or a role with
``BYPASSRLS`` (tenant tables have ``FORCE ROW LEVEL SECURITY``; ``pg_dump`` refuses otherwise).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import URL, make_url


@dataclass(frozen=True)
class Timed:
    """A backup or restore that happened: where, how big, how long."""

    path: Path
    size_bytes: int
    seconds: float


def sqlite_path(url: str | URL) -> Path | None:
    """The file of a SQLite URL, ``None`` for another database."""
    parsed = make_url(url)
    return Path(parsed.database) if parsed.get_backend_name() == "sqlite" else None


def backup(url: str, target: Path) -> Timed:
    """Write a backup of the database at ``url`` to ``target`` (a new file). Blocking: call it
    from a thread in async code."""
    if target.exists():
        raise FileExistsError(f"{target} exists; a backup never overwrites a file")
    start = time.perf_counter()
    source = sqlite_path(url)
    if source is not None:
        _sqlite_copy(source, target)
    else:
        parsed = make_url(url)
        _run(["pg_dump", "--format=custom", "--no-password", "--file", str(target), "--dbname", _libpq(parsed)],
             parsed)
    return Timed(target, target.stat().st_size, time.perf_counter() - start)


def restore(source: Path, url: str) -> Timed:
    """Restore the backup ``source`` into a NEW database at ``url`` (a file that does not exist,
    or a PostgreSQL database that is created here; an existing one is refused). Blocking."""
    if not source.is_file():
        raise FileNotFoundError(f"no backup at {source}")
    start = time.perf_counter()
    target = sqlite_path(url)
    if target is not None:
        if target.exists():
            raise FileExistsError(f"{target} exists; restore into a new file")
        _sqlite_copy(source, target)
        with sqlite3.connect(target) as conn:
            verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            raise RuntimeError(f"restored file fails its integrity check: {verdict}")
    else:
        parsed = make_url(url)
        create_database(parsed)
        _run(["pg_restore", "--exit-on-error", "--single-transaction", "--no-password", "--dbname", _libpq(parsed),
              str(source)], parsed)
    return Timed(target or source, source.stat().st_size, time.perf_counter() - start)


def create_database(url: URL) -> None:
    """Create the PostgreSQL database ``url`` names (``createdb``, connected to ``postgres`` with
    the same credentials); it fails if the database exists."""
    try:
        _run(["createdb", "--no-password", "--maintenance-db", _libpq(url.set(database="postgres")),
              str(url.database)], url)
    except RuntimeError as exc:
        if "already exists" in str(exc):
            raise FileExistsError(f"database {url.database} exists; restore into a new database") from exc
        raise


def drop_database(url: URL) -> None:
    """Drop the PostgreSQL database ``url`` names (a drill's scratch copy)."""
    _run(["dropdb", "--no-password", "--force", "--maintenance-db", _libpq(url.set(database="postgres")),
          str(url.database)], url)


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy a SQLite database page by page through the online backup API, in one step (one
    read snapshot, so writers committing meanwhile are not in the copy)."""
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _libpq(url: URL) -> str:
    """The URL as libpq reads it (no driver name, no password: that goes in ``PGPASSWORD``)."""
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def _run(command: list[str], url: URL) -> None:
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {done.stderr.strip()}")
