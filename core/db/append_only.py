"""Append-only tables: audit, decision and history records that nobody rewrites.

A model marks its table with ``__table_args__ = (..., APPEND_ONLY)`` and the migration that
creates it calls :func:`make_append_only`. Then:

- the ORM refuses to flush an update or a delete of such a row (``PermissionError``);
- the database refuses ``UPDATE``, ``DELETE`` and ``TRUNCATE`` with triggers, whoever runs them
  (the table owner and a PostgreSQL superuser included), unless the maintenance switch is on;
- on PostgreSQL the application role is not even granted ``UPDATE``, ``DELETE`` or ``TRUNCATE``
  on them (:func:`core.db.migrate.grant_app_role` reads the triggers from the catalog).

The maintenance switch (see ``docs/operations.md``) is for the table owner only: on PostgreSQL
``SET LOCAL shouhou.append_only = 'lifted'`` inside the owner's transaction; on SQLite the
triggers are dropped and recreated inside one transaction (:func:`lifted` does either).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from alembic import op
from sqlalchemy import MetaData, event, text
from sqlalchemy.ext.asyncio import AsyncConnection

from core.db.base import Base

#: ``__table_args__`` entry of an append-only model.
APPEND_ONLY = {"info": {"append_only": True}}
#: The transaction-local PostgreSQL setting that lifts the triggers for the table owner.
SWITCH = "shouhou.append_only"
LIFTED = "lifted"


def append_only_tables(metadata: MetaData) -> list[str]:
    """Names of the tables whose models are marked append-only."""
    return sorted(t.name for t in metadata.tables.values() if t.info.get("append_only"))


def make_append_only(table: str) -> None:
    """Migration operation: install the triggers that refuse ``UPDATE``, ``DELETE`` and
    ``TRUNCATE`` of ``table`` (replacing earlier, weaker ones of the same name)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF current_setting('{SWITCH}', true) = '{LIFTED}' THEN
                    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                    RETURN NEW;
                END IF;
                RAISE EXCEPTION '{table} is append-only' USING ERRCODE = 'insufficient_privilege';
            END $$"""
        )
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()"
        )
        op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM PUBLIC")
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb.lower()}")
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )


def lift_append_only(table: str) -> None:
    """Migration operation (downgrades): remove what :func:`make_append_only` installed."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {table}_append_only()")
    else:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")


async def guarded_tables(connection: AsyncConnection) -> list[str]:
    """Tables the database itself keeps append-only, read from its catalog (the triggers)."""
    if connection.dialect.name == "postgresql":
        query = (
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relnamespace = 'public'::regnamespace AND t.tgname = c.relname || '_append_only'"
        )
    else:
        query = "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name = tbl_name || '_no_update'"
    return sorted(await connection.scalars(text(query)))


@asynccontextmanager
async def lifted(connection: AsyncConnection) -> AsyncIterator[None]:
    """The maintenance switch, for the table owner inside one transaction: append-only rows may
    be changed or deleted until the block ends. On SQLite the triggers are dropped and put back
    (transactional DDL), so a failure rolls both back. The application role stays refused on
    PostgreSQL: it has no ``UPDATE``/``DELETE`` grant on these tables."""
    if connection.dialect.name == "postgresql":
        await connection.execute(text("SELECT set_config('shouhou.append_only', :value, true)"), {"value": LIFTED})
        yield
        await connection.execute(text("SELECT set_config('shouhou.append_only', '', true)"))
        return
    # The SQLite driver opens its transaction only before a data change: change nothing first, so
    # that dropping and re-creating the triggers belong to the caller's transaction (a rollback
    # then puts the triggers back as they were, instead of leaving them dropped).
    await connection.execute(text("DELETE FROM alembic_version WHERE 0"))
    rows = (await connection.execute(text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
        "AND (name = tbl_name || '_no_update' OR name = tbl_name || '_no_delete')"
    ))).all()
    for name, _sql in rows:
        await connection.execute(text(f'DROP TRIGGER "{name}"'))
    yield
    for _name, sql in rows:
        await connection.execute(text(sql))


@event.listens_for(Base, "before_update", propagate=True)
@event.listens_for(Base, "before_delete", propagate=True)
def refuse_changes(_mapper, _connection, target) -> None:
    """ORM guard: a row of an append-only table is never updated or deleted by a flush."""
    if target.__table__.info.get("append_only"):
        raise PermissionError(f"{target.__table__.name} is append-only")
