"""A photo of the fault attached on the ticket page in a real browser (Playwright driving
Chromium), shown as a thumbnail the browser really loads, and an internal note beside it."""

from __future__ import annotations

import uuid

import httpx

from core.testing import PASSWORD
from tests.core.attachments.test_attachments_api import png
from tests.web.test_browser import signup


async def test_a_photo_and_a_note_on_the_ticket_page(page, live_server, tmp_path):
    base, slug = live_server, f"pic-{uuid.uuid4().hex[:8]}"
    await signup(page, base, slug)
    async with httpx.AsyncClient(base_url=base) as api:
        token = (await api.post("/api/v1/auth/login", json={
            "tenant": slug, "email": f"admin@{slug}.test", "password": PASSWORD})).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        customer = (await api.post("/api/v1/customers", headers=headers, json={
            "name": "郑先生", "phone": "13800138002", "address": "杭州市西湖区文三路1号"})).json()
        ticket = (await api.post("/api/v1/tickets", headers=headers, json={
            "customer_id": customer["id"], "kind": "repair", "channel": "phone", "subject": "灯罩裂了",
            "description": "灯罩裂纹"})).json()
    photo = tmp_path / "裂纹.png"
    photo.write_bytes(png(40, 30))
    await page.goto(f"{base}/t/{slug}/tickets/{ticket['id']}")
    await page.get_by_label("照片或 PDF（不超过 10 MiB）").set_input_files(str(photo))
    await page.get_by_role("button", name="上传").click()
    thumb = page.locator("img.thumb")
    await thumb.wait_for()
    # the photo loads after the element is there: wait for it (a loaded machine takes a while)
    await page.wait_for_function("() => document.querySelector('img.thumb').complete")
    assert await thumb.evaluate("img => img.naturalWidth") == 40
    await page.get_by_label("备注", exact=True).fill("客户要求下午上门")
    await page.get_by_role("button", name="添加备注").click()
    await page.wait_for_selector("text=客户要求下午上门")
    assert await page.get_by_role("link", name="在地图中打开").get_attribute("href") is not None
