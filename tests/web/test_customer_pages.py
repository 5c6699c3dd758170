"""Customer pages: the console and the API read customers through one path (same rows,
confidentiality and its audit included), search by any identifier, create and edit customers and
assets with every field error beside its field, the history, tenant isolation, query counts."""

from __future__ import annotations

import re
from datetime import date, timedelta
from uuid import UUID

from sqlalchemy import select, update

from core.confidentiality.models import AuditedRead
from core.customers.models import Customer
from core.db.tenancy import bind_tenant
from tests.web.helpers import counting, csrf_of, field_error, input_value

ICCID = "8986001234567890120"  # 19 digits, Luhn check digit 0
IDS = re.compile(r'href="/t/[^/]+/customers/([0-9a-f-]{36})"')


def listed(html: str) -> list[str]:
    """The customer ids a console list shows, in order."""
    return list(dict.fromkeys(IDS.findall(html)))


async def classify(shouhou_sessions, tenant, customer_id: str, level: str) -> None:
    async with shouhou_sessions() as session:
        bind_tenant(session, UUID(tenant.id))
        await session.execute(update(Customer).where(Customer.id == UUID(customer_id)).values(classification=level))
        await session.commit()


async def audited(shouhou_sessions, tenant, user_id: str) -> list[str]:
    async with shouhou_sessions() as session:
        bind_tenant(session, UUID(tenant.id))
        stmt = select(AuditedRead.record_id).where(AuditedRead.user_id == UUID(user_id),
                                                  AuditedRead.record_type == "customer_file")
        return list(await session.scalars(stmt))


async def test_console_and_api_answer_the_same_rows_and_audit_the_same_reads(
    client, make_tenant, page_login, shouhou_sessions
):
    """DOMAIN §5: a technician sees no top-secret customer file, in the API or the console; a
    manager sees it in both, and each console read of it is audited like an API read."""
    tenant = await make_tenant()
    secret = await tenant.customer(name="王总（绝密）", phone="13800138001")
    open_file = await tenant.customer(name="李女士", phone="13800138002")
    await classify(shouhou_sessions, tenant, open_file["id"], "internal")
    manager, technician = await tenant.add_user("manager"), await tenant.add_user("technician")

    for who, expected in ((manager, [open_file["id"], secret["id"]]), (technician, [open_file["id"]])):
        api = (await who.get("/api/v1/customers", params={"q": "1380013800"})).json()
        await page_login(tenant.slug, who.admin_email)
        page = await client.get(f"/t/{tenant.slug}/customers/", params={"q": "1380013800"})
        assert page.status_code == 200
        assert [c["id"] for c in api["items"]] == listed(page.text) == expected

    # The technician cannot open the file by its URL either (403, as the API); nothing audited.
    assert (await client.get(f"/t/{tenant.slug}/customers/{secret['id']}")).status_code == 403
    assert (await technician.get(f"/api/v1/customers/{secret['id']}")).status_code == 403
    assert await audited(shouhou_sessions, tenant, technician.admin_id) == []

    # The manager's API list read the secret file once, its console list once and its page once.
    await page_login(tenant.slug, manager.admin_email)
    assert (await client.get(f"/t/{tenant.slug}/customers/{secret['id']}")).status_code == 200
    assert await audited(shouhou_sessions, tenant, manager.admin_id) == [secret["id"]] * 3


async def test_search_finds_phone_in_any_format_plate_iccid_serial_and_address(client, make_tenant, page_login):
    tenant = await make_tenant(plugins=("automotive", "gps_install"))
    driver = await tenant.customer(name="张师傅", phone="13912345678", address="苏州市工业园区星湖街 328 号")
    await tenant.asset(driver["id"], "automotive.vehicle", serial="LSVAU2180N2183456", attributes={"plate": "苏E9A8B7"})
    fleet = await tenant.customer(name="顺达物流", phone="0512-66668888")
    await tenant.asset(fleet["id"], "gps_install.terminal", attributes={
        "terminal_number": "013912345678", "sim_iccid": ICCID, "vehicle_plate": "苏F12345"})
    other = await tenant.customer(name="无关客户", phone="13700000000", address="南京")
    await page_login(tenant.slug, tenant.admin_email)

    async def search(q: str) -> list[str]:
        return listed((await client.get(f"/t/{tenant.slug}/customers/", params={"q": q})).text)

    for q in ("139 1234 5678", "+86 139-1234-5678", "139 1234", "苏e9a8", "N2183456", "星湖街", "张师傅"):
        assert await search(q) == [driver["id"]], q
    for q in ("0512 6666 8888", "+86 512 66668888", "66668888", "8986 0012 3456 7890 120", "苏F12345"):
        assert await search(q) == [fleet["id"]], q
    assert await search("") == [other["id"], fleet["id"], driver["id"]]
    assert await search("没有这个人") == []
    # The API's search is the same query.
    api = (await tenant.get("/api/v1/customers", params={"q": "0512-6666 8888"})).json()
    assert [c["id"] for c in api["items"]] == [fleet["id"]]


