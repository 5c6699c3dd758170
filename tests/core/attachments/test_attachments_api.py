"""Ticket attachments (issue: console for a real service-desk day, item 5): photos and scans
checked by their content, within size and the tenant's storage quota, served only inside the
tenant, removed by managers or the uploader, all in the ticket's history."""

from __future__ import annotations

import asyncio
import struct
import uuid
import zlib
from pathlib import Path

import httpx
import pytest
from sqlalchemy import update

from tenants.models import Tenant

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png(width: int = 1, height: int = 1, padding: int = 0) -> bytes:
    """A real PNG of ``width`` × ``height`` grey pixels (plus an ancillary chunk of ``padding``
    bytes, to make it as large as a test needs)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    extra = chunk(b"tEXt", b"c\x00" + b"x" * padding) if padding else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + extra + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


async def new_ticket(tenant) -> dict:
    customer = await tenant.customer()
    created = await tenant.post("/api/v1/tickets", json={
        "customer_id": customer["id"], "kind": "repair", "channel": "phone", "subject": "灯不亮", "description": "客厅灯不亮"})
    assert created.status_code == 201, created.text
    return created.json()


async def upload(handle, ticket_id: str, name: str, data: bytes, claimed: str = "image/png"):
    return await handle.client.post(f"/api/v1/tickets/{ticket_id}/attachments", headers=handle.headers,
                                    files={"file": (name, data, claimed)})


def stored_files(settings, tenant_id: str) -> list[Path]:
    folder = Path(settings.storage_dir) / uuid.UUID(tenant_id).hex
    return sorted(folder.iterdir()) if folder.is_dir() else []


async def test_a_photo_is_attached_listed_served_and_in_the_history(tenant_a, shouhou_settings):
    ticket = await new_ticket(tenant_a)
    photo = png(4, 3)
    created = await upload(tenant_a, ticket["id"], "../../故障照片.png", photo, claimed="text/html")
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["filename"] == "故障照片.png", "the path is dropped from the name"
    assert body["content_type"] == "image/png", "the type is the content's, not the client's claim"
    assert body["size_bytes"] == len(photo)
    listed = await tenant_a.get(f"/api/v1/tickets/{ticket['id']}/attachments")
    assert [a["id"] for a in listed.json()] == [body["id"]]
    served = await tenant_a.get(f"/api/v1/tickets/{ticket['id']}/attachments/{body['id']}")
    assert served.status_code == 200 and served.content == photo
    assert served.headers["content-type"] == "image/png"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.headers["content-disposition"].startswith("inline;")
    assert "sandbox" in served.headers["content-security-policy"]
    history = (await tenant_a.get(f"/api/v1/tickets/{ticket['id']}/events")).json()
    added = [e for e in history["items"] if e["action"] == "attachment_added"]
    assert added and added[0]["data"]["filename"] == "故障照片.png"
    assert len(stored_files(shouhou_settings, tenant_a.id)) >= 1


async def test_a_pdf_downloads_as_a_file(tenant_a):
    ticket = await new_ticket(tenant_a)
    created = await upload(tenant_a, ticket["id"], "反馈单.pdf", PDF, claimed="application/pdf")
    assert created.status_code == 201, created.text
    served = await tenant_a.get(f"/api/v1/tickets/{ticket['id']}/attachments/{created.json()['id']}")
    assert served.content == PDF and served.headers["content-disposition"].startswith("attachment;")


@pytest.mark.parametrize(("name", "data", "status", "reason"), [
    ("photo.png", b"<html><script>alert(1)</script></html>", 422, "JPEG"),
    ("scan.pdf", b"MZ\x90\x00 an executable", 422, "JPEG"),
    ("empty.png", b"", 422, "empty"),
], ids=["html-posing-as-png", "executable-posing-as-pdf", "empty"])
async def test_files_that_are_not_photos_or_pdfs_are_refused_naming_the_field(tenant_a, shouhou_settings,
                                                                                 name, data, status, reason):
    ticket = await new_ticket(tenant_a)
    refused = await upload(tenant_a, ticket["id"], name, data)
    assert refused.status_code == status, refused.text
    assert refused.json()["errors"][0]["field"] == "file" and reason in refused.json()["errors"][0]["message"]
    assert (await tenant_a.get(f"/api/v1/tickets/{ticket['id']}/attachments")).json() == []


async def test_a_file_over_10_mib_is_413_and_nothing_is_kept(tenant_a, shouhou_settings):
    ticket = await new_ticket(tenant_a)
    before = stored_files(shouhou_settings, tenant_a.id)
    big = png(padding=10 * 1024 * 1024)
    refused = await upload(tenant_a, ticket["id"], "big.png", big)
    assert refused.status_code == 413 and refused.json()["errors"][0]["field"] == "file"
    assert stored_files(shouhou_settings, tenant_a.id) == before


async def test_the_storage_quota_is_413_past_it_and_the_admin_sees_the_use(make_tenant, shouhou_sessions):
    tenant = await make_tenant()
    async with shouhou_sessions() as session, session.begin():
        await session.execute(update(Tenant).where(Tenant.id == uuid.UUID(tenant.id)).values(quota_storage_mb=1))
    ticket = await new_ticket(tenant)
    first = await upload(tenant, ticket["id"], "a.png", png(padding=600 * 1024))
    assert first.status_code == 201, first.text
    second = await upload(tenant, ticket["id"], "b.png", png(padding=600 * 1024))
    assert second.status_code == 413 and "storage" in second.json()["errors"][0]["message"]
    quotas = (await tenant.get("/api/v1/tenant/quotas")).json()
    assert quotas["storage_mb"]["limit"] == 1 and quotas["storage_mb"]["used"] == 1  # 600 KiB, rounded up


async def test_another_tenants_ticket_and_files_are_not_found(tenant_a, tenant_b):
    ticket = await new_ticket(tenant_a)
    mine = (await upload(tenant_a, ticket["id"], "a.png", png())).json()
    assert (await upload(tenant_b, ticket["id"], "b.png", png())).status_code == 404
    assert (await tenant_b.get(f"/api/v1/tickets/{ticket['id']}/attachments")).status_code == 404
    assert (await tenant_b.get(f"/api/v1/tickets/{ticket['id']}/attachments/{mine['id']}")).status_code == 404
    other = await new_ticket(tenant_b)
    assert (await tenant_b.get(f"/api/v1/tickets/{other['id']}/attachments/{mine['id']}")).status_code == 404
    deleted = await tenant_b.client.delete(f"/api/v1/tickets/{ticket['id']}/attachments/{mine['id']}",
                                           headers=tenant_b.headers)
    assert deleted.status_code == 404
    assert len((await tenant_a.get(f"/api/v1/tickets/{ticket['id']}/attachments")).json()) == 1


async def test_viewers_read_only_uploaders_and_managers_remove(tenant_a, shouhou_settings):
    ticket = await new_ticket(tenant_a)
    viewer, agent, other_agent = (await tenant_a.add_user("viewer"), await tenant_a.add_user("agent"),
                                  await tenant_a.add_user("agent"))
    assert (await upload(viewer, ticket["id"], "v.png", png())).status_code == 403
    mine = (await upload(agent, ticket["id"], "a.png", png())).json()
    assert (await viewer.get(f"/api/v1/tickets/{ticket['id']}/attachments")).status_code == 200
    url = f"/api/v1/tickets/{ticket['id']}/attachments/{mine['id']}"
    assert (await other_agent.client.delete(url, headers=other_agent.headers)).status_code == 403
    files = len(stored_files(shouhou_settings, tenant_a.id))
    assert (await agent.client.delete(url, headers=agent.headers)).status_code == 204
    assert (await tenant_a.get(url)).status_code == 404
    assert len(stored_files(shouhou_settings, tenant_a.id)) == files - 1
    history = (await tenant_a.get(f"/api/v1/tickets/{ticket['id']}/events")).json()
    assert any(e["action"] == "attachment_removed" for e in history["items"])


async def test_uploads_at_once_stay_within_the_quota(make_tenant, shouhou_sessions, live_server):
    """Six uploads of 300 KiB at once into a 1 MB quota, served by uvicorn (the test client would
    run them one at a time): three are kept, three refused with 413 — the quota is checked and the
    file written one upload of the company at a time (``core.db.advisory.hold``)."""
    tenant = await make_tenant()
    async with shouhou_sessions() as session, session.begin():
        await session.execute(update(Tenant).where(Tenant.id == uuid.UUID(tenant.id)).values(quota_storage_mb=1))
    ticket = await new_ticket(tenant)
    url = f"/api/v1/tickets/{ticket['id']}/attachments"
    async with httpx.AsyncClient(base_url=live_server, headers=tenant.headers, timeout=60) as http:
        answers = await asyncio.gather(*(
            http.post(url, files={"file": (f"{n}.png", png(padding=300 * 1024), "image/png")}) for n in range(6)))
    assert sorted(a.status_code for a in answers) == [201] * 3 + [413] * 3, [a.text for a in answers]
    assert (await tenant.get("/api/v1/tenant/quotas")).json()["storage_mb"]["used"] == 1
    assert len((await tenant.get(url)).json()) == 3
