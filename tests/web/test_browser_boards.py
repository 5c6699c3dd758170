"""The complaints board, a complaint's next step, the service-quality dashboard and the lighting
return board in a real browser (Playwright driving Chromium), in both languages, with
screenshots; the page fixture fails on any Content-Security-Policy violation."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx

from core.testing import PASSWORD
from tests.web.conftest import follow_menu_link, screenshot
from tests.web.test_browser import signup

LIGHTING = "/api/v1/p/lighting"


async def seed(base: str, slug: str) -> None:
    """A technician with a ticket, three complaints at different steps and two return batches."""
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    async with httpx.AsyncClient(base_url=base) as api:
        token = (await api.post("/api/v1/auth/login", json={
            "tenant": slug, "email": f"admin@{slug}.test", "password": PASSWORD})).json()["access_token"]
        h = {"Authorization": f"Bearer {token}"}
        tech = (await api.post("/api/v1/users", headers=h, json={
            "email": f"li@{slug}.test", "name": "李师傅", "role": "technician", "password": PASSWORD})).json()
        customer = (await api.post("/api/v1/customers", headers=h, json={
            "name": "王女士", "phone": "13800138001", "province": "440000"})).json()
        dealer = (await api.post("/api/v1/customers", headers=h, json={"name": "华南经销商", "province": "440000"})).json()
        ticket = (await api.post("/api/v1/tickets", headers=h, json={
            "kind": "repair", "channel": "phone", "customer_id": customer["id"], "subject": "节能灯不亮"})).json()
        await api.post(f"/api/v1/tickets/{ticket['id']}/transitions", headers=h,
                       json={"action": "assign", "technician_id": tech["id"]})
        for kind, who, text in (("service", customer, "上门迟到两小时"), ("quality", dealer, "整批节能灯不亮"),
                                ("suggestion", customer, "希望增加周末上门")):
            c = (await api.post("/api/v1/complaints", headers=h, json={
                "type": kind, "customer_id": who["id"], "description": text})).json()
            if kind == "quality":
                await api.post(f"/api/v1/complaints/{c['id']}/steps", headers=h, json={"step": "classify", "valid": True})
        office = (await api.post(f"{LIGHTING}/offices/", headers=h, json={"name": "广州办事处", "region": "440000"})).json()
        applied = today - timedelta(days=5)
        batch = (await api.post(f"{LIGHTING}/returns/", headers=h, json={
            "office_id": office["id"], "applied_on": str(applied),
            "items": [{"product": "lighting.cfl", "quantity": 12, "reason": "不亮"}]})).json()
        url = f"{LIGHTING}/returns/{batch['id']}"
        await api.post(f"{url}/sign", headers=h, json={"signed_by": "张经理", "role": "office_manager",
                                                        "signed_on": str(applied)})
        await api.post(f"{url}/approve", headers=h, json={})
        await api.post(f"{url}/special-approval", headers=h, json={"reason": "批量质量问题"})
        await api.post(f"{url}/receive", headers=h, json={"arrived_on": str(applied)})


async def test_complaints_board_and_dashboard_in_both_languages(page, live_server):
    base, slug = live_server, f"bd-{uuid.uuid4().hex[:8]}"
    await signup(page, base, slug)
    await page.get_by_role("button", name="启用「照明」").click()
    await page.wait_for_selector("text=停用「照明」")
    await seed(base, slug)

    await page.get_by_role("link", name="投诉").click()
    await page.wait_for_selector("text=投诉处理看板")
    assert await page.locator("#col-recorded ~ ol li").count() == 2
    await screenshot(page, "complaints-board-zh")
    await page.get_by_role("link", name="王女士").first.click()
    await page.wait_for_selector("text=处理记录")
    await page.get_by_label("投诉是否属实？").select_option("true")
    await page.get_by_label("理由或给顾客的答复").fill("核实属实")
    await page.get_by_role("button", name="判断性质").click()
    await page.wait_for_selector("text=确定责任")
    await screenshot(page, "complaint-zh")

    await page.get_by_role("link", name="服务质量").click()
    await page.wait_for_selector("text=SLA 达标率（近六个月）")
    assert await page.locator("svg[role=img]").count() == 5
    await page.get_by_text("数据表").first.click()
    await screenshot(page, "reports-zh")

    await follow_menu_link(page, "返厂批次")
    await page.wait_for_selector("text=处理逾期")
    await screenshot(page, "lighting-returns-zh")

    await page.get_by_role("button", name="English").click()
    await page.wait_for_selector("text=Handling overdue")
    await page.get_by_role("link", name="Service quality").click()
    await page.wait_for_selector("text=Workload per technician")
    assert await page.get_by_role("img", name="Complaints by type").count() == 1
    await screenshot(page, "reports-en")
    await page.get_by_role("link", name="Complaints").click()
    await page.wait_for_selector("text=Complaints by step")
    await screenshot(page, "complaints-board-en")
