"""Plugin pages in the console: mounted at ``/t/{slug}/p/<plugin>/…`` only for tenants that
enabled the plugin, with the plugin's templates and navigation entries; the lighting plugin's
return-to-factory board (第六-十条: counted within 2 days, handled within 3 days of arrival) and
its batch quality reports (批量质量异议: visit within 2 days of the report)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.web.helpers import pages_of

LIGHTING = "/api/v1/p/lighting"


def today() -> date:
    """The tenant's business day (tenants default to Asia/Shanghai, DOMAIN §0)."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def column(html: str, status: str) -> str:
    match = re.search(rf'aria-labelledby="col-{status}">(.*?)</section>', html, re.S)
    assert match, status
    return match.group(1)


async def batch(tenant, office_name: str, applied_on: date, arrive: bool) -> dict:
    """A signed, approved and specially approved batch (so the week rule does not apply),
    received on ``applied_on`` when ``arrive``."""
    office = (await tenant.post(f"{LIGHTING}/offices/", json={"name": office_name, "region": "320000"})).json()
    created = await tenant.post(f"{LIGHTING}/returns/", json={"office_id": office["id"], "applied_on": str(applied_on),
        "items": [{"product": "lighting.cfl", "quantity": 10, "reason": "不亮", "model": "ML-CFL 18W"}]})
    assert created.status_code == 201, created.text
    url = f"{LIGHTING}/returns/{created.json()['id']}"
    for action, body in (("sign", {"signed_by": "张经理", "role": "office_manager", "signed_on": str(applied_on)}),
                         ("approve", {}), ("special-approval", {"reason": "批量质量问题"})):
        response = await tenant.post(f"{url}/{action}", json=body)
        assert response.status_code == 200, response.text
    if arrive:
        response = await tenant.post(f"{url}/receive", json={"arrived_on": str(applied_on)})
        assert response.status_code == 200, response.text
    return (await tenant.get(url)).json()


async def test_return_batches_by_status_with_overdue_flags(client, make_tenant, page_login):
    tenant = await make_tenant(plugins=("lighting",))
    late = await batch(tenant, "南京办事处", today() - timedelta(days=5), arrive=True)
    fresh = await batch(tenant, "苏州办事处", today(), arrive=True)
    waiting = await batch(tenant, "无锡办事处", today(), arrive=False)
    assert late["overdue"] and not fresh["overdue"] and waiting["status"] == "approved"
    await page_login(tenant.slug, tenant.admin_email)

    home = await client.get(f"/t/{tenant.slug}/")
    assert f'href="/t/{tenant.slug}/p/lighting/returns"' in home.text and "返厂批次" in home.text
    page = await client.get(f"/t/{tenant.slug}/p/lighting/returns")
    assert page.status_code == 200, page.text
    received = column(page.text, "received")
    assert "南京办事处" in received and "苏州办事处" in received
    assert received.count("处理逾期") == 1 and received.count("清点逾期") == 1
    late_card = next(card for card in received.split("<li") if "南京办事处" in card)
    assert "处理逾期" in late_card and "is-late" in late_card
    assert "无锡办事处" in column(page.text, "approved") and "特批" in page.text
    assert "1 批逾期" in page.text and "节能灯" in page.text
    assert 'aria-current="page"' in page.text  # the plugin's nav entry is the current page
    assert " style=" not in page.text


async def test_batch_quality_reports_with_visit_due_dates(client, make_tenant, page_login):
    tenant = await make_tenant(plugins=("lighting",))
    dealer = await tenant.customer(name="华东经销商")
    for days_ago, product in ((4, "lighting.tube"), (0, "lighting.cfl")):
        response = await tenant.post(f"{LIGHTING}/batch-quality/", json={
            "dealer_id": dealer["id"], "product": product, "quantity": 200, "description": "整批灯管发黑",
            "reported_on": str(today() - timedelta(days=days_ago))})
        assert response.status_code == 201, response.text
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/p/lighting/batch-quality")
    assert page.status_code == 200, page.text
    assert page.text.count("华东经销商") == 2 and page.text.count("上门逾期") == 1
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", page.text.split("<tbody>")[1], re.S)
    assert "上门逾期" in rows[0] and "灯管" in rows[0]  # the earliest visit due comes first
    assert "待上门认定" in page.text


