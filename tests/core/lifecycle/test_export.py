"""Tenant export (POST /api/v1/tenant/export) and its import as a new tenant: a round trip
reproduces every exported table, row for row, under the new tenant id."""

from __future__ import annotations

import io
import json
import uuid
import zipfile

import pytest
from sqlalchemy import select

from core.attachments.storage import LocalDisk
from core.confidentiality.models import AuditedRead
from core.db.tenancy import bind_tenant
from core.errors import Conflict, Invalid
from core.lifecycle.export import FORMAT_VERSION, exported_tables, import_tenant
from core.testing import PASSWORD
from tests.core.attachments.test_attachments_api import new_ticket, png, upload
from tests.core.lifecycle.test_append_only import MAKERS

PHOTO = png(3, 3)

EXPORT = "/api/v1/tenant/export"


async def rows_of(sessions, tenant_id: str, table) -> list[dict]:
    columns = [c for c in table.columns if c.name != "tenant_id"]
    order = [c for c in table.primary_key.columns if c.name != "tenant_id"]
    async with sessions() as session:
        bind_tenant(session, uuid.UUID(tenant_id))
        return [dict(r._mapping) for r in await session.execute(
            select(*columns).where(table.c.tenant_id == uuid.UUID(tenant_id)).order_by(*order))]


@pytest.fixture
async def exported(make_tenant, tenant_b):
    """A tenant with rows in the core and plugin tables, its archive, and another tenant's customer."""
    tenant = await make_tenant(plugins=("lighting", "lubricants"))
    customer = await tenant.customer()
    await tenant.asset(customer["id"], "lighting.cfl", purchase_date="2026-06-01")
    for make in MAKERS.values():
        await make(tenant, customer)
    stranger = await tenant_b.customer(name="别家客户")
    ticket = await new_ticket(tenant)
    assert (await upload(tenant, ticket["id"], "故障.png", PHOTO)).status_code == 201
    response = await tenant.post(EXPORT)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    return tenant, response.content, stranger


async def test_export_import_round_trip_reproduces_the_tenant(exported, shouhou_sessions, client, shouhou_settings):
    tenant, data, stranger = exported
    archive = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["format_version"] == FORMAT_VERSION and manifest["tenant"]["slug"] == tenant.slug
    assert set(manifest["tables"]) == {t.name for t in exported_tables()}  # catalog-driven: every table
    assert all(manifest["tables"][t]["rows"] >= 1 for t in (*MAKERS, "customers", "assets", "users", "tickets"))
    assert stranger["id"].encode() not in b"".join(archive.read(n) for n in archive.namelist())
    assert "tenant_id" not in json.loads(archive.read("tables/customers.jsonl").splitlines()[0])
    [(key, entry)] = manifest["files"].items()
    assert archive.read(entry["file"]) == PHOTO and entry["bytes"] == len(PHOTO)

    slug = f"copy-{uuid.uuid4().hex[:8]}"
    async with shouhou_sessions() as session, session.begin():
        copy = await import_tenant(session, data, slug, LocalDisk(shouhou_settings.storage_dir))
    copy_id = str(copy.id)
    assert await LocalDisk(shouhou_settings.storage_dir).read(copy.id, uuid.UUID(hex=key)) == PHOTO
    assert copy_id != tenant.id
    for table in exported_tables():
        original = await rows_of(shouhou_sessions, tenant.id, table)
        assert await rows_of(shouhou_sessions, copy_id, table) == original, table.name
    # the copy is a working tenant: its admin logs in with the same password
    login = await client.post("/api/v1/auth/login", json={"tenant": slug, "email": tenant.admin_email,
                                                          "password": PASSWORD})
    assert login.status_code == 200, login.text
    customers = await client.get("/api/v1/customers", headers={"Authorization": f"Bearer {login.json()['access_token']}"})
    assert {c["name"] for c in customers.json()["items"] if c["erased_at"] is None} == {"测试客户"}


async def test_export_is_admin_only_and_audited(exported, shouhou_sessions):
    tenant, _data, _stranger = exported
    agent = await tenant.add_user("agent")
    assert (await agent.post(EXPORT)).status_code == 403
    async with shouhou_sessions() as session:
        bind_tenant(session, uuid.UUID(tenant.id))
        audited = (await session.scalars(select(AuditedRead).where(AuditedRead.record_type == "tenant_export"))).all()
    assert [(a.user_id, a.record_id) for a in audited] == [(uuid.UUID(tenant.admin_id), tenant.id)]


def damaged(data: bytes, which, change) -> bytes:
    """``data`` with ``change`` applied to the archive members ``which`` selects."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as copy:
        for name in source.namelist():
            content = source.read(name)
            copy.writestr(name, change(content) if which(name) else content)
    return buffer.getvalue()


async def test_a_damaged_archive_or_a_taken_slug_is_refused(exported, shouhou_sessions, shouhou_settings):
    tenant, data, _stranger = exported
    key = next(iter(json.loads(zipfile.ZipFile(io.BytesIO(data)).read("manifest.json"))["files"]))
    edited_row = damaged(data, lambda n: n == "tables/customers.jsonl",
                         lambda c: c.replace("测试客户".encode(), "别的名字".encode()))
    edited_file = damaged(data, lambda n: n.startswith("files/"), lambda c: c[:-1] + b"!")
    storage = LocalDisk(shouhou_settings.storage_dir)
    for archive, slug, error, field in ((edited_row, "fresh-slug-1", Invalid, "tables.customers"),
                                        (edited_file, "fresh-slug-3", Invalid, f"files.{key}"),
                                        (b"not a zip", "fresh-slug-2", Invalid, "archive"),
                                        (data, tenant.slug, Conflict, "slug")):
        async with shouhou_sessions() as session, session.begin():
            with pytest.raises(error) as refused:
                await import_tenant(session, archive, slug, storage)
            assert refused.value.errors[0][0] == field
