"""Tenant export: everything a tenant owns as a documented, versioned zip archive, and the import
of such an archive into a new tenant (single-tenant restore into a running deployment).

Archive (``format_version`` 2; version 1 archives, which have no ``files``, still import)::

    manifest.json          {"format": "shouhou-tenant-export", "format_version": 2,
                            "schema_version": [alembic revisions], "exported_at": RFC 3339,
                            "tenant": {"id", "slug", "name", "province", "locale", "timezone"},
                            "tables": {"<table>": {"file", "rows", "sha256"}},
                            "files": {"<attachment id>": {"file", "bytes", "sha256"}}}
    tables/<table>.jsonl   one JSON object per row, every column but ``tenant_id``,
                           in primary-key order; UUIDs, dates and timestamps as strings
    files/<attachment id>  the bytes of each ticket attachment (``ticket_attachments`` row)

The tables are every tenant table of the metadata (plugin tables included, so a new table is
exported without changing this module) except :data:`NOT_EXPORTED`. The archive holds password
hashes and personal data: keep it like a backup.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import zipfile
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import Table, insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from core.attachments.models import TicketAttachment
from core.attachments.storage import Storage
from core.db import registry
from core.db.base import Base, utcnow
from core.db.rls import tenant_tables
from core.db.tenancy import enter_tenant
from core.errors import Conflict, Invalid

FORMAT = "shouhou-tenant-export"
FORMAT_VERSION = 2
#: The versions an import reads (1: before attachment files).
READS = (1, 2)
#: Credentials and short-lived bookkeeping: bearer tokens, login failures, idempotency replies.
NOT_EXPORTED = frozenset({"api_tokens", "login_failures", "idempotency_records"})


def exported_tables() -> list[Table]:
    """The tables an archive holds, parents before children (foreign-key order)."""
    registry.load_models()
    registry.load_plugin_models()
    names = set(tenant_tables(Base.metadata)) - NOT_EXPORTED
    return [t for t in Base.metadata.sorted_tables if t.name in names]


async def schema_version(session: AsyncSession) -> list[str]:
    """The database's migration revisions (``alembic_version``), sorted."""
    return sorted(await session.scalars(text("SELECT version_num FROM alembic_version")))


def _order(table: Table) -> list:
    return [c for c in table.primary_key.columns if c.name != "tenant_id"]