async def test_plugin_pages_are_404_for_tenants_without_the_plugin(client, make_tenant, page_login):
    tenant = await make_tenant()
    await page_login(tenant.slug, tenant.admin_email)
    for path in ("returns", "batch-quality"):
        response = await client.get(f"/t/{tenant.slug}/p/lighting/{path}")
        assert response.status_code == 404 and "页面不存在" in response.text
    home = await client.get(f"/t/{tenant.slug}/")
    assert "/p/lighting/" not in home.text


async def test_plugin_pages_of_another_tenant_are_404_and_need_a_login(client, make_tenant, page_login):
    tenant_a = await make_tenant(plugins=("lighting",))
    tenant_b = await make_tenant(plugins=("lighting",))
    await batch(tenant_b, "乙的办事处", today(), arrive=False)
    await page_login(tenant_a.slug, tenant_a.admin_email)
    assert (await client.get(f"/t/{tenant_b.slug}/p/lighting/returns")).status_code == 404
    own = await client.get(f"/t/{tenant_a.slug}/p/lighting/returns")
    assert own.status_code == 200 and "乙的办事处" not in own.text
    await client.post("/logout", data={})
    client.cookies.clear()
    anonymous = await client.get(f"/t/{tenant_a.slug}/p/lighting/returns", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")


async def test_automotive_maintenance_due_list(client, make_tenant, page_login):
    """DOMAIN §8: vehicles due within the window, overdue ones first and flagged."""
    tenant = await make_tenant(plugins=("automotive",))
    customer = await tenant.customer(name="周车主")
    for plate, last in (("苏A00001", 35), ("苏A00002", 25), ("苏A00003", 1)):
        await tenant.asset(customer["id"], "automotive.vehicle", purchase_date="2023-01-01", attributes={
            "plate": plate, "maintenance_cycle": {"days": 30}, "last_service_date": str(today() - timedelta(days=last))})
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/p/automotive/maintenance-due")
    assert page.status_code == 200, page.text
    html = page.text
    assert html.index("苏A00001") < html.index("苏A00002") and "苏A00003" not in html
    assert "已逾期 5 天" in html and "5 天后" in html and "周车主" in html
    wider = await client.get(f"/t/{tenant.slug}/p/automotive/maintenance-due", params={"within_days": "30"})
    assert "苏A00003" in wider.text and 'value="30" selected' in wider.text
    assert (await client.get(f"/t/{tenant.slug}/p/gps_install/swaps")).status_code == 404


async def test_gps_swap_history_per_vehicle(client, make_tenant, page_login):
    """DOMAIN §9: the old and new terminal numbers and ICCIDs of a vehicle, newest first."""
    from tests.plugins.gps_install.test_http_workflow import API, PLATE, approved_and_assigned, repair_order
    from tests.plugins.gps_install.test_rules import ICCID19, ICCID20

    tenant = await make_tenant(plugins=("gps_install",))
    order = await repair_order(tenant)
    technician = await approved_and_assigned(tenant, order)
    for body in ({"plate": PLATE, "fault": "不定位", "old_terminal_no": "GT06A001", "new_terminal_no": "GT06A002"},
                 {"plate": PLATE, "old_iccid": ICCID19, "new_iccid": ICCID20}):
        response = await technician.post(f"{API}/work-orders/{order['id']}/swaps", json=body)
        assert response.status_code == 201, response.text
    await page_login(tenant.slug, tenant.admin_email)
    everything = await client.get(f"/t/{tenant.slug}/p/gps_install/swaps")
    assert everything.status_code == 200 and "GT06A001 → GT06A002" in everything.text
    name = (await tenant.get(f"/api/v1/users/{technician.admin_id}")).json()["name"]
    assert everything.text.count(f"<td>{name}</td>") == 2, "who recorded each swap"
    one = await client.get(f"/t/{tenant.slug}/p/gps_install/swaps", params={"plate": PLATE.lower()})
    assert one.text.index(ICCID20) < one.text.index("GT06A002")  # newest first
    other = await client.get(f"/t/{tenant.slug}/p/gps_install/swaps", params={"plate": "苏F54321"})
    assert "GT06A002" not in other.text and "暂无换机记录" in other.text
    assert (await client.get(f"/t/{tenant.slug}/p/automotive/maintenance-due")).status_code == 404


async def test_repair_points_page_shows_status_deposit_and_allowance(client, make_tenant, page_login):
    """DOMAIN 6.14 (001 第三条 A/B): the repair points with their office, status, deposit paid and
    required, and the decided (or else proposed) monthly allowance; another tenant's are absent."""
    tenant = await make_tenant(plugins=("lighting",))
    other = await make_tenant(plugins=("lighting",))
    stock = [{"sku": "BAL", "part_name": "镇流器", "unit_price_fen": 111, "quantity": 3}]
    for owner, office_name, point_name in ((tenant, "广州办事处", "海珠维修部"), (tenant, "深圳办事处", "福田维修部"),
                                           (other, "乙办事处", "乙的维修部")):
        office = (await owner.post(f"{LIGHTING}/offices/", json={"name": office_name, "region": "广东"})).json()
        created = await owner.post(f"{LIGHTING}/repair-points/", json={
            "office_id": office["id"], "name": point_name, "region": "广东", "address": "灯饰城", "contact": "李师傅",
            "allowance_proposed_fen": 60000, "stock": stock})
        assert created.status_code == 201, created.text
        if point_name == "海珠维修部":
            url = f"{LIGHTING}/repair-points/{created.json()['id']}"
            assert (await owner.post(f"{url}/approve", json={"allowance_fen": 45000})).status_code == 200
            assert (await owner.post(f"{url}/deposits", json={"amount_fen": 40})).status_code == 201
    await page_login(tenant.slug, tenant.admin_email)
    home = await client.get(f"/t/{tenant.slug}/")
    assert f'href="/t/{tenant.slug}/p/lighting/repair-points"' in home.text and "特约维修部" in home.text
    page = await client.get(f"/t/{tenant.slug}/p/lighting/repair-points")
    assert page.status_code == 200, page.text
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", page.text.split("<tbody>")[1], re.S)
    assert len(rows) == 2 and "乙的维修部" not in page.text
    fu_tian, hai_zhu = (next(row for row in rows if name in row) for name in ("福田维修部", "海珠维修部"))
    assert "福田维修部" in fu_tian and "深圳办事处" in fu_tian and "¥0.00 / ¥1.00" in fu_tian and "¥600.00" in fu_tian
    assert "海珠维修部" in hai_zhu and "¥0.40 / ¥1.00" in hai_zhu and "¥450.00" in hai_zhu and "30.00%" in hai_zhu
    assert " style=" not in page.text
    assert (await client.get(f"/t/{other.slug}/p/lighting/repair-points")).status_code == 404


async def every_page(tenant, url: str, **params) -> list[str]:
    """The ids of every row of an API list read one row a page, following its cursors."""
    seen, cursor = [], None
    while True:
        answer = (await tenant.get(url, params={**params, "limit": 1, **({"cursor": cursor} if cursor else {})})).json()
        seen += [row["id"] for row in answer["items"]]
        if not (cursor := answer["next_cursor"]):
            return seen


async def every_page_shown(client, monkeypatch, url: str, thing: str) -> list[str]:
    """The ids of every row of a lighting page read one row a page, following its "next page"."""
    monkeypatch.setattr("plugins.lighting.pages.LIMIT", 1)
    return [i for html in await pages_of(client, url) for i in listed(html, thing)]


def listed(html: str, thing: str) -> list[str]:
    """The ids of the rows (or cards) ``thing-<uuid>`` in ``html``, in the order shown."""
    return re.findall(rf'id="{thing}-([0-9a-f-]{{36}})"', html)


async def test_console_and_api_answer_the_same_return_batches(client, make_tenant, page_login):
    """Issue 18: the page reads the API's list (plugins.lighting.return_batches.batch_page): each
    column of the board is the API's list of that status, newest first (not by the day applied
    for); another company's batch is on neither."""
    tenant, other = await make_tenant(plugins=("lighting",)), await make_tenant(plugins=("lighting",))
    made = [await batch(tenant, f"第{n}办事处", today() - timedelta(days=days), arrive=arrive)
            for n, (days, arrive) in enumerate(((0, True), (5, True), (1, False), (2, True)))]
    theirs = await batch(other, "乙的办事处", today(), arrive=True)
    everything = (await tenant.get(f"{LIGHTING}/returns/")).json()["items"]
    assert [b["id"] for b in everything] == [b["id"] for b in reversed(made)]
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/p/lighting/returns")
    assert page.status_code == 200, page.text
    for status in ("applied", "signed", "approved", "received", "counted", "handled"):
        api = (await tenant.get(f"{LIGHTING}/returns/", params={"status": status})).json()["items"]
        assert [b["id"] for b in api] == listed(column(page.text, status), "batch"), status
    assert listed(column(page.text, "received"), "batch") == [made[3]["id"], made[1]["id"], made[0]["id"]]
    assert theirs["id"] not in page.text and theirs["id"] not in {b["id"] for b in everything}


async def test_console_and_api_answer_the_same_batch_quality_reports(client, make_tenant, page_login, monkeypatch):
    """Issue 18: the page reads the API's list (plugins.lighting.batch_quality.report_page): the
    same reports, the earliest visit due first (``?sort=visit_due``), paged alike; another company's
    report is on neither."""
    tenant, other = await make_tenant(plugins=("lighting",)), await make_tenant(plugins=("lighting",))

    async def report(owner, days_ago: int) -> dict:
        dealer = await owner.customer(name="华东经销商")
        response = await owner.post(f"{LIGHTING}/batch-quality/", json={
            "dealer_id": dealer["id"], "product": "lighting.tube", "quantity": 100, "description": "整批灯管发黑",
            "reported_on": str(today() - timedelta(days=days_ago))})
        assert response.status_code == 201, response.text
        return response.json()

    made = [await report(tenant, days_ago) for days_ago in (1, 4, 0, 4)]
    theirs = await report(other, 0)
    api = (await tenant.get(f"{LIGHTING}/batch-quality/", params={"sort": "visit_due"})).json()["items"]
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/p/lighting/batch-quality")
    assert page.status_code == 200, page.text
    due_first = [made[n]["id"] for n in (1, 3, 0, 2)]  # the same visit day in filing order
    assert [r["id"] for r in api] == listed(page.text, "report") == due_first
    assert await every_page(tenant, f"{LIGHTING}/batch-quality/", sort="visit_due") == due_first
    assert await every_page_shown(client, monkeypatch, f"/t/{tenant.slug}/p/lighting/batch-quality", "report") == \
        due_first
    newest = (await tenant.get(f"{LIGHTING}/batch-quality/")).json()["items"]
    assert [r["id"] for r in newest] == [r["id"] for r in reversed(made)]
    assert theirs["id"] not in page.text


async def test_console_and_api_answer_the_same_repair_points(client, make_tenant, page_login, monkeypatch):
    """Issue 18: the page reads the API's list (plugins.lighting.repair_points.point_page): the
    same repair points by name (``?sort=name``), paged alike; another company's point is on
    neither."""
    tenant, other = await make_tenant(plugins=("lighting",)), await make_tenant(plugins=("lighting",))
    stock = [{"sku": "BAL", "part_name": "镇流器", "unit_price_fen": 111, "quantity": 3}]

    async def point(owner, name: str) -> dict:
        office = (await owner.post(f"{LIGHTING}/offices/", json={"name": f"{name}办事处", "region": "广东"})).json()
        created = await owner.post(f"{LIGHTING}/repair-points/", json={
            "office_id": office["id"], "name": name, "region": "广东", "address": "灯饰城", "contact": "李师傅",
            "allowance_proposed_fen": 60000, "stock": stock})
        assert created.status_code == 201, created.text
        return created.json()

    made = [await point(tenant, name) for name in ("海珠维修部", "福田维修部", "白云维修部")]
    theirs = await point(other, "乙的维修部")
    api = (await tenant.get(f"{LIGHTING}/repair-points/", params={"sort": "name"})).json()["items"]
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/p/lighting/repair-points")
    assert page.status_code == 200, page.text
    by_name = [p["id"] for p in sorted(made, key=lambda p: p["name"])]
    assert [p["id"] for p in api] == listed(page.text, "point") == by_name
    assert await every_page(tenant, f"{LIGHTING}/repair-points/", sort="name") == by_name
    assert await every_page_shown(client, monkeypatch, f"/t/{tenant.slug}/p/lighting/repair-points", "point") == by_name
    refused = await tenant.get(f"{LIGHTING}/repair-points/", params={"sort": "by_mood"})
    assert refused.status_code in (400, 422) and refused.json()["errors"][0]["field"] == "sort"
    assert theirs["id"] not in page.text and "乙的维修部" not in page.text


async def test_console_and_api_answer_the_same_maintenance_due(client, make_tenant, page_login):
    """Issue 18: the page reads the API's list (plugins.automotive.service.due_list): the same
    vehicles, soonest due first (overdue ones included), in the default window and in a wider one;
    another company's vehicle is on neither."""
    tenant, other = await make_tenant(plugins=("automotive",)), await make_tenant(plugins=("automotive",))

    async def vehicle(owner, plate: str, last: int) -> dict:
        customer = await owner.customer(name="周车主")
        return await owner.asset(customer["id"], "automotive.vehicle", purchase_date="2023-01-01", attributes={
            "plate": plate, "maintenance_cycle": {"days": 30},
            "last_service_date": str(today() - timedelta(days=last))})

    soon, late, sooner, later = [await vehicle(tenant, plate, last) for plate, last in (
        ("苏A00001", 25), ("苏A00002", 35), ("苏A00003", 28), ("苏A00004", 1))]
    theirs = await vehicle(other, "苏B00001", 35)
    await page_login(tenant.slug, tenant.admin_email)
    for within_days, expected in (("7", [late, sooner, soon]), ("30", [late, sooner, soon, later])):
        api = (await tenant.get("/api/v1/p/automotive/maintenance/due", params={"within_days": within_days})).json()
        page = await client.get(f"/t/{tenant.slug}/p/automotive/maintenance-due", params={"within_days": within_days})
        assert page.status_code == 200, page.text
        assert [i["asset_id"] for i in api["items"]] == listed(page.text, "vehicle") == [v["id"] for v in expected]
        assert theirs["id"] not in page.text


async def test_console_and_api_answer_the_same_swaps(client, make_tenant, page_login, monkeypatch):
    """Issue 18: the page reads the API's list (plugins.gps_install.service.swap_page): a vehicle's
    swaps (the plate as written) newest first, as ``GET /vehicles/{plate}/swaps``; without a plate
    the latest swaps of every vehicle; another vehicle's and another company's are not a vehicle's."""
    from tests.plugins.gps_install.test_http_workflow import API, PLATE, approved_and_assigned, repair_order

    async def swaps(owner, *bodies: dict) -> list[dict]:
        order = await repair_order(owner)
        technician = await approved_and_assigned(owner, order)
        made = []
        for body in bodies:
            response = await technician.post(f"{API}/work-orders/{order['id']}/swaps", json=body)
            assert response.status_code == 201, response.text
            made.append(response.json())
        return made

    tenant, other = await make_tenant(plugins=("gps_install",)), await make_tenant(plugins=("gps_install",))
    made = await swaps(tenant, *({"plate": plate, "fault": "不定位", "old_terminal_no": f"GT06A00{n}",
                                  "new_terminal_no": f"GT06B00{n}"}
                                 for n, plate in enumerate((PLATE, "苏F54321", PLATE, PLATE))))
    theirs = await swaps(other, {"plate": PLATE, "fault": "不定位", "old_terminal_no": "GT06C001",
                                 "new_terminal_no": "GT06C002"})
    await page_login(tenant.slug, tenant.admin_email)
    api = (await tenant.get(f"{API}/vehicles/{PLATE.lower()}/swaps")).json()["items"]
    page = await client.get(f"/t/{tenant.slug}/p/gps_install/swaps", params={"plate": PLATE.lower()})
    assert page.status_code == 200, page.text
    assert [s["id"] for s in api] == listed(page.text, "swap") == [made[n]["id"] for n in (3, 2, 0)]
    everything = await client.get(f"/t/{tenant.slug}/p/gps_install/swaps")
    assert listed(everything.text, "swap") == [s["id"] for s in reversed(made)]
    assert theirs[0]["id"] not in page.text + everything.text
    monkeypatch.setattr("plugins.gps_install.pages.LIMIT", 1)  # one a page: "Next page" keeps the plate
    walked = await pages_of(client, f"/t/{tenant.slug}/p/gps_install/swaps?plate={PLATE.lower()}")
    assert [i for html in walked for i in listed(html, "swap")] == [s["id"] for s in api]
