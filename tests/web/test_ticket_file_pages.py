"""The ticket page's internal notes, photos and files, and the address's map link (issue: console
for a real service-desk day, item 5)."""

from __future__ import annotations

from tests.core.attachments.test_attachments_api import new_ticket, png
from tests.web.helpers import csrf_of, field_error


async def test_notes_photos_and_the_map_link_on_the_ticket_page(client, make_tenant, page_login):
    tenant = await make_tenant()
    customer = await tenant.customer(name="吴女士", address="南京市玄武区中山路1号")
    created = await tenant.post("/api/v1/tickets", json={
        "customer_id": customer["id"], "kind": "repair", "channel": "phone", "subject": "灯闪", "description": "灯闪烁"})
    ticket = created.json()
    url = f"/t/{tenant.slug}/tickets/{ticket['id']}"
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(url)
    assert "内部备注" in page.text and "https://uri.amap.com/search?keyword=%E5%8D%97%E4%BA%AC" in page.text

    empty = await client.post(f"{url}/notes", data={"_csrf_token": csrf_of(page.text), "body": "  "})
    assert empty.status_code == 422 and field_error(empty.text, "body")
    noted = await client.post(f"{url}/notes", data={"_csrf_token": csrf_of(page.text), "body": "客户下午才在家"},
                              follow_redirects=False)
    assert noted.status_code == 303 and noted.headers["location"].endswith("#notes")
    page = await client.get(url)
    assert "客户下午才在家" in page.text

    token = csrf_of(page.text)
    wrong = await client.post(f"{url}/attachments", data={"_csrf_token": token},
                              files={"file": ("fake.png", b"not an image at all", "image/png")})
    assert wrong.status_code == 422 and field_error(wrong.text, "file")
    photo = png(2, 2)
    uploaded = await client.post(f"{url}/attachments", data={"_csrf_token": token},
                                 files={"file": ("灯.png", photo, "image/png")}, follow_redirects=False)
    assert uploaded.status_code == 303, uploaded.text
    page = await client.get(url)
    assert "灯.png" in page.text and 'class="thumb"' in page.text and "上传了 灯.png" in page.text
    href = page.text.split('class="thumb" src="', 1)[1].split('"', 1)[0]
    served = await client.get(href)
    assert served.status_code == 200 and served.content == photo

    removed = await client.post(f"{href}/remove", data={"_csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert removed.status_code == 303
    assert (await client.get(href)).status_code == 404
    assert "删除了 灯.png" in (await client.get(url)).text


async def test_another_tenants_files_and_notes_are_out_of_reach(client, make_tenant, page_login):
    owner, other = await make_tenant(), await make_tenant()
    ticket = await new_ticket(owner)
    file = (await owner.client.post(f"/api/v1/tickets/{ticket['id']}/attachments", headers=owner.headers,
                                    files={"file": ("a.png", png(), "image/png")})).json()
    await page_login(other.slug, other.admin_email)
    assert (await client.get(f"/t/{other.slug}/tickets/{ticket['id']}/attachments/{file['id']}")).status_code == 404
    page = await client.get(f"/t/{other.slug}/")
    posted = await client.post(f"/t/{other.slug}/tickets/{ticket['id']}/notes",
                               data={"_csrf_token": csrf_of(page.text), "body": "越权"})
    assert posted.status_code == 404
    assert (await owner.get(f"/api/v1/tickets/{ticket['id']}/notes")).json() == []
