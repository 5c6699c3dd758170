"""The words to avoid are found while an admin types a call script, in a real browser (htmx in
Chromium, under the console's Content-Security-Policy)."""

from __future__ import annotations

import uuid

from tests.web.test_browser import signup


async def test_typing_a_word_to_avoid_shows_it_at_once(page, live_server):
    base, slug = live_server, f"scr-{uuid.uuid4().hex[:8]}"
    await signup(page, base, slug)
    await page.goto(f"{base}/t/{slug}/admin/scripts/")
    await page.get_by_label("正文 · 中文").fill("您好，这个问题我不知道怎么办。")
    await page.locator("#lint-zh_Hans").get_by_text("「不知道」").wait_for()
    await page.get_by_label("正文 · 中文").fill("您好，我马上为您查询。")
    await page.locator("#lint-zh_Hans").get_by_text("没有忌用语").wait_for()
