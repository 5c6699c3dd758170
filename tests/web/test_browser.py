"""The console in a real browser (Playwright driving Chromium): signup, login, plugins, users,
language switch, tenant isolation and CSRF; screenshots of the main pages in both languages."""

from __future__ import annotations

import re
import uuid

from core.testing import PASSWORD
from tests.web.conftest import follow_menu_link, screenshot


async def signup(page, base: str, slug: str, company: str = "明亮照明电器有限公司") -> None:
    await page.goto(base + "/")
    await page.get_by_label("企业名称").fill(company)
    await page.get_by_label("网址标识").fill(slug)
    await page.get_by_label("您的姓名").fill("周经理")
    await page.get_by_label("您的电子邮箱").fill(f"admin@{slug}.test")
    await page.get_by_label("密码").fill(PASSWORD)
    await page.get_by_label("省份").select_option("440000")
    await page.get_by_role("button", name="创建账户").click()
    await page.wait_for_url(f"{base}/t/{slug}/admin/plugins")


async def test_signup_login_enable_lighting_and_add_a_technician(page, live_server):
    base, slug = live_server, f"ml-{uuid.uuid4().hex[:8]}"
    await page.goto(base + "/")
    await screenshot(page, "landing-zh")
    # A form that comes back with an error keeps what was typed, the error beside its field.
    await page.get_by_label("企业名称").fill("明亮照明电器有限公司")
    await page.get_by_label("网址标识").fill(slug)
    await page.get_by_label("您的电子邮箱").fill(f"admin@{slug}.test")
    await page.get_by_label("密码").fill("short")
    await page.get_by_role("button", name="创建账户").click()
    await page.wait_for_selector("#admin_password-error")
    assert await page.get_by_label("企业名称").input_value() == "明亮照明电器有限公司"
    await screenshot(page, "signup-error-zh")

    await signup(page, base, slug)
    await page.get_by_role("button", name="启用「照明」").click()
    await page.wait_for_selector("text=停用「照明」")
    await screenshot(page, "plugins-zh")

    await follow_menu_link(page, "用户")
    await page.get_by_label("姓名").fill("李师傅")
    await page.get_by_label("电子邮箱").fill(f"li@{slug}.test")
    await page.get_by_label("角色").select_option("technician")
    await page.get_by_label("工号").fill("2046")
    await page.get_by_label("初始密码").fill(PASSWORD)
    await page.get_by_role("button", name="添加", exact=True).click()
    await page.wait_for_selector(f"text=li@{slug}.test")
    await screenshot(page, "users-zh")

    await page.get_by_role("button", name="English").click()
    await page.wait_for_selector("text=Users and roles")
    await screenshot(page, "users-en")
    await follow_menu_link(page, "Plugins")
    await screenshot(page, "plugins-en")
    await follow_menu_link(page, "Company")
    await page.get_by_label("Time zone").fill("Nowhere/City")
    await page.get_by_role("button", name="Save").click()
    await page.wait_for_selector("#timezone-error")
    await screenshot(page, "profile-error-en")

    await page.get_by_role("button", name="Log out").click()
    await page.wait_for_url(base + "/login")
    await page.get_by_label("Company web address").fill(slug)
    await page.get_by_label("E-mail").fill(f"li@{slug}.test")
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await page.wait_for_url(f"{base}/t/{slug}/")
    assert await page.get_by_role("link", name="Users").count() == 0  # technicians do not manage users
    await screenshot(page, "home-en")


async def test_keyboard_reaches_the_form_with_a_visible_focus(page, live_server):
    await page.goto(live_server + "/login")
    await page.keyboard.press("Tab")
    focused = await page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    for _ in range(12):
        await page.keyboard.press("Tab")
        if await page.evaluate("document.activeElement.id") == "f-tenant":
            break
    assert await page.evaluate("document.activeElement.id") == "f-tenant"
    outline = await page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


