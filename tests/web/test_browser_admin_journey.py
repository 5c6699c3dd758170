"""An admin sets the company up in a real browser (Playwright driving Chromium), without the API:
the SLA policy, next year's business calendar (a holiday, a make-up working day) and the quiet
hours on the service-levels page; a company call script written with the words to avoid found
as it is typed; the lighting plugin enabled and one of its settings saved through the form
generated from its schema, a value out of range answered beside its field. Each page is reached
through the Settings menu; screenshots in Chinese and English."""

from __future__ import annotations

import uuid

from tests.web.conftest import follow_menu_link, screenshot
from tests.web.test_browser import signup
from tests.web.test_browser_walk import in_english


def saved_in(page, section_id: str):
    return page.locator(f"#{section_id}").get_by_role("status").get_by_text("已保存。")


async def test_an_admin_sets_up_service_levels_a_script_and_a_plugin(page, live_server):
    base, slug = live_server, f"adm-{uuid.uuid4().hex[:8]}"
    await signup(page, base, slug)

    # The SLA policy: on site within 12 hours in the same province.
    await follow_menu_link(page, "服务时限")
    await page.get_by_role("heading", name="服务时限", exact=True).wait_for()
    policy = page.locator("#policy")
    on_site = policy.get_by_role("spinbutton", name="同省上门时限（小时）")
    await on_site.fill("12")
    await policy.get_by_role("button", name="保存规则").click()
    await saved_in(page, "policy").wait_for()
    assert await on_site.input_value() == "12"

    # Next year's calendar: a date of another year is answered beside its field, then the
    # holiday and the make-up working day are imported and the year is covered by the company.
    calendar = page.locator("#calendar")
    year = await calendar.get_by_role("spinbutton", name="年份").input_value()
    covered = calendar.locator("tbody tr", has=page.get_by_role("cell", name=year, exact=True)).first
    await calendar.get_by_role("textbox", name="来源（如国务院办公厅通知）").fill(f"国务院办公厅关于{year}年部分节假日安排的通知")
    holidays = calendar.get_by_role("textbox", name="法定节假日，每行一个日期")
    await holidays.fill(f"{int(year) - 1}-10-01")
    await calendar.get_by_role("textbox", name="调休上班日，每行一个日期").fill(f"{year}-02-07")
    await calendar.get_by_role("button", name="导入该年").click()
    await page.locator("#c-holidays-error").get_by_text("每个日期都须在所填年份之内").wait_for()
    assert await holidays.get_attribute("aria-invalid") == "true"
    await holidays.fill(f"{year}-01-01\n{year}-02-06")
    await calendar.get_by_role("button", name="导入该年").click()
    await saved_in(page, "calendar").wait_for()
    assert "本公司日历" in await covered.inner_text()
    assert f"已导入：国务院办公厅关于{year}年部分节假日安排的通知" in await calendar.inner_text()
    assert f"业务日历尚未包含{year}年" not in await page.content()
    imported = await calendar.locator("tbody").inner_text()
    assert f"法定节假日：{year}年1月1日、{year}年2月6日" in imported
    assert f"调休上班日：{year}年2月7日" in imported

    # Quiet hours: no call in the evening nor at lunch.
    quiet = page.locator("#quiet")
    await quiet.get_by_role("textbox", name="每行一个时段，如 22:00-08:00").fill("21:30-08:00\n12:00-13:30")
    await quiet.get_by_role("button", name="保存免打扰时段").click()
    await saved_in(page, "quiet").wait_for()
    assert await quiet.get_by_role("textbox").input_value() == "21:30-08:00\n12:00-13:30"
    assert await on_site.input_value() == "12"
    await screenshot(page, "admin-service-levels-zh", docs=True)
    await in_english(page, "admin-service-levels", docs=True)

    # A company script: the word to avoid shows as it is typed, and saving it is refused.
    await follow_menu_link(page, "话术")
    await page.get_by_role("heading", name="编写本公司话术").wait_for()
    await page.get_by_role("textbox", name="名称（字母、数字、点或下划线）").fill("greeting")
    await page.get_by_role("textbox", name="话术标题 · 中文").fill("接听问候")
    text = page.get_by_label("正文 · 中文")
    await text.fill("您好，明亮照明售后。这个问题我不知道。")
    lint = page.locator("#lint-zh_Hans")
    await lint.get_by_text("「不知道」").wait_for()
    assert "第1行第16列" in await lint.inner_text() and "婉转回答" in await lint.inner_text()
    await screenshot(page, "admin-script-lint-zh", docs=True)
    await page.get_by_role("button", name="保存话术").click()
    await page.locator("#text_zh_Hans-error").get_by_text("避免使用「不知道」（第1行第16列）。婉转回答：说明您会查明后答复。").wait_for()
    assert await text.input_value() == "您好，明亮照明售后。这个问题我不知道。"
    await text.fill("您好，明亮照明售后，工号 2046 为您服务，我马上为您查询。")
    await lint.get_by_text("没有忌用语").wait_for()
    await page.get_by_role("button", name="保存话术").click()
    await page.get_by_role("status").get_by_text("已保存。").wait_for()
    assert "工号 2046 为您服务" in await page.locator("pre.script-text").first.inner_text()
    await page.get_by_role("link", name="话术", exact=True).first.click()
    row = page.locator("tbody tr", has=page.get_by_role("link", name="接听问候"))
    assert "本公司" in await row.inner_text()

    # The lighting plugin and one of its settings, through the form generated from its schema.
    await follow_menu_link(page, "插件")
    await page.get_by_role("button", name="启用「照明」").click()
    await page.wait_for_selector("text=停用「照明」")
    card = page.locator("#plugin-lighting")
    await card.locator("summary").get_by_text("设置").click()
    fee = card.get_by_role("spinbutton", name="保外维修费（%）")
    await fee.fill("150")
    await card.get_by_role("button", name="保存设置").click()
    await page.locator("#lighting-repair_fee_percent-error").get_by_text("请输入 0 至 100 之间的数").wait_for()
    assert await page.get_by_role("heading", name="行业插件").count() == 1  # the page, not an error page
    assert await fee.input_value() == "150" and await fee.get_attribute("aria-invalid") == "true"
    await screenshot(page, "admin-plugin-settings-error-zh", docs=True)
    await fee.fill("15")
    await card.get_by_role("button", name="保存设置").click()
    await page.wait_for_url("**/admin/plugins#plugin-lighting")
    await page.reload()
    await card.locator("summary").get_by_text("设置").click()
    assert await fee.input_value() == "15"
    assert await page.locator("#lighting-repair_fee_percent-error").count() == 0
