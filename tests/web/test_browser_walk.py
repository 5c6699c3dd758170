"""A new company's first call, end to end in a real browser (Playwright driving Chromium), through
pages only: signup, lighting, a technician added, the phone ringing (the caller's file with her
address and her lamp made on the intake page, the warranty answer, the ticket dispatched as it is
created), the appointment, the technician's day on a 390 × 844 phone (arrive, parts, resolve, the
customer signing with a finger, a photo, nothing wider than the screen), closing, the next-day
revisit with its script, an unsatisfied outcome opening a follow-up ticket, and the month's report.
Screenshots of each page in both languages go to tests/web/screenshots/ (the phone's to
docs/screenshots with SHOUHOU_SCREENSHOTS=1)."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from core.testing import PASSWORD
from tests.core.attachments.test_attachments_api import png
from tests.web.conftest import add_user, follow_menu_link, screenshot
from tests.web.test_browser import signup


def shanghai_today():
    """The tenant's today (DOMAIN §0: its province's zone, Asia/Shanghai)."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


async def in_english(page, name: str, *, docs: bool = False) -> None:
    """Screenshot the current page in English, then come back to Chinese."""
    await page.get_by_role("button", name="English").click()
    await page.wait_for_load_state()
    await screenshot(page, f"{name}-en", docs=docs)
    await page.get_by_role("button", name="中文").click()
    await page.wait_for_load_state()


async def log_in(page, base: str, slug: str, email: str) -> None:
    await page.goto(base + "/login")
    await page.get_by_label("企业网址标识").fill(slug)
    await page.get_by_label("电子邮箱").fill(email)
    await page.get_by_label("密码").fill(PASSWORD)
    await page.get_by_role("button", name="登录").click()
    await page.wait_for_url(f"{base}/t/{slug}/")


async def wider_than_the_screen(page) -> list[str]:
    """What sticks out sideways (tag, class, width), if anything: the page must be no wider than
    the device (a phone's browser would otherwise widen its layout and zoom out, so compare with
    the device's width, not the window's)."""
    return await page.evaluate("""width => [...document.querySelectorAll("body *")]
        .filter(e => e.getBoundingClientRect().right > width + 1 && getComputedStyle(e).position !== "fixed"
                     && !e.closest(".table-wrap"))
        .slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`)""",
                               page.viewport_size["width"])


async def sign_with_a_finger(page, pad_selector: str) -> None:
    """Draw on the pad with real touch events (Chromium's input domain), as a finger on a phone."""
    await page.locator(pad_selector).scroll_into_view_if_needed()
    pad = await page.locator(pad_selector).bounding_box()
    touch = await page.context.new_cdp_session(page)
    at = [{"x": pad["x"] + 20 + step * 25, "y": pad["y"] + 60 + (15 if step % 2 else -15)} for step in range(12)]
    await touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [at[0]]})
    for point in at[1:]:
        await touch.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    await touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    await touch.detach()


async def sign(page, pad_selector: str) -> None:
    pad = await page.locator(pad_selector).bounding_box()
    await page.mouse.move(pad["x"] + 20, pad["y"] + 60)
    await page.mouse.down()
    for step in range(1, 12):
        await page.mouse.move(pad["x"] + 20 + step * 25, pad["y"] + 60 + (15 if step % 2 else -15))
    await page.mouse.up()