async def test_create_and_edit_a_customer_with_every_error_beside_its_field(client, make_tenant, page_login):
    tenant = await make_tenant()
    await page_login(tenant.slug, tenant.admin_email)
    base = f"/t/{tenant.slug}/customers"
    page = await client.get(f"{base}/new")
    assert page.status_code == 200 and 'name="phone"' in page.text
    token = csrf_of(page.text)

    bad = await client.post(f"{base}/", data={"_csrf_token": token, "name": "  ", "phone": "12",
                                              "province": "990000", "address": "广州市天河区"})
    assert bad.status_code == 422
    assert field_error(bad.text, "phone") and field_error(bad.text, "province") and field_error(bad.text, "name")
    assert input_value(bad.text, "address") == "广州市天河区"
    assert (await tenant.get("/api/v1/customers")).json()["items"] == []

    good = await client.post(f"{base}/", data={"_csrf_token": token, "name": "王女士", "phone": "138 0013 8000",
                                               "province": "440000", "is_member": "on"}, follow_redirects=False)
    assert good.status_code == 303
    customer_id = good.headers["location"].rsplit("/", 1)[1]
    shown = await client.get(good.headers["location"])
    assert "王女士" in shown.text and "138 0013 8000" in shown.text  # stored as E.164, shown as people read it

    edit = await client.get(f"{base}/{customer_id}/edit")
    assert input_value(edit.text, "name") == "王女士"
    saved = await client.post(f"{base}/{customer_id}", data={
        "_csrf_token": csrf_of(edit.text), "name": "王丽", "phone": "0512-66668888", "province": "320000"},
        follow_redirects=False)
    assert saved.status_code == 303
    api = (await tenant.get(f"/api/v1/customers/{customer_id}")).json()
    assert (api["name"], api["phone"], api["province"], api["is_member"]) == ("王丽", "+8651266668888", "320000", False)


async def test_assets_take_their_types_attributes_as_fields_with_all_errors_at_once(client, make_tenant, page_login):
    tenant = await make_tenant(plugins=("automotive",))
    customer = await tenant.customer(name="张先生")
    await page_login(tenant.slug, tenant.admin_email)
    base = f"/t/{tenant.slug}/customers/{customer['id']}"
    page = await client.get(base)
    for name in ("attributes.plate", "attributes.vin", "attributes.mileage_km", "attributes.maintenance_cycle.months"):
        assert f'name="{name}"' in page.text, name
    assert 'id="f-a-attributes.last_service_date" name="attributes.last_service_date" type="date"' in page.text
    token = csrf_of(page.text)
    future = (date.today() + timedelta(days=30)).isoformat()

    bad = await client.post(f"{base}/assets", data={
        "_csrf_token": token, "type": "automotive.vehicle", "model": "朗逸", "purchase_date": future,
        "attributes.plate": "苏E12345", "attributes.vin": "bad-vin", "attributes.mileage_km": "-5"})
    assert bad.status_code == 422
    assert field_error(bad.text, "attributes.vin", "a-") == "格式不正确"
    assert field_error(bad.text, "attributes.mileage_km", "a-") == "数值过小"
    assert field_error(bad.text, "purchase_date", "a-")
    assert input_value(bad.text, "attributes.plate", "a-") == "苏E12345"
    assert (await tenant.get("/api/v1/assets")).json()["items"] == []

    good = await client.post(f"{base}/assets", data={
        "_csrf_token": token, "type": "automotive.vehicle", "model": "朗逸", "serial": "LSVAU2180N2183456",
        "attributes.plate": "苏E12345", "attributes.mileage_km": "12000", "attributes.maintenance_cycle.months": "6"},
        follow_redirects=False)
    assert good.status_code == 303 and good.headers["location"].endswith("#assets")
    asset = (await tenant.get("/api/v1/assets", params={"customer_id": customer["id"]})).json()["items"][0]
    assert asset["attributes"] == {"plate": "苏E12345", "mileage_km": 12000, "maintenance_cycle": {"months": 6}}

    edit = await client.get(f"{base}/assets/{asset['id']}/edit")
    assert input_value(edit.text, "attributes.maintenance_cycle.months", "a-") == "6"
    saved = await client.post(f"{base}/assets/{asset['id']}", data={
        "_csrf_token": csrf_of(edit.text), "type": "automotive.vehicle", "model": "朗逸 2024",
        "attributes.plate": "苏E54321", "attributes.mileage_km": "15000"}, follow_redirects=False)
    assert saved.status_code == 303
    again = (await tenant.get(f"/api/v1/assets/{asset['id']}")).json()
    assert (again["model"], again["attributes"]) == ("朗逸 2024", {"plate": "苏E54321", "mileage_km": 15000})

    fields = await client.get(f"{base}/asset-fields", params={"type": "automotive.vehicle"})
    assert 'name="attributes.vin"' in fields.text


