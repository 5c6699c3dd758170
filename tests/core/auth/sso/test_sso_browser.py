"""Single sign-on in a real browser (Playwright driving Chromium) against the real OpenID provider
on loopback: the admin sets it up and tests the connection, a person signs in with the company
button and lands in the console with the mapped role, a provider that is down gives a clear page.
The screenshots illustrate docs/integrations/sso.md."""

from __future__ import annotations

import os
from pathlib import Path

import httpx

from core.testing import PASSWORD, free_port
from tests.core.auth.sso.conftest import CLIENT_ID, CLIENT_SECRET, new_sub
from tests.web.conftest import browser, follow_menu_link, page  # noqa: F401  (the browser fixtures of the page tests)

#: The screenshots go to docs/screenshots (tracked) only when SHOUHOU_SCREENSHOTS=1 asks for new
#: ones; an ordinary run leaves them in the ignored tests/web/screenshots.
ROOT = Path(__file__).resolve().parents[4]
SCREENSHOTS = ROOT / ("docs" if os.environ.get("SHOUHOU_SCREENSHOTS") == "1" else "tests/web") / "screenshots"


async def shot(page, name: str) -> None:  # noqa: F811  (page: the fixture's name)
    SCREENSHOTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


async def test_admin_sets_up_sso_and_staff_sign_in_with_it(page, browser, make_tenant, idp, sso_server):  # noqa: F811
    tenant = await make_tenant()
    base = sso_server
    await page.goto(f"{base}/login")
    await page.locator("#f-tenant").fill(tenant.slug)
    await page.locator("#f-email").fill(tenant.admin_email)
    await page.locator("#f-password").fill(PASSWORD)
    await page.locator("form[action='/login'] button[type=submit]").click()
    await page.wait_for_url(f"{base}/t/{tenant.slug}/**")

    await follow_menu_link(page, "单点登录")
    await page.wait_for_url(f"{base}/t/{tenant.slug}/admin/sso")
    assert f"/sso/{tenant.slug}/callback" in await page.locator("#sso-redirect-uri").inner_text()
    await page.get_by_label("登录按钮上的名称").fill("Acme 统一身份")
    await page.get_by_label("签发者地址（Issuer）").fill(idp.url)
    await page.get_by_label("客户端 ID").fill(CLIENT_ID)
    await page.get_by_label("客户端密钥").fill(CLIENT_SECRET)
    await page.get_by_label("角色映射").fill("shouhou-agents = agent\nshouhou-managers = manager")
    await page.get_by_role("button", name="测试连接").click()
    await page.wait_for_selector("#sso-test-report")
    assert "连接正常" in await page.locator("#sso-test-report").inner_text()
    assert "RS256" in await page.locator("#sso-test-report").inner_text()
    await shot(page, "sso-settings-test-zh")
    # The test saved nothing, and kept what was typed (but the secret, which is typed again).
    assert await page.get_by_label("签发者地址（Issuer）").input_value() == idp.url
    await page.get_by_label("客户端密钥").fill(CLIENT_SECRET)
    await page.get_by_role("button", name="保存").click()
    await page.wait_for_selector("text=已保存")
    assert "已设置密钥" in await page.content()
    await shot(page, "sso-settings-zh")
    await page.get_by_role("button", name="English").click()
    await page.wait_for_selector("text=Register this redirect URI")
    await shot(page, "sso-settings-en")

    sub = new_sub()
    async with httpx.AsyncClient() as http:
        await http.put(f"{idp.url}/users/{sub}",
                       json={"email": f"{sub}@acme.example", "name": "王客服", "groups": ["shouhou-agents"]})
    context = await browser.new_context(viewport={"width": 1280, "height": 860}, locale="zh-CN")
    staff = await context.new_page()
    try:
        await staff.goto(f"{base}/login?tenant={tenant.slug}")
        button = staff.get_by_role("link", name="使用 Acme 统一身份 登录")
        await shot(staff, "sso-login-zh")
        await button.click()
        await staff.wait_for_url(f"{idp.url}/oauth2/authorize**")
        await staff.get_by_placeholder("sub").fill(sub)
        await staff.get_by_role("button", name="Authorize").click()
        await staff.wait_for_url(f"{base}/t/{tenant.slug}/")
        assert "王客服" in await staff.content()
        await shot(staff, "sso-signed-in-zh")
    finally:
        await context.close()
    users = (await tenant.get("/api/v1/users?role=agent")).json()["items"]
    assert [u["name"] for u in users if u["email"] == f"{sub}@acme.example"] == ["王客服"]


async def test_a_provider_that_is_down_shows_a_clear_page(page, make_tenant, sso_server):  # noqa: F811
    tenant = await make_tenant()
    async with httpx.AsyncClient(base_url=sso_server, headers=tenant.headers) as http:
        saved = await http.put("/api/v1/tenant/sso", json={
            "issuer": f"http://127.0.0.1:{free_port()}", "client_id": CLIENT_ID, "label": "Acme 统一身份"})
    assert saved.status_code == 200, saved.text
    await page.goto(f"{sso_server}/login?tenant={tenant.slug}")
    await page.get_by_role("link", name="使用 Acme 统一身份 登录").click()
    await page.wait_for_selector("#sso-problem")
    assert "身份提供方不可用" in await page.locator("h1").inner_text()
    assert "暂时无法连接" in await page.locator("#sso-problem").inner_text()
    await shot(page, "sso-idp-down-zh")
    await page.get_by_role("link", name="返回登录页").click()
    await page.wait_for_url(f"{sso_server}/login?tenant={tenant.slug}")
