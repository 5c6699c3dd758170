"""The navigation bar fits a 1366 px screen in English for the role with the most links (an admin
with plugins enabled): the plugins' pages live under an Industry menu and what is set up once
under a Settings menu (issue: console for a real service-desk day, item 8)."""

from __future__ import annotations

import uuid

from tests.web.conftest import follow_menu_link
from tests.web.test_browser import signup


async def test_the_english_navigation_fits_at_1366_px_for_an_admin(page, live_server):
    base, slug = live_server, f"nav-{uuid.uuid4().hex[:8]}"
    await page.set_viewport_size({"width": 1366, "height": 800})
    await signup(page, base, slug)
    for plugin in ("照明", "润滑设备"):
        await page.get_by_role("button", name=f"启用「{plugin}」").click()
        await page.wait_for_selector(f"text=停用「{plugin}」")
    await page.goto(f"{base}/t/{slug}/")
    await page.get_by_role("button", name="English").click()
    await page.wait_for_load_state()
    nav = page.locator("nav.mainnav > ul")
    box = await nav.bounding_box()
    items = await nav.locator(":scope > li").all()
    tops = {round((await item.bounding_box())["y"]) for item in items}
    labels = [await item.inner_text() for item in items]
    assert len(tops) == 1, f"the bar wraps onto {len(tops)} lines: {labels}"
    assert box["x"] + box["width"] <= 1366
    assert await page.evaluate("document.documentElement.scrollWidth") <= 1366
    # the settings are one click away, and the menu shows where you are
    await follow_menu_link(page, "Users")
    await page.wait_for_url(f"{base}/t/{slug}/admin/users")
    assert await page.locator(".nav-menu summary.is-current").count() == 1
