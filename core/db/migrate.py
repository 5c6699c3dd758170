"""Running migrations: ``shouhou db upgrade``, ``make run`` and the test setup call :func:`upgrade`."""

from __future__ import annotations

import asyncio
import os
from importlib.metadata import entry_points
from importlib.util import find_spec
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from core.db.append_only import guarded_tables
from core.plugins import ENTRY_POINT_GROUP
from core.settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"


def plugin_migration_dirs() -> list[Path]:
    """``migrations/`` folders of installed plugins that own tables (each a branch of its own,
    ``depends_on`` the core revision it needs)."""
    dirs = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        spec = find_spec(ep.value.split(":")[0])
        if spec and spec.origin:
            folder = Path(spec.origin).parent / "migrations"
            if folder.is_dir():
                dirs.append(folder)
    return dirs


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.set_main_option("sqlalchemy.url", url)
    locations = [MIGRATIONS / "versions", *plugin_migration_dirs()]
    config.set_main_option("version_locations", os.pathsep.join(str(p) for p in locations))
    return config


def upgrade(settings: Settings, revision: str = "heads") -> None:
    """Migrate the database as its owner, then grant the app role access (PostgreSQL)."""
    command.upgrade(alembic_config(settings.owner_url), revision)
    if settings.owner_url.startswith("postgresql") and settings.app_db_role:
        asyncio.run(grant_app_role(settings.owner_url, settings.app_db_role))


async def grant_app_role(owner_url: str, role: str) -> None:
    """Let the application role read and write rows (never own tables, never bypass RLS), but
    only add rows to append-only tables (those the database guards with triggers)."""
    engine = create_async_engine(owner_url)
    async with engine.begin() as conn:
        exists = await conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
        if exists:
            await conn.execute(text(f'GRANT USAGE ON SCHEMA public TO "{role}"'))
            await conn.execute(text(f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"'))
            await conn.execute(text(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"'))
            for table in await guarded_tables(conn):
                await conn.execute(text(f'REVOKE UPDATE, DELETE, TRUNCATE ON "{table}" FROM "{role}"'))
    await engine.dispose()
