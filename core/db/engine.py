"""Engine and session maker for SQLite (embedded) and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from core.db.tenancy import TenantSession


def make_engine(url: str, **kwargs) -> AsyncEngine:
    """Create the async engine; on SQLite turn on foreign keys, WAL and a busy timeout for every
    connection."""
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"timeout": 30})
    else:
        kwargs.setdefault("pool_size", 10)
        kwargs.setdefault("max_overflow", 20)
        kwargs.setdefault("pool_pre_ping", True)
    engine = create_async_engine(url, **kwargs)
    event.listen(engine.sync_engine, "handle_error", _connect_failure_is_disconnect)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _connect_failure_is_disconnect(context) -> None:
    """A database that refuses a new connection (down, restarting, not accepting connections) is
    unreachable, whatever the error's class: mark it a disconnect, so that the request is answered
    503 and the pool starts afresh."""
    if context.connection is None:
        context.is_disconnect = True


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
