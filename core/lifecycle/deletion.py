"""Tenant deletion: asked for by an admin, suspended for a grace period, then purged for good.

1. An admin asks (typing the company's slug to confirm): the tenant is *suspended* at once and
   its purge is due ``tenant_deletion_grace_days`` later (30 by default). While suspended, only
   the operations marked ``while_suspended`` answer (the profile, the export, the deletion's
   status and its cancellation, logging out); every other request of its users is a 403 saying
   why. The admin can cancel until the purge: the tenant is restored as it was.
2. Once due, :func:`purge_due` (the worker each round, or ``shouhou tenant purge``) deletes every
   row of the tenant from every table that has a ``tenant_id`` column, read from the database's
   catalog so that tables added later (plugins' included) are covered, children before parents,
   then the tenant itself, and writes a :class:`DeletionCertificate` with the rows deleted per
   table. It runs as the table owner: audit and decision records are append-only for everyone
   else (:mod:`core.db.append_only`), and a tenant's purge is the maintenance they allow.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import inspect, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from core.attachments.storage import Storage
from core.db.append_only import lifted
from core.db.tenancy import enter_tenant
from core.errors import Conflict, Invalid
from core.i18n.translate import N_
from core.lifecycle.models import DeletionCertificate
from tenants.models import Tenant

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class DeletionStatus:
    """Where a tenant's deletion stands."""

    scheduled: bool
    requested_at: datetime | None
    requested_by: str | None
    due_at: datetime | None


def status_of(tenant: Tenant) -> DeletionStatus:
    """The deletion status of ``tenant``."""
    return DeletionStatus(scheduled=tenant.suspended_at is not None, requested_at=tenant.suspended_at,
                          requested_by=tenant.deletion_requested_by, due_at=tenant.deletion_due_at)


async def schedule(session: AsyncSession, tenant: Tenant, confirm: str, requested_by: str,
                   now: datetime, grace: timedelta) -> DeletionStatus:
    """Suspend ``tenant`` and schedule its purge ``grace`` from ``now``. ``confirm`` must be the
    tenant's slug (422 otherwise); asking twice is a 409."""
    if confirm != tenant.slug:
        raise Invalid("confirm", N_("type the company's sign-in name exactly to confirm"))
    if tenant.suspended_at is not None:
        raise Conflict(N_("this company's deletion is already scheduled"), [("confirm", "already scheduled")])
    tenant.suspended_at = now
    tenant.deletion_due_at = now + grace
    tenant.deletion_requested_by = requested_by
    await session.flush()
    log.warning("tenant %s scheduled for deletion on %s by %s", tenant.slug, tenant.deletion_due_at, requested_by)
    return status_of(tenant)


async def cancel(session: AsyncSession, tenant: Tenant) -> DeletionStatus:
    """Restore a suspended tenant (409 when no deletion is scheduled)."""
    if tenant.suspended_at is None:
        raise Conflict(N_("no deletion is scheduled for this company"))
    tenant.suspended_at = tenant.deletion_due_at = tenant.deletion_requested_by = None
    await session.flush()
    log.warning("tenant %s deletion cancelled", tenant.slug)
    return status_of(tenant)


async def tenant_tables_in_catalog(session: AsyncSession) -> list[str]:
    """Every table of the database with a ``tenant_id`` column, children before parents (from the
    catalog's foreign keys), so deleting in this order never trips a foreign key."""

    def read(sync) -> list[str]:
        inspector = inspect(sync)
        with_tenant = {name for (_schema, name), columns in inspector.get_multi_columns().items()
                       if any(c["name"] == "tenant_id" for c in columns)}
        ordered = [name for name, _fks in inspector.get_sorted_table_and_fkc_names() if name in with_tenant]
        return list(reversed(ordered))

    connection = await session.connection()
    return await connection.run_sync(read)


def _digest(certificate: dict) -> str:
    return hashlib.sha256(json.dumps(certificate, sort_keys=True, default=str).encode()).hexdigest()


async def purge(session: AsyncSession, tenant: Tenant, now: datetime) -> DeletionCertificate:
    """Delete every row of ``tenant`` and the tenant, inside the caller's transaction (the table
    owner's), and return the certificate written for it."""
    connection = await session.connection()
    await enter_tenant(session, tenant.id)
    counts: dict[str, int] = {}
    async with lifted(connection):
        for table in await tenant_tables_in_catalog(session):
            result = await connection.execute(text(f'DELETE FROM "{table}" WHERE tenant_id = :t'),
                                              {"t": _bound(connection, tenant.id)})
            if result.rowcount:
                counts[table] = result.rowcount
    fields = {"deleted_tenant_id": str(tenant.id), "slug": tenant.slug, "name": tenant.name,
              "requested_by": tenant.deletion_requested_by, "requested_at": tenant.suspended_at or now,
              "deleted_at": now, "tables": dict(sorted(counts.items())), "total_rows": sum(counts.values())}
    await connection.execute(text("DELETE FROM tenants WHERE id = :t"), {"t": _bound(connection, tenant.id)})
    certificate = DeletionCertificate(**{**fields, "deleted_tenant_id": tenant.id}, sha256=_digest(fields))
    session.add(certificate)
    await session.flush()
    log.warning("tenant %s purged: %d rows in %d tables", tenant.slug, fields["total_rows"], len(counts))
    return certificate


def _bound(connection, tenant_id: UUID):
    """The tenant id as the driver stores it (a UUID on PostgreSQL, 16 bytes on SQLite)."""
    return tenant_id if connection.dialect.name == "postgresql" else tenant_id.bytes


async def purge_due(owner_maker, now: datetime, storage: Storage | None = None) -> list[DeletionCertificate]:
    """Purge every tenant whose grace period has ended, each in its own transaction of the table
    owner's ``owner_maker``, then its attachment files from ``storage`` (once the rows are gone
    for good). Returns the certificates written."""
    async with owner_maker() as session:
        due = (await session.scalars(select(Tenant.id).where(Tenant.deletion_due_at <= now))).all()
    certificates = []
    for tenant_id in due:
        async with owner_maker() as session, session.begin():
            tenant = await session.get(Tenant, tenant_id, with_for_update=True)
            if tenant is None or tenant.deletion_due_at is None or tenant.deletion_due_at > now:
                continue  # cancelled or purged meanwhile
            certificates.append(await purge(session, tenant, now))
        if storage is not None:
            files = await storage.delete_tenant(tenant_id)
            log.warning("tenant %s: %d attachment files removed", certificates[-1].slug, files)
    return certificates


async def certificate_of(session: AsyncSession, slug: str) -> DeletionCertificate | None:
    """The newest deletion certificate of the tenant once called ``slug``."""
    return await session.scalar(select(DeletionCertificate).where(DeletionCertificate.slug == slug)
                                .order_by(DeletionCertificate.deleted_at.desc()).limit(1))