async def test_editing_the_url_to_another_tenant_gives_404(page, browser, live_server):
    base = live_server
    other = await browser.new_context()
    other_page = await other.new_page()
    slug_b = f"tb-{uuid.uuid4().hex[:8]}"
    await signup(other_page, base, slug_b, "乙公司")
    await other.close()

    slug_a = f"ta-{uuid.uuid4().hex[:8]}"
    await signup(page, base, slug_a, "甲公司")
    response = await page.goto(f"{base}/t/{slug_b}/admin/users")
    assert response.status == 404
    assert await page.get_by_role("heading", name="页面不存在").count() == 1
    await screenshot(page, "not-found-zh")


async def test_a_form_posted_without_its_csrf_token_is_refused(page, live_server):
    slug = f"cs-{uuid.uuid4().hex[:8]}"
    await signup(page, live_server, slug, "丙公司")
    # Strip the token from the enable form, then submit it as a user would.
    await page.evaluate(
        "document.querySelectorAll('form input[name=_csrf_token]').forEach(e => e.remove())"
    )
    await page.get_by_role("button", name="启用「照明」").click()
    await page.wait_for_selector("text=无权操作")
    content = await page.content()
    assert re.search(r"403", content)


async def test_ticket_from_intake_to_signed_acceptance(page, live_server):
    import httpx

    base, slug = live_server, f"tk-{uuid.uuid4().hex[:8]}"
    await signup(page, base, slug)
    await page.get_by_role("button", name="启用「照明」").click()
    async with httpx.AsyncClient(base_url=base) as api:
        token = (await api.post("/api/v1/auth/login", json={
            "tenant": slug, "email": f"admin@{slug}.test", "password": PASSWORD})).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        await api.post("/api/v1/users", headers=headers, json={
            "email": f"li@{slug}.test", "name": "李师傅", "role": "technician", "password": PASSWORD})
        customer = (await api.post("/api/v1/customers", headers=headers, json={
            "name": "王女士", "phone": "13800138001", "province": "440000"})).json()
        await api.post("/api/v1/assets", headers=headers, json={
            "customer_id": customer["id"], "type": "lighting.cfl", "model": "ML-CFL 18W 节能灯",
            "purchase_date": "2026-06-01"})

    await page.get_by_role("link", name="服务单").click()
    await page.get_by_role("link", name="新建服务单").click()
    await page.get_by_label("客户（姓名或电话）").fill("王")
    await page.get_by_label("王女士").check()
    await page.get_by_label("产品", exact=True).select_option(label="ML-CFL 18W 节能灯")
    await page.get_by_label("主题").fill("节能灯不亮")
    await page.get_by_label("故障现象").fill("购买三个月，灯头完好")
    await screenshot(page, "ticket-new-zh")
    await page.get_by_role("button", name="创建服务单").click()
    await page.wait_for_selector("text=下一步")

    await page.get_by_label("技师").select_option(label="李师傅")
    await page.get_by_role("button", name="派工").click()
    await page.get_by_label("开始").fill("2030-01-02T09:00")
    await page.get_by_label("结束").fill("2030-01-02T11:00")
    await page.get_by_role("button", name="预约上门").click()
    await page.get_by_role("button", name="客户已确认预约").click()
    await page.get_by_role("button", name="到达").click()
    await page.get_by_label("处理说明及所用配件").fill("更换节能灯一只")
    await page.get_by_role("button", name="解决").click()
    await page.get_by_label("签字人（客户）").fill("王女士")
    pad = await page.locator("canvas.signature-pad").bounding_box()
    await page.mouse.move(pad["x"] + 20, pad["y"] + 60)
    await page.mouse.down()
    for step in range(1, 12):
        await page.mouse.move(pad["x"] + 20 + step * 25, pad["y"] + 60 + (15 if step % 2 else -15))
    await page.mouse.up()
    await page.get_by_role("button", name="客户验收").click()
    signature = page.get_by_role("img", name="王女士 的签名")
    await signature.wait_for()
    assert (await signature.get_attribute("src")).startswith("data:image/png;base64,")
    await screenshot(page, "ticket-zh")
    await page.get_by_role("link", name="服务单").click()
    await screenshot(page, "queue-zh")
    await page.get_by_role("button", name="English").click()
    await page.wait_for_selector("text=Ticket queue")
    await screenshot(page, "queue-en")