async def test_another_tenants_customer_or_asset_is_404(client, make_tenant, page_login):
    tenant_a, tenant_b = await make_tenant(plugins=("automotive",)), await make_tenant(plugins=("automotive",))
    theirs = await tenant_b.customer(name="别家客户")
    their_car = await tenant_b.asset(theirs["id"], "automotive.vehicle", attributes={"plate": "苏A00001"})
    mine = await tenant_a.customer(name="自家客户")
    await page_login(tenant_a.slug, tenant_a.admin_email)
    base = f"/t/{tenant_a.slug}/customers"
    for url in (f"{base}/{theirs['id']}", f"{base}/{theirs['id']}/edit",
                f"{base}/{mine['id']}/assets/{their_car['id']}/edit"):
        assert (await client.get(url)).status_code == 404, url
    token = csrf_of((await client.get(f"{base}/new")).text)
    changed = await client.post(f"{base}/{theirs['id']}", data={"_csrf_token": token, "name": "改名"})
    assert changed.status_code == 404
    assert (await tenant_b.get(f"/api/v1/customers/{theirs['id']}")).json()["name"] == "别家客户"
    assert listed((await client.get(f"{base}/", params={"q": "苏A00001"})).text) == []


async def test_customer_page_shows_its_history_in_a_fixed_number_of_queries(
    client, shouhou_app, make_tenant, page_login
):
    tenant = await make_tenant(plugins=("lighting",))
    customer = await tenant.customer(name="王女士")
    lamp = await tenant.asset(customer["id"], "lighting.cfl", model="ML-CFL 18W",
                              purchase_date=(date.today() - timedelta(days=90)).isoformat())
    await page_login(tenant.slug, tenant.admin_email)
    url = f"/t/{tenant.slug}/customers/{customer['id']}"

    async def add_ticket(subject: str) -> dict:
        response = await tenant.post("/api/v1/tickets", json={
            "kind": "repair", "channel": "phone", "customer_id": customer["id"], "asset_id": lamp["id"],
            "subject": subject, "description": "不亮"})
        assert response.status_code == 201, response.text
        ticket = response.json()
        charge = await tenant.post(f"/api/v1/tickets/{ticket['id']}/charges", json={
            "kind": "parts", "description": f"镇流器 {subject}", "free": False, "amount_fen": 3500})
        assert charge.status_code == 201, charge.text
        return ticket

    first = await add_ticket("灯不亮")
    decision = await tenant.post("/api/v1/warranty/decisions", json={
        "asset_id": lamp["id"], "claim_date": date.today().isoformat(), "claimant": "consumer",
        "facts": {"lights_up": False}})
    assert decision.status_code == 200, decision.text
    complaint = await tenant.post("/api/v1/complaints", json={
        "type": "service", "customer_id": customer["id"], "description": "师傅迟到两小时"})
    assert complaint.status_code == 201, complaint.text

    await client.get(url)  # the node's caches warm (the confidentiality rules)
    with counting(shouhou_app) as once:
        page = await client.get(url)
    html = page.text
    for shown in (first["number"], "师傅迟到两小时", "镇流器 灯不亮", "¥35.00", "ML-CFL 18W", "换货"):
        assert shown in html, shown

    for i in range(3):
        await add_ticket(f"第{i}次")
    with counting(shouhou_app) as more:
        assert (await client.get(url)).status_code == 200
    assert len(more) == len(once), (len(once), len(more))
    assert len(once) <= 25, once


