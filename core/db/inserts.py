"""Hot-path inserts without the unit of work.

A flush of one new row costs more than its ``INSERT``: the unit of work sorts the session's
changes, runs the mapper's insert machinery and copies the generated values back.
:func:`insert_new` writes a new tenant row with one Core ``INSERT`` built once per table (every
column bound, defaults filled in Python exactly as a flush would fill them) and then attaches the
object to the session as a loaded row, so later changes to it flush as ``UPDATE`` as usual.

Used where a request writes rows it does not change again in the same breath: a ticket at intake
and every history entry. :func:`insert_rows` goes one step further for rows a request writes and
never reads back (the audit log's entries, fifty for a page of top-secret customer files): one
``INSERT`` for all of them, built from plain values, no object made or kept.

The session's tenancy holds as for a flush: the row is stamped with the session's tenant, a row of
another tenant is refused (:class:`~core.errors.TenantViolation`), and on PostgreSQL row-level
security checks the ``INSERT`` itself.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from core.db.base import TenantScoped
from core.db.tenancy import current_tenant, stamp
from core.errors import TenantViolation


@cache
def _statement(table: Table):
    """The table's ``INSERT`` with every column bound (built once: its compiled form is cached by
    the statement's identity)."""
    return insert(table)


def _default(column) -> Callable[[], Any]:
    """What fills ``column`` when the object leaves it unset: its Python-side default, else NULL."""
    default = column.default
    if default is None:
        return lambda: None
    if default.is_callable:
        return lambda: default.arg(None)
    if default.is_scalar:
        return lambda: default.arg
    raise TypeError(f"{column.table.name}.{column.key}: only Python-side defaults are filled in")


@cache
def _columns(table: Table) -> tuple[tuple[str, Callable[[], Any]], ...]:
    """Each column's attribute name and what fills it when unset, worked out once per table."""
    return tuple((column.key, _default(column)) for column in table.columns)


def _row(obj: TenantScoped, tenant_id) -> dict[str, Any]:
    """Every column's value for the ``INSERT``; what the object leaves unset gets its column's
    default (set on the object too, as a flush would)."""
    stamp(obj, tenant_id)
    state = obj.__dict__
    row = {}
    for key, default in _columns(obj.__table__):
        if key in state:
            row[key] = state[key]
        else:
            row[key] = value = default()
            set_committed_value(obj, key, value)
    return row


async def insert_new(session: AsyncSession, obj: TenantScoped) -> None:
    """``INSERT`` the new (transient) ``obj`` with one statement and keep it in ``session`` as a
    persistent row (see the module's docstring)."""
    row = _row(obj, current_tenant(session.sync_session))
    # The session autoflushes before a Core statement: what it holds is written first.
    await session.execute(_statement(obj.__table__), row)
    make_transient_to_detached(obj)
    session.add(obj)


async def insert_rows(session: AsyncSession, table: Table, rows: list[dict[str, Any]]) -> None:
    """``INSERT`` new rows of the tenant table ``table`` with one statement, never loaded into the
    session: each is stamped with the session's tenant, and a column it leaves out gets its
    default as a flush would give it (see the module's docstring)."""
    if not rows:
        return
    tenant_id = current_tenant(session.sync_session)
    if tenant_id is None:
        raise TenantViolation("no tenant bound to the session")
    if any("tenant_id" in row for row in rows):
        raise TenantViolation("rows are stamped with the session's tenant, never their own")
    columns = _columns(table)
    values = [{key: row[key] if key in row else default() for key, default in columns} | {"tenant_id": tenant_id}
              for row in rows]
    await session.execute(_statement(table), values)
