"""Engine and session maker for SQLite (embedded) and PostgreSQL."""

from __future__ import annotations

import time
import uuid

import msgspec
from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from core.db.tenancy import TenantConnection, TenantSession, forget_begin


def make_engine(url: str, transaction_pooler: bool = False, **kwargs) -> AsyncEngine:
    """Create the async engine; on SQLite turn on foreign keys, WAL and a busy timeout for every
    connection. ``transaction_pooler``: the URL points at a pooler in transaction mode (pgbouncer),
    where consecutive transactions may reach different server connections, so asyncpg keeps no
    prepared statements across them and names each one afresh (SQLAlchemy's documented set-up
    for pgbouncer). Everything else the app keeps on a connection already ends with its
    transaction (the tenant setting is transaction-local, see :mod:`core.db.tenancy`; advisory
    locks are transaction-level). Other ``kwargs`` go to SQLAlchemy: the app's pool size comes
    from its settings (:func:`app_engine`), tools and tests take SQLAlchemy's."""
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"timeout": 30})
    else:
        # jsonb columns decoded by msgspec (several times faster than the json module; same values)
        kwargs.setdefault("json_deserializer", msgspec.json.decode)
        connect_args = {"connection_class": TenantConnection}
        if transaction_pooler:
            connect_args |= {"statement_cache_size": 0, "prepared_statement_cache_size": 0,
                             "prepared_statement_name_func": _fresh_statement_name}
        kwargs.setdefault("connect_args", connect_args)
    engine = create_async_engine(url, **kwargs)
    event.listen(engine.sync_engine, "handle_error", _connect_failure_is_disconnect)
    if engine.dialect.name == "postgresql":
        event.listen(engine.sync_engine.pool, "checkin", _note_checkin)
        event.listen(engine.sync_engine.pool, "checkin", forget_begin)
        event.listen(engine.sync_engine.pool, "checkout", _ping_after_idle)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def app_engine(settings) -> AsyncEngine:
    """The engine of the app's own connection (``database_url``), through a transaction pooler
    when the settings say so, with the settings' pool size on PostgreSQL."""
    if settings.database_url.startswith("sqlite"):
        return make_engine(settings.database_url)
    return make_engine(settings.database_url, transaction_pooler=settings.database_transaction_pooler,
                       pool_size=settings.database_pool_size, max_overflow=settings.database_max_overflow)


def _fresh_statement_name() -> str:
    return f"__asyncpg_{uuid.uuid4().hex}__"


def _connect_failure_is_disconnect(context) -> None:
    """A database that refuses a new connection (down, restarting, not accepting connections) is
    unreachable, whatever the error's class: mark it a disconnect, so that the request is answered
    503 and the pool starts afresh."""
    if context.connection is None:
        context.is_disconnect = True


#: A pooled connection idle longer than this is pinged before use (the server or a proxy may have
#: closed it); a busy pool's connections are not: a round trip saved on every request. A connection
#: that dies while in use is a disconnect: the request answers 503 and the pool starts afresh.
PING_AFTER_IDLE_SECONDS = 10.0


def _note_checkin(_dbapi_connection, record) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_after_idle(dbapi_connection, record, _proxy) -> None:
    """Pool checkout: ping a connection that sat idle; a dead one is replaced (the pool retries)."""
    idle_since = record.info.get("idle_since")
    if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
        return
    try:
        dbapi_connection.ping()
    except Exception as exc:
        raise DisconnectionError(f"pooled connection failed its ping: {exc}") from exc


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_session_maker(engine: AsyncEngine, settings=None) -> async_sessionmaker[AsyncSession]:
    """Sessions whose sync side is :class:`TenantSession` (tenant filter, stamping, RLS). The
    process's ``settings``, when given, ride along in ``session.info["settings"]`` for background
    work that needs the operator's configuration (the notification channels' mail server)."""
    info = {"settings": settings} if settings is not None else {}
    return async_sessionmaker(engine, expire_on_commit=False, sync_session_class=TenantSession, info=info)
