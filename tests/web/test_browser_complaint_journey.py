"""A complaint from intake to close in a real browser (Playwright driving Chromium), through the
console pages only: the admin adds an agent and a manager on the users page; the agent files the
customer, records a service complaint against the manager and walks it to the proposed solution
(only a manager approves); the manager complained about sees the approval is not his to give; the
admin approves, notifies, decides the penalty, sets the improvement and closes; the board shows
the complaint in its column at each stage. Screenshots in Chinese and one in English."""

from __future__ import annotations

import uuid

from tests.web.conftest import add_user, follow_menu_link, screenshot
from tests.web.test_browser import signup
from tests.web.test_browser_walk import in_english, log_in


async def log_out(page) -> None:
    await page.get_by_role("button", name="退出").click()
    await page.wait_for_url("**/login")


async def take_step(page, button: str, **fields: str) -> None:
    """Fill the next-step form (label: value) and take the step; the page comes back with it in
    the step history."""
    form = page.locator("section[aria-labelledby=next-title] form")
    for label, value in fields.items():
        await form.get_by_role("textbox", name=label, exact=True).fill(value)
    await form.get_by_role("button", name=button, exact=True).click()
    await page.locator("ol.timeline").get_by_text(button, exact=True).wait_for()


def board_column(page, state: str):
    return page.locator(f"section[aria-labelledby=col-{state}]")


async def test_a_complaint_from_intake_to_close_with_another_managers_approval(page, live_server):
    base, slug = live_server, f"cmp-{uuid.uuid4().hex[:8]}"

    # Signup; the admin adds the agent who takes calls and a service manager.
    await signup(page, base, slug)
    await follow_menu_link(page, "用户")
    await add_user(page, slug, "陈小华", "chen", "agent")
    await add_user(page, slug, "赵主管", "zhao", "manager")
    users = await page.locator("table").inner_text()
    assert "客服代表" in users and "经理" in users
    await log_out(page)

    # The agent: the customer's file, then the complaint against the manager.
    await log_in(page, base, slug, f"chen@{slug}.test")
    await page.get_by_role("link", name="客户", exact=True).click()
    await page.get_by_role("link", name="新建客户").click()
    await page.get_by_label("姓名").fill("王女士")
    await page.get_by_label("电话").fill("138 0013 8001")
    await page.get_by_label("地址").fill("广州市天河区体育西路1号")
    await page.get_by_role("button", name="保存").click()
    await page.get_by_role("heading", name="客户档案").wait_for()

    await page.get_by_role("link", name="投诉", exact=True).click()
    await page.get_by_role("heading", name="投诉处理看板").wait_for()
    await page.get_by_role("link", name="登记投诉").click()
    await page.get_by_role("combobox", name="类别", exact=True).select_option(label="服务")
    await page.get_by_label("客户（姓名或电话）").fill("王")
    await page.get_by_label("王女士").check()
    await page.get_by_label("投诉内容").fill("电话里态度生硬，说换灯的事不归他管")
    await page.get_by_label("顾客诉求").fill("道歉，尽快换灯")
    await page.get_by_label("被投诉员工").select_option(label="赵主管 · 经理")
    await screenshot(page, "complaint-new-zh", docs=True)
    await page.get_by_role("button", name="登记投诉").click()
    await page.get_by_role("heading", name="王女士 的投诉").wait_for()
    facts = await page.locator("dl.facts").inner_text()
    assert "电话里态度生硬" in facts and "赵主管" in facts and "道歉，尽快换灯" in facts
    assert await page.locator(".page-head .badge").inner_text() == "已记录"
    complaint_url = page.url

    # Steps 2 to 5: nature, responsibility, cause, proposed solution.
    form = page.locator("section[aria-labelledby=next-title] form")
    await form.get_by_label("投诉是否属实？").select_option("true")
    await take_step(page, "判断性质", **{"理由或给顾客的答复": "通话录音证实"})
    department = form.get_by_label("责任部门")  # routing's department, by its name, never its code
    assert await department.locator("option:checked").inner_text() == "售后服务部长"
    await form.get_by_label("责任人").select_option(label="赵主管 · 经理")
    await take_step(page, "确定责任")
    assert "售后服务部长 · 赵主管" in await page.locator("dl.facts").inner_text()
    assert "service_manager" not in await page.locator("main").inner_text()
    await take_step(page, "调查原因", **{"调查到的原因": "未按首问负责制受理，推给了经销商"})
    await take_step(page, "提出解决办法", **{"解决办法": "当面致歉，两天内上门换灯"})
    history = await page.locator("ol.timeline").inner_text()
    for seen in ("判断性质", "确定责任", "调查原因", "提出解决办法", "陈小华", "未按首问负责制受理"):
        assert seen in history, seen
    # Approval (批复) is a manager's: the agent is told so and has no button for it.
    next_step = page.locator("section[aria-labelledby=next-title]")
    await next_step.get_by_text("解决办法须由经理批复。").wait_for()
    assert await next_step.get_by_role("button").count() == 0
    await page.get_by_role("link", name="返回投诉看板").click()
    assert "王女士" in await board_column(page, "proposed").inner_text()
    await log_out(page)

    # The manager complained about may not approve the handling of his own case.
    await log_in(page, base, slug, f"zhao@{slug}.test")
    await page.get_by_role("link", name="投诉", exact=True).click()
    await board_column(page, "proposed").get_by_role("link", name="王女士").click()
    await next_step.get_by_text("这条投诉针对的是您：此步骤由其他经理决定。").wait_for()
    assert await next_step.get_by_role("button", name="批复解决办法").count() == 0
    await screenshot(page, "complaint-own-case-zh", docs=True)
    await log_out(page)

    # Another manager (the admin) approves, and the complaint walks to its close.
    await log_in(page, base, slug, f"admin@{slug}.test")
    await page.goto(complaint_url)
    await take_step(page, "批复解决办法", **{"备注": "同意"})
    await take_step(page, "通知顾客", **{"通知方式": "电话", "通知内容": "已致歉，明天上午上门换灯"})
    await take_step(page, "责任处罚", **{"备注": "首次属实服务投诉"})
    facts = await page.locator("dl.facts").inner_text()
    assert "处罚" in facts and "赵主管" in facts
    await take_step(page, "提出改善对策", **{"纠正或预防措施": "首问负责制复训"})
    await take_step(page, "关闭", **{"备注": "顾客满意"})
    await next_step.get_by_text("该投诉已结案。").wait_for()
    assert await page.locator(".page-head .badge").inner_text() == "已关闭"
    history = await page.locator("ol.timeline").inner_text()
    assert "周经理" in history and "首问负责制复训" in history
    await screenshot(page, "complaint-closed-zh")
    await in_english(page, "complaint-closed", docs=True)

    # The board: in the closed column, nowhere else.
    await page.get_by_role("link", name="返回投诉看板").click()
    closed = board_column(page, "closed")
    await closed.get_by_role("link", name="王女士").wait_for()
    assert "1" in await closed.locator(".board-count").inner_text()
    assert "电话里态度生硬" in await closed.inner_text()
    for state in ("recorded", "proposed", "approved", "rejected"):
        assert await board_column(page, state).get_by_role("link", name="王女士").count() == 0
    await closed.scroll_into_view_if_needed()  # the board scrolls sideways: show the closed column
    await screenshot(page, "complaint-board-zh", docs=True)