async def test_the_issue_walk_from_signup_to_an_unsatisfied_revisit(page, live_server, tmp_path):
    base, slug = live_server, f"walk-{uuid.uuid4().hex[:8]}"
    today = shanghai_today()

    # Signup, the lighting plugin, a technician.
    await signup(page, base, slug)
    await page.get_by_role("button", name="启用「照明」").click()
    await page.wait_for_selector("text=停用「照明」")
    await follow_menu_link(page, "用户")
    await add_user(page, slug, "李师傅", "li", "technician")

    # The phone rings: a new caller. Her file, with the address the technician goes to, and her
    # energy-saving lamp (bought three months ago) are made on the intake page itself; the
    # warranty check says "exchange" and why, before anything is promised.
    await page.get_by_role("link", name="服务单").click()
    await page.get_by_role("link", name="新建服务单").click()
    await page.get_by_label("客户（姓名或电话）").fill("138 0013 8001")
    await page.get_by_label("姓名").fill("王女士")
    await page.get_by_label("地址").fill("广州市天河区体育西路1号")
    await page.get_by_role("button", name="新建客户档案").click()
    await page.get_by_label("王女士").wait_for()
    await page.get_by_label("产品类型").select_option("lighting.cfl")
    await page.get_by_label("型号").fill("ML-CFL 18W 节能灯")
    await page.get_by_label("购买日期").fill((today - timedelta(days=90)).isoformat())
    await page.get_by_role("button", name="登记产品").click()
    result = page.locator("#warranty-result")
    await result.get_by_text("换货", exact=True).wait_for()
    assert "在保修范围内" in await result.inner_text()
    assert "一支换一支" in await result.inner_text()
    await page.get_by_label("主题").fill("节能灯不亮")
    await page.get_by_label("故障现象").fill("购买三个月，不亮，灯头完好")
    await screenshot(page, "walk-intake-warranty-zh")
    await page.get_by_role("button", name="English").click()
    await page.wait_for_load_state()
    await page.get_by_label("Customer (name or phone)").fill("王")
    await page.get_by_label("王女士").check()
    await page.get_by_label(re.compile(r"^Product$")).select_option(label="ML-CFL 18W 节能灯")
    await page.get_by_role("button", name="Check warranty").click()
    await page.locator("#warranty-result").get_by_text("Exchange", exact=True).wait_for()
    await screenshot(page, "walk-intake-warranty-en")
    await page.get_by_label("Subject").fill("节能灯不亮")
    await page.get_by_role("button", name="中文").click()
    await page.wait_for_load_state()
    await page.get_by_label("客户（姓名或电话）").fill("王")
    await page.get_by_label("王女士").check()
    await page.get_by_label(re.compile(r"^产品$")).select_option(label="ML-CFL 18W 节能灯")
    await page.get_by_label("主题").fill("节能灯不亮")
    await page.get_by_label("派工给").select_option(label="李师傅")  # dispatched as it is created
    await page.get_by_role("button", name="创建服务单").click()
    await page.wait_for_selector("text=下一步")
    ticket_url = page.url

    # Today's appointment and the customer's confirmation.
    await page.get_by_label("开始").fill(f"{today.isoformat()}T09:00")
    await page.get_by_label("结束").fill(f"{today.isoformat()}T11:00")
    await page.get_by_role("button", name="预约上门").click()
    await page.get_by_role("button", name="客户已确认预约").click()
    await page.wait_for_selector("text=到达")

    # The technician's day on his phone (390 × 844): arrive, the part used, resolve, the customer
    # signs with a finger; every step fits the screen (no sideways scrolling).
    phone = await page.context.browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True,
        locale="zh-CN")
    tech = await phone.new_page()
    tech.set_default_timeout(10_000)
    await log_in(tech, base, slug, f"li@{slug}.test")
    await tech.get_by_role("link", name="今日预约").click()
    await tech.get_by_text("节能灯不亮").first.wait_for()
    assert "体育西路" in await tech.content()
    assert not await wider_than_the_screen(tech), await wider_than_the_screen(tech)
    await screenshot(tech, "technician-phone-zh", docs=True)
    await in_english(tech, "technician-phone", docs=True)
    await tech.get_by_role("button", name="到达").click()
    await tech.get_by_label(re.compile(r"^配件")).fill("ML-CFL 18W 节能灯")
    await tech.get_by_label("免费（保修内）").check()
    await tech.get_by_role("button", name="添加配件").click()
    await tech.get_by_label("处理说明").fill("不亮、灯头未老化，按标准一支换一支")
    await tech.get_by_role("button", name="解决").click()
    await tech.get_by_label("签字人（客户）").fill("王女士")
    await sign_with_a_finger(tech, "canvas.signature-pad")
    assert not await wider_than_the_screen(tech), await wider_than_the_screen(tech)
    await screenshot(tech, "technician-phone-signing-zh", docs=True)
    await tech.get_by_role("button", name="客户验收").click()
    await tech.wait_for_selector("text=客户已验收")
    assert await tech.get_by_role("button", name="客户验收").count() == 0  # only valid actions
    # A photo of the old lamp on the ticket, from the phone.
    await tech.get_by_role("link", name=re.compile(r"^SH-")).first.click()
    photo = tmp_path / "旧灯.png"
    photo.write_bytes(png(60, 40))
    await tech.get_by_label("照片或 PDF（不超过 10 MiB）").set_input_files(str(photo))
    await tech.get_by_role("button", name="上传").click()
    await tech.locator("img.thumb").wait_for()
    assert not await wider_than_the_screen(tech), await wider_than_the_screen(tech)
    await screenshot(tech, "technician-phone-ticket-zh", docs=True)
    await phone.close()

    # The desk closes the ticket: the trigger of lighting's next-day call (ticket.closed).
    await page.goto(ticket_url)
    assert await page.get_by_role("img", name="王女士 的签名").count() == 1
    await page.get_by_role("button", name="关闭").click()
    await page.wait_for_selector("text=已关闭")

    # The next-day revisit, with its script.
    await page.get_by_role("link", name="回访", exact=True).click()
    await page.get_by_role("link", name="明天").click()
    call = page.locator("li.call").filter(has_text="王女士")
    await call.wait_for()
    script = await call.locator("pre.script").inner_text()
    number = ticket_url.rsplit("/", 1)[1]
    assert "服务人员的态度" in script and "服务单 SH-" in script
    await screenshot(page, "walk-revisits-zh")
    await in_english(page, "walk-revisits")

    # Unsatisfied: a follow-up ticket is opened and linked on the card.
    await call.get_by_label("服务态度").select_option("2")
    await call.get_by_label("准时到达").select_option("4")
    await call.get_by_label("建议").fill("希望上门前电话通知")
    await call.get_by_role("button", name="不满意").click()
    await page.get_by_text("已建立跟进服务单").wait_for()
    await screenshot(page, "walk-revisit-unsatisfied-zh")
    await page.locator("li.call a[href*='/tickets/']").last.click()
    await page.wait_for_selector("text=回访跟进")
    assert number not in page.url
    await screenshot(page, "walk-follow-up-zh")
    await in_english(page, "walk-follow-up")

    # The month's report: the technician's ticket resolved, the unsatisfied customer counted.
    await page.get_by_role("link", name="服务质量").click()
    row = page.get_by_role("row", name=re.compile("李师傅"))
    await row.wait_for()
    cells = await row.get_by_role("cell").all_inner_texts()
    assert cells[:2] == ["1", "1"], cells  # tickets, resolved
    await screenshot(page, "walk-report-zh")
