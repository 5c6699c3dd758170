"""A new company's first phone call in a real browser (Playwright driving Chromium): signup,
lighting, a customer file and her lamp created through the customer pages (the errors beside
their fields first), then the call: the number typed in another format finds her, the lamp and
the warranty answer, the ticket. Screenshots of the customer list and page in both languages."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from tests.web.conftest import add_user, follow_menu_link, screenshot
from tests.web.test_browser import signup
from tests.web.test_browser_walk import in_english, shanghai_today

#: Most clicks and typed fields from the phone ringing to a dispatched ticket.
INTAKE_INTERACTIONS = 8


class Counted:
    """The page's user interactions (clicks, fills, checks, choices), counted."""

    def __init__(self, page) -> None:
        self.page, self.count = page, 0

    async def fill(self, locator, value: str) -> None:
        self.count += 1
        await locator.fill(value)

    async def click(self, locator) -> None:
        self.count += 1
        await locator.click()

    async def check(self, locator) -> None:
        self.count += 1
        await locator.check()

    async def choose(self, locator, **option) -> None:
        self.count += 1
        await locator.select_option(**option)


async def test_a_new_company_takes_its_first_phone_call(page, live_server):
    base, slug = live_server, f"call-{uuid.uuid4().hex[:8]}"
    bought = (shanghai_today() - timedelta(days=90)).isoformat()
    await signup(page, base, slug)
    await page.get_by_role("button", name="启用「照明」").click()
    await page.wait_for_selector("text=停用「照明」")
    await follow_menu_link(page, "用户")
    await add_user(page, slug, "李师傅", "li", "technician")

    # The customer file: a wrong number comes back beside its field, with what was typed.
    await page.get_by_role("link", name="客户", exact=True).click()
    await page.get_by_role("link", name="新建客户").click()
    await page.get_by_label("姓名").fill("王女士")
    await page.get_by_label("电话").fill("12")
    await page.get_by_label("地址").fill("广州市天河区体育西路1号")
    await page.get_by_role("button", name="保存").click()
    await page.wait_for_selector("#phone-error")
    assert await page.get_by_label("地址").input_value() == "广州市天河区体育西路1号"
    await page.get_by_label("电话").fill("138 0013 8001")
    await page.get_by_role("button", name="保存").click()
    await page.get_by_role("heading", name="客户档案").wait_for()
    customer_url = page.url

    # Her lamp: the attributes of the chosen type are real fields; errors come back together.
    await page.get_by_label("产品类型").select_option("lighting.cfl")
    await page.get_by_label("功率（瓦）").wait_for()
    await page.get_by_label("型号", exact=True).fill("ML-CFL 18W 节能灯")
    await page.get_by_label("购买日期").fill((shanghai_today() + timedelta(days=3)).isoformat())
    await page.get_by_label("功率（瓦）").fill("-18")
    await page.get_by_role("button", name="登记产品").click()
    await page.wait_for_selector("#a-purchase_date-error")
    await page.wait_for_selector("#a-attributes\\.wattage_w-error")
    await page.get_by_label("购买日期").fill(bought)
    await page.get_by_label("功率（瓦）").fill("18")
    await page.get_by_role("button", name="登记产品").click()
    await page.get_by_role("cell", name="ML-CFL 18W 节能灯", exact=True).wait_for()
    assert page.url.startswith(customer_url)
    await screenshot(page, "customer-zh")
    await in_english(page, "customer")
    await page.get_by_role("link", name="客户", exact=True).click()
    await page.get_by_role("link", name="王女士").wait_for()
    await screenshot(page, "customers-zh")
    await in_english(page, "customers")

    # The phone rings, a known caller: the number in another format finds her, choosing the lamp
    # answers the warranty question, and the ticket is created.
    await page.get_by_role("link", name="服务单").click()
    await page.get_by_role("link", name="新建服务单").click()
    call = Counted(page)
    await call.fill(page.get_by_label("客户（姓名或电话）"), "+86 138-0013-8001")
    await call.check(page.get_by_label("王女士"))
    # Her products arrive by htmx: choose once htmx has wired them (not an interaction).
    await page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling')")
    await call.choose(page.get_by_label(re.compile(r"^产品$")), label="ML-CFL 18W 节能灯")
    result = page.locator("#warranty-result")
    await result.get_by_text("换货", exact=True).wait_for()
    assert "在保修范围内" in await result.inner_text()
    await call.fill(page.get_by_label("主题"), "节能灯不亮")
    await call.choose(page.get_by_label("派工给"), label="李师傅")
    await call.click(page.get_by_role("button", name="创建服务单"))
    await page.wait_for_selector("text=下一步")
    facts = await page.locator("dl.facts").inner_text()
    assert "换货" in facts  # the answer stays with the ticket
    assert "李师傅" in facts and "已派工" in await page.locator("main").inner_text()  # dispatched
    assert call.count <= INTAKE_INTERACTIONS, call.count
    known_caller = call.count

    # An unknown caller: the file and the lamp are made on the intake page itself.
    await page.get_by_role("link", name="服务单").click()
    await page.get_by_role("link", name="新建服务单").click()
    call = Counted(page)
    await call.fill(page.get_by_label("客户（姓名或电话）"), "0512-6666 8888")
    await call.fill(page.get_by_label("姓名"), "苏州顺达物流")
    await call.choose(page.get_by_label("产品类型"), value="lighting.cfl")  # the file and the lamp in one click
    await call.fill(page.get_by_label("购买日期"), bought)
    await call.click(page.get_by_role("button", name="新建客户档案"))
    await page.get_by_label("苏州顺达物流").wait_for()
    assert await page.get_by_label("苏州顺达物流").is_checked()
    await result.get_by_text("换货", exact=True).wait_for()
    await screenshot(page, "intake-new-caller-zh")
    await call.fill(page.get_by_label("主题"), "仓库节能灯不亮")
    await call.choose(page.get_by_label("派工给"), label="李师傅")
    await call.click(page.get_by_role("button", name="创建服务单"))
    await page.wait_for_selector("text=下一步")
    assert "已派工" in await page.locator("main").inner_text()
    assert call.count <= INTAKE_INTERACTIONS, call.count
    print(f"interactions from the phone ringing to a dispatched ticket: known caller {known_caller}, "
          f"new caller {call.count}")

    # The tickets are on the customer pages.
    await page.goto(customer_url)
    await page.get_by_role("link", name=re.compile(r"^SH-")).first.wait_for()
    assert "节能灯不亮" in await page.content()
