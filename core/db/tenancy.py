"""Automatic tenant scoping: every query filtered, every new row stamped, RLS set per transaction."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from uuid import UUID

import asyncpg
from sqlalchemy import Join, Table, bindparam, event, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from core.db.base import TenantScoped
from core.errors import TenantViolation

TENANT_KEY = "tenant_id"
#: The PostgreSQL setting row-level security reads. Only :func:`_set_rls_setting` writes it.
SETTING = "shouhou.tenant_id"


class TenantSession(Session):
    """The sync session behind every ``AsyncSession`` of the app. Its ``info["tenant_id"]`` is the
    tenant every statement runs as (``None``: tenant tables look empty)."""


def current_tenant(session: Session) -> UUID | None:
    return session.info.get(TENANT_KEY)


#: The execution option that marks a statement built once and run again and again (see
#: :func:`reused`).
REUSED = "shouhou_reused"
#: The bound parameter a :func:`reused` statement names its tenant by; the session fills it in.
TENANT_PARAM = "shouhou_tenant"


def reused(statement):
    """Scope a statement the code builds once and runs on every request (the credential lookup,
    a row by id) here, once: ``tenant_id = :shouhou_tenant`` on every tenant table it reads, the
    value filled in from the session's tenant on each run (:func:`_filter_by_tenant`). The
    statement object is then the same for every tenant and every run, so SQLAlchemy computes its
    cache key once, and it carries no annotated copies of the tenant's parameter, which the
    session's loader criteria make and SQLAlchemy matches up again on every run (together 7 % of
    a ticket read's CPU, bench/README.md). It must read tables and inner joins only: a condition on the
    optional side of an outer join would make the join inner, so one is refused."""
    tables = list(_tenant_tables(statement.get_final_froms()))
    scoped = statement.where(*(table.c.tenant_id == bindparam(TENANT_PARAM) for table in tables))
    return scoped.execution_options(**{REUSED: True})


def _tenant_tables(froms) -> Iterator[Table]:
    """The tenant tables (those carrying ``tenant_id``, except global infrastructure) in
    ``froms``: tables and inner joins of them; anything else raises ``ValueError``."""
    for from_ in froms:
        if isinstance(from_, Join):
            if from_.isouter or from_.full:
                raise ValueError("a reused statement cannot scope an outer join")
            yield from _tenant_tables((from_.left, from_.right))
        elif isinstance(from_, Table):
            if "tenant_id" in from_.c and not from_.info.get("global"):
                yield from_
        else:
            raise ValueError(f"a reused statement reads tables and inner joins only, not {from_!r}")


@event.listens_for(TenantSession, "do_orm_execute")
def _filter_by_tenant(state: ORMExecuteState) -> None:
    """Every ORM select, update and delete runs as the session's tenant: a :func:`reused`
    statement gets the tenant's id as its parameter, any other the tenant's loader criteria."""
    if state.is_column_load or state.is_relationship_load:
        return
    if not (state.is_select or state.is_update or state.is_delete):
        return
    tenant_id = current_tenant(state.session)
    if state.statement.get_execution_options().get(REUSED):
        state.parameters = {**(state.parameters or {}), TENANT_PARAM: tenant_id}
    else:
        state.statement = state.statement.options(_tenant_criteria(tenant_id))


@lru_cache(maxsize=4096)
def _tenant_criteria(tenant_id: UUID | None):
    """The loader criteria restricting every tenant-scoped entity to ``tenant_id``: built once per
    tenant and reused (the option is immutable; building it costs more than the query's compile)."""
    return with_loader_criteria(TenantScoped, lambda cls: cls.tenant_id == tenant_id, include_aliases=True)


def stamp(obj: TenantScoped, tenant_id: UUID | None) -> None:
    """Give a new row the session's tenant; refuse one of another tenant, or any with no tenant
    bound."""
    if obj.tenant_id is None:
        if tenant_id is None:
            raise TenantViolation("no tenant bound to the session")
        obj.tenant_id = tenant_id
    elif obj.tenant_id != tenant_id:
        raise TenantViolation("row belongs to another tenant")


@event.listens_for(TenantSession, "before_flush")
def _stamp_tenant(session: Session, _context, _instances) -> None:
    tenant_id = current_tenant(session)
    for obj in session.new:
        if isinstance(obj, TenantScoped):
            stamp(obj, tenant_id)
    for obj in session.dirty:
        if isinstance(obj, TenantScoped) and obj.tenant_id != tenant_id:
            raise TenantViolation("row belongs to another tenant")


@event.listens_for(TenantSession, "after_begin")
def _set_rls_tenant(session: Session, _transaction, connection) -> None:
    """On PostgreSQL, tell row-level security which tenant this transaction runs as. The setting
    is transaction-local, so a pooled connection never carries it into the next transaction."""
    _set_rls_setting(connection, current_tenant(session))


#: The statement that writes :data:`SETTING`, transaction-local: its value a bound parameter, or
#: (sent with ``BEGIN``, where no parameter can ride) a UUID's text as a literal.
_SET_SETTING = "SELECT set_config('" + SETTING + "', {value}, true)"
_SET_BOUND = text(_SET_SETTING.format(value=":t"))


def _set_rls_setting(connection, tenant_id: UUID | None) -> None:
    """The one writer of :data:`SETTING`: transaction-local, empty for no tenant (PostgreSQL
    only; a test refuses any other writer in the code). Before the transaction's ``BEGIN`` has
    gone out (the driver sends it with the first statement) the setting rides in the same round
    trip (:class:`TenantConnection`); inside a begun transaction it is a statement of its own."""
    if connection.dialect.name != "postgresql":
        return
    value = str(UUID(str(tenant_id))) if tenant_id else ""  # a UUID's text: nothing to escape
    driver = connection.connection.dbapi_connection
    if (isinstance(getattr(driver, "_connection", None), TenantConnection) and driver._transaction is None
            and driver.isolation_level != "autocommit"):
        driver._connection.with_begin = _SET_SETTING.format(value=f"'{value}'")
    else:
        connection.execute(_SET_BOUND, {"t": value})


class TenantConnection(asyncpg.Connection):
    """The app's asyncpg connection: a statement left in :attr:`with_begin` goes out with the next
    ``BEGIN`` in one round trip (the simple query protocol runs both, in order) instead of one
    round trip after it. Only :func:`_set_rls_setting` leaves one; the pool clears it when the
    connection comes back (:func:`forget_begin`), so no tenant setting outlives its checkout."""

    with_begin: str | None = None

    async def execute(self, query: str, *args, timeout: float | None = None) -> str:
        """``BEGIN`` carries :attr:`with_begin` (once); every other call is asyncpg's."""
        if self.with_begin is not None and query == "BEGIN;" and not args:
            query, self.with_begin = f"BEGIN; {self.with_begin};", None
        return await super().execute(query, *args, timeout=timeout)


def forget_begin(dbapi_connection, *_args) -> None:
    """Pool check-in: drop a statement left for a ``BEGIN`` that never went out."""
    driver = getattr(dbapi_connection, "_connection", None)
    if isinstance(driver, TenantConnection):
        driver.with_begin = None


def bind_tenant(session: Session | AsyncSession, tenant_id: UUID | None) -> None:
    """Bind a session (sync or async) to a tenant before its transaction begins."""
    getattr(session, "sync_session", session).info[TENANT_KEY] = tenant_id


async def leave_tenant(session: AsyncSession) -> None:
    """Unbind an async session from the caller's tenant before a command that picks its tenant
    from the request (signup, login). Anything read so far as the caller's tenant is dropped."""
    sync = session.sync_session
    if current_tenant(sync) is not None:
        await session.rollback()
        sync.info[TENANT_KEY] = None


async def enter_tenant(session: AsyncSession, tenant_id: UUID) -> None:
    """Switch an async session that has no tenant yet to ``tenant_id`` inside its open
    transaction. Only signup and login do this (after :func:`leave_tenant`): they learn the
    tenant from the request."""
    sync = session.sync_session
    if current_tenant(sync) not in (None, tenant_id):
        raise TenantViolation("cannot switch from one tenant to another")
    sync.info[TENANT_KEY] = tenant_id
    if sync.in_transaction():
        await session.run_sync(lambda s: _set_rls_setting(s.connection(), tenant_id))
