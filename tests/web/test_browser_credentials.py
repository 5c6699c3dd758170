"""The integrations page in a real browser: an admin creates an API key (the secret shown once),
an integration calls the API with it, the admin revokes it; Chinese first, English second."""

from __future__ import annotations

import uuid

import httpx

from tests.web.conftest import follow_menu_link, screenshot
from tests.web.test_browser import signup


async def test_an_admin_creates_uses_and_revokes_a_key(page, live_server):
    base, slug = live_server, f"cr-{uuid.uuid4().hex[:8]}"
    await signup(page, base, slug)
    await follow_menu_link(page, "集成凭据")
    await page.wait_for_url(f"{base}/t/{slug}/admin/credentials")
    await page.get_by_label("凭据名称").fill("ERP 同步")
    await page.get_by_label("customers:read").check()
    await page.get_by_label("tickets:write").check()
    await page.get_by_role("button", name="创建", exact=True).click()
    secret = await page.get_by_test_id("secret").inner_text()
    assert secret.startswith("shk_")
    await screenshot(page, "credentials-issued-zh")
    async with httpx.AsyncClient(base_url=base) as http:
        assert (await http.get("/api/v1/customers", headers={"X-API-Key": secret})).status_code == 200
        assert (await http.get("/api/v1/tickets", headers={"X-API-Key": secret})).status_code == 403
    await page.goto(f"{base}/t/{slug}/admin/credentials")
    assert secret not in await page.content()
    await page.get_by_role("button", name="吊销 ERP 同步").click()
    await page.wait_for_selector("text=已吊销")
    async with httpx.AsyncClient(base_url=base) as http:
        assert (await http.get("/api/v1/customers", headers={"X-API-Key": secret})).status_code == 401
    await screenshot(page, "credentials-zh")
    await page.get_by_role("button", name="English").click()
    await page.wait_for_selector("text=Integration credentials")
    await screenshot(page, "credentials-en")