async def export_tenant(session: AsyncSession, tenant: Any, storage: Storage) -> bytes:
    """The archive of ``tenant`` (the session is bound to it; row security applies), with its
    attachment files read from ``storage``."""
    files: dict[str, bytes] = {}
    for table in exported_tables():
        columns = [c for c in table.columns if c.name != "tenant_id"]
        rows = await session.execute(
            select(*columns).where(table.c.tenant_id == tenant.id).order_by(*_order(table))
        )
        files[table.name] = b"".join(msgspec.json.encode(dict(row._mapping)) + b"\n" for row in rows)
    attachments = {row.id.hex: await storage.read(tenant.id, row.id)
                   for row in await session.scalars(select(TicketAttachment).order_by(TicketAttachment.id))}
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "schema_version": await schema_version(session),
        "exported_at": utcnow().isoformat(),
        "tenant": {"id": str(tenant.id), "slug": tenant.slug, "name": tenant.name, "province": tenant.province,
                   "locale": tenant.locale, "timezone": tenant.timezone},
        "tables": {name: {"file": f"tables/{name}.jsonl", "rows": data.count(b"\n"),
                          "sha256": hashlib.sha256(data).hexdigest()} for name, data in files.items()},
        "files": {key: {"file": f"files/{key}", "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                  for key, data in attachments.items()},
    }
    return await asyncio.to_thread(_zip, manifest, files, attachments)


def _zip(manifest: dict, files: dict[str, bytes], attachments: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", msgspec.json.format(msgspec.json.encode(manifest)))
        for name, data in files.items():
            archive.writestr(f"tables/{name}.jsonl", data)
        for key, data in attachments.items():
            archive.writestr(f"files/{key}", data, compress_type=zipfile.ZIP_STORED)  # photos and PDFs are packed
    return buffer.getvalue()


def read_archive(data: bytes) -> tuple[dict, dict[str, list[dict]], dict[UUID, bytes]]:
    """Open and check an archive: its format and version, every table file's row count and
    SHA-256, and every attachment file's size and SHA-256. Bad input raises :class:`Invalid` (422)
    naming the part that is wrong. Blocking."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        manifest = msgspec.json.decode(archive.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, msgspec.DecodeError) as exc:
        raise Invalid("archive", f"not a tenant export archive: {exc}") from exc
    if manifest.get("format") != FORMAT or manifest.get("format_version") not in READS:
        raise Invalid("manifest.format_version", f"expected {FORMAT} version {' or '.join(map(str, READS))}")
    known = {t.name for t in exported_tables()}
    tables: dict[str, list[dict]] = {}
    for name, entry in manifest.get("tables", {}).items():
        if name not in known:
            raise Invalid(f"tables.{name}", "not a tenant table of this deployment")
        try:
            raw = archive.read(entry["file"])
        except KeyError as exc:
            raise Invalid(f"tables.{name}", "its file is missing") from exc
        if hashlib.sha256(raw).hexdigest() != entry["sha256"] or raw.count(b"\n") != entry["rows"]:
            raise Invalid(f"tables.{name}", "checksum or row count differs: the archive is damaged")
        try:
            tables[name] = [dict(msgspec.json.decode(line)) for line in raw.splitlines()]
        except (msgspec.DecodeError, TypeError, ValueError) as exc:
            raise Invalid(f"tables.{name}", f"a line is not a JSON object: {exc}") from exc
    attachments: dict[UUID, bytes] = {}
    for key, entry in manifest.get("files", {}).items():
        try:
            raw = archive.read(entry["file"])
            attachments[UUID(hex=key)] = raw
        except (KeyError, ValueError) as exc:
            raise Invalid(f"files.{key}", "its file is missing") from exc
        if len(raw) != entry["bytes"] or hashlib.sha256(raw).hexdigest() != entry["sha256"]:
            raise Invalid(f"files.{key}", "size or checksum differs: the archive is damaged")
    return manifest, tables, attachments


def _python_type(column) -> type | None:
    try:
        return column.type.python_type
    except NotImplementedError:
        return None


def _decode(table: Table, row: dict, tenant_id: UUID) -> dict:
    """An archived row as the table's columns take it, in the new tenant."""
    values: dict[str, Any] = {"tenant_id": tenant_id}
    for name, value in row.items():
        if name not in table.c or name == "tenant_id":
            raise Invalid(f"tables.{table.name}.{name}", "not a column of this table")
        kind = _python_type(table.c[name])
        try:
            if isinstance(value, str) and kind is UUID:
                value = UUID(value)
            elif isinstance(value, str) and kind is datetime:
                value = datetime.fromisoformat(value).astimezone(UTC)
            elif isinstance(value, str) and kind is date:
                value = date.fromisoformat(value)
        except ValueError as exc:
            raise Invalid(f"tables.{table.name}.{name}", str(exc)) from exc
        values[name] = value
    return values


async def import_tenant(session: AsyncSession, data: bytes, slug: str, storage: Storage,
                        name: str | None = None) -> Any:
    """Create a new tenant ``slug`` holding everything in the archive ``data`` (row ids kept,
    the tenant id replaced; attachment files written to ``storage`` under the new tenant). Refused
    (409) if the slug is taken, (422) if the archive is damaged or was written by another schema
    version, or a file is not one of its attachment rows."""
    from tenants.models import Tenant

    manifest, tables, attachments = await asyncio.to_thread(read_archive, data)
    if manifest["schema_version"] != await schema_version(session):
        raise Invalid("manifest.schema_version", f"{manifest['schema_version']} is not this database's schema")
    if await session.scalar(select(Tenant.id).where(Tenant.slug == slug)):
        raise Conflict("this slug is taken", [("slug", "taken")])
    profile = manifest["tenant"]
    tenant = Tenant(slug=slug, name=name or profile["name"], province=profile["province"],
                    locale=profile["locale"], timezone=profile["timezone"])
    session.add(tenant)
    await session.flush()
    await enter_tenant(session, tenant.id)
    for table in exported_tables():
        rows = [_decode(table, row, tenant.id) for row in tables.get(table.name, [])]
        if rows:
            try:
                await session.execute(insert(table), rows)
            except (DBAPIError, ValueError) as exc:
                raise Invalid(f"tables.{table.name}", f"rows the database refuses: {exc}") from exc
    kept = {row.id: row.sha256 for row in await session.scalars(select(TicketAttachment))}
    for key, raw in attachments.items():
        if kept.get(key) != hashlib.sha256(raw).hexdigest():
            raise Invalid(f"files.{key.hex}", "not an attachment of the archive's tickets")
        await storage.save(tenant.id, key, raw)
    return tenant