async def test_the_customer_list_runs_the_same_queries_for_one_row_or_many(
    client, shouhou_app, make_tenant, page_login
):
    tenant = await make_tenant()
    await tenant.customer(name="客户 0")
    await page_login(tenant.slug, tenant.admin_email)
    url = f"/t/{tenant.slug}/customers/"
    await client.get(url)  # the node's caches warm (the confidentiality rules)
    with counting(shouhou_app) as one:
        assert (await client.get(url)).status_code == 200
    for i in range(1, 8):
        await tenant.customer(name=f"客户 {i}", phone=f"1380013800{i}")
    with counting(shouhou_app) as eight:
        page = await client.get(url, params={"q": "客户"})
    assert len(listed(page.text)) == 8
    assert len(eight) == len(one), (len(one), len(eight))


async def test_the_menu_leads_to_customers_and_viewers_cannot_write(client, make_tenant, page_login):
    tenant = await make_tenant()
    await page_login(tenant.slug, tenant.admin_email)
    home = await client.get(f"/t/{tenant.slug}/")
    assert f'href="/t/{tenant.slug}/customers"' in home.text and "客户" in home.text
    viewer = await tenant.add_user("viewer")
    await page_login(tenant.slug, viewer.admin_email)
    assert (await client.get(f"/t/{tenant.slug}/customers/new")).status_code == 403
    assert (await client.get(f"/t/{tenant.slug}/customers/")).status_code == 200


async def test_console_and_api_answer_the_same_history_of_a_customer(client, make_tenant, page_login):
    """Issue 18: a customer file's ticket and complaint history is the first page of the API's
    lists of that customer, newest first (``/tickets?customer_id&sort=newest``,
    ``/complaints?customer_id``): another customer's and another company's are in neither."""
    tenant, other = await make_tenant(), await make_tenant()
    customer, neighbour = await tenant.customer(name="周女士"), await tenant.customer(name="吴先生")

    async def ticket(owner, about: dict, subject: str) -> str:
        made = await owner.post("/api/v1/tickets", json={"kind": "repair", "channel": "phone",
                                                         "customer_id": about["id"], "subject": subject})
        assert made.status_code == 201, made.text
        return made.json()["id"]

    async def complaint(owner, about: dict, description: str) -> str:
        made = await owner.post("/api/v1/complaints", json={"type": "service", "customer_id": about["id"],
                                                            "description": description})
        assert made.status_code == 201, made.text
        return made.json()["id"]

    tickets = [await ticket(tenant, customer, f"第{n}次报修") for n in range(3)]
    complaints = [await complaint(tenant, customer, f"第{n}次投诉") for n in range(2)]
    elsewhere = [await ticket(tenant, neighbour, "邻居的单"), await complaint(tenant, neighbour, "邻居的投诉"),
                 await ticket(other, await other.customer(), "别家的单")]
    api_tickets = (await tenant.get("/api/v1/tickets", params={"customer_id": customer["id"], "sort": "newest"})).json()
    api_complaints = (await tenant.get("/api/v1/complaints", params={"customer_id": customer["id"]})).json()
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/customers/{customer['id']}")
    assert page.status_code == 200

    def section(title_id: str, kind: str) -> list[str]:
        card = page.text.split(f'aria-labelledby="{title_id}"', 1)[1].split("</section>", 1)[0]
        return re.findall(rf'href="/t/{tenant.slug}/{kind}/([0-9a-f-]{{36}})"', card)

    assert section("tickets-title", "tickets") == [t["id"] for t in api_tickets["items"]] == tickets[::-1]
    assert section("complaints-title", "complaints") == [c["id"] for c in api_complaints["items"]] == complaints[::-1]
    assert not any(made in page.text for made in elsewhere)
