"""The intake page: the form of the enabled plugins for the chosen kind (fields from its JSON
Schema, errors beside fields, values kept) and the warranty check before anything is promised."""

from __future__ import annotations

from datetime import date, timedelta

from tests.web.helpers import csrf_of


def lamp_purchase() -> str:
    return (date.today() - timedelta(days=90)).isoformat()


async def test_the_kind_brings_its_plugin_form_with_nested_groups_and_lines(client, make_tenant, page_login):
    tenant = await make_tenant(plugins=("lighting",))
    await page_login(tenant.slug, tenant.admin_email)
    base = f"/t/{tenant.slug}/tickets"
    assert "form.data." not in (await client.get(f"{base}/new")).text  # a repair has no lighting form

    fragment = await client.get(f"{base}/form-fields", params={"kind": "lighting.return_to_factory"})
    html = fragment.text
    assert "不良品产品返厂申请表" in html and 'name="form_id" value="lighting.return_to_factory"' in html
    for name in ("form.data.office", "form.data.items.0.product", "form.data.items.0.quantity",
                 "form.data.signature.signed_by", "form.data.application_date"):
        assert f'name="{name}"' in html, name
    assert 'id="f-form.data.application_date" name="form.data.application_date" type="date"' in html
    assert '<option value="lighting.cfl">' in html
    assert html.count("<legend>") >= 3  # the items group, its first line, the signature group

    page = await client.get(f"{base}/new")
    token = csrf_of(page.text)
    more = await client.post(f"{base}/form-fields", data={
        "_csrf_token": token, "kind": "lighting.return_to_factory", "add": "form.data.items",
        "form.data.office": "福州办事处", "form.data.items.0.reason": "不亮",
    })
    assert 'name="form.data.items.1.reason"' in more.text and 'value="福州办事处"' in more.text
    assert 'value="不亮"' in more.text


async def test_form_errors_are_shown_beside_their_fields_and_values_kept(client, make_tenant, page_login):
    tenant = await make_tenant(plugins=("lighting",))
    customer = await tenant.customer(name="华南经销商")
    await page_login(tenant.slug, tenant.admin_email)
    base = f"/t/{tenant.slug}/tickets"
    token = csrf_of((await client.get(f"{base}/new")).text)
    common = {"_csrf_token": token, "kind": "lighting.return_to_factory", "channel": "phone",
              "customer_id": customer["id"], "subject": "月度返厂", "form_id": "lighting.return_to_factory"}
    bad = await client.post(f"{base}/", data={
        **common, "form.data.office": "福州办事处", "form.data.region_code": "35",
        "form.data.items.0.product": "lighting.cfl", "form.data.items.0.quantity": "两箱",
    })
    assert bad.status_code == 422
    html = bad.text
    assert 'id="form.data.region_code-error">格式不正确<' in html
    assert 'id="form.data.items.0.quantity-error">请输入整数<' in html
    assert 'id="form.data.items.0.reason-error">此项为必填<' in html
    assert 'id="form.data.signature-error">此项为必填<' in html
    assert 'value="福州办事处"' in html and 'value="两箱"' in html and 'value="月度返厂"' in html

    good = await client.post(f"{base}/", data={
        **common, "form.data.office": "福州办事处", "form.data.region_code": "350100",
        "form.data.items.0.product": "lighting.cfl", "form.data.items.0.quantity": "40",
        "form.data.items.0.reason": "不亮", "form.data.signature.signed_by": "陈经理",
        "form.data.signature.role": "office_manager", "form.data.signature.signed_on": date.today().isoformat(),
    })
    assert good.status_code == 200, good.text
    ticket = (await tenant.get(f"/api/v1/tickets/{str(good.url).rsplit('/', 1)[1]}")).json()
    assert ticket["form"]["id"] == "lighting.return_to_factory"
    assert ticket["form"]["data"]["items"] == [{"product": "lighting.cfl", "quantity": 40, "reason": "不亮"}]


async def test_warranty_check_shows_decision_and_reasons_in_the_users_language(client, make_tenant, page_login):
    """DOMAIN §6 (lighting 第二条): a CFL that does not light, cap not aged, is exchanged one for one."""
    tenant = await make_tenant(plugins=("lighting",))
    customer = await tenant.customer(name="王女士")
    lamp = await tenant.asset(customer["id"], "lighting.cfl", model="ML-CFL 18W", purchase_date=lamp_purchase())
    await page_login(tenant.slug, tenant.admin_email)
    base = f"/t/{tenant.slug}/tickets"
    page = await client.get(f"{base}/new")
    assert 'name="fact.lighting.quality_fault" type="checkbox" checked' in page.text
    token = csrf_of(page.text)
    checked = await client.post(f"{base}/warranty-check", data={
        "_csrf_token": token, "asset_id": lamp["id"], "claimant": "consumer", "fact.lighting.quality_fault": "on",
    })
    assert checked.status_code == 200
    assert "换货" in checked.text and "在保修期内" in checked.text and "一支换一支" in checked.text
    assert "lighting.cfl.exchange" in checked.text
    recorded = (await tenant.get("/api/v1/warranty/decisions", params={"asset_id": lamp["id"]})).json()["items"]
    assert [d["decision"] for d in recorded] == ["exchange"]

    lit = await client.post(f"{base}/warranty-check", data={
        "_csrf_token": token, "asset_id": lamp["id"], "fact.lighting.quality_fault": "on",
        "fact.lighting.lights_up": "on",
    })
    assert "不予退换" in lit.text and "不在保修范围内" in lit.text

    none = await client.post(f"{base}/warranty-check", data={"_csrf_token": token})
    assert 'id="w-asset_id-error"' in none.text and "请先选择产品" in none.text

    await client.post("/lang", data={"_csrf_token": token, "locale": "en", "next": f"{base}/new"})
    english = await client.post(f"{base}/warranty-check", data={
        "_csrf_token": token, "asset_id": lamp["id"], "fact.lighting.quality_fault": "on"})
    assert "Exchange" in english.text and "exchanged one for one" in english.text


async def test_intake_pages_refuse_other_tenants_and_missing_csrf(client, make_tenant, page_login):
    tenant_a, tenant_b = await make_tenant(plugins=("lighting",)), await make_tenant(plugins=("lighting",))
    customer = await tenant_b.customer()
    lamp = await tenant_b.asset(customer["id"], "lighting.cfl", purchase_date=lamp_purchase())
    await page_login(tenant_a.slug, tenant_a.admin_email)
    token = csrf_of((await client.get(f"/t/{tenant_a.slug}/tickets/new")).text)
    other = await client.get(f"/t/{tenant_b.slug}/tickets/form-fields", params={"kind": "repair"})
    assert other.status_code == 404
    foreign = await client.post(f"/t/{tenant_a.slug}/tickets/warranty-check",
                                data={"_csrf_token": token, "asset_id": lamp["id"]})
    assert "请先选择产品" in foreign.text and "换货" not in foreign.text  # B's lamp is not found in A
    refused = await client.post(f"/t/{tenant_a.slug}/tickets/warranty-check", data={"asset_id": lamp["id"]})
    assert refused.status_code == 403


async def test_a_ticket_dispatched_at_intake_is_created_and_dispatched_or_neither(client, make_tenant, page_login):
    tenant, other = await make_tenant(), await make_tenant()
    customer = await tenant.customer(name="王女士")
    technician = await tenant.add_user("technician", name="李师傅")
    foreign = await other.add_user("technician", name="外企技师")
    agent = await tenant.add_user("agent")
    await page_login(tenant.slug, tenant.admin_email)
    base = f"/t/{tenant.slug}/tickets"
    page = (await client.get(f"{base}/new")).text
    assert "李师傅" in page and "外企技师" not in page
    common = {"_csrf_token": csrf_of(page), "kind": "repair", "channel": "phone", "customer_id": customer["id"]}
    for wrong in (foreign.admin_id, agent.admin_id):  # another company's technician; not a technician
        refused = await client.post(f"{base}/", data={**common, "subject": f"派错 {wrong}", "technician_id": wrong})
        assert refused.status_code == 422, refused.text
        assert 'id="technician_id-error"' in refused.text
    listed = (await tenant.get("/api/v1/tickets")).json()["items"]
    assert not [t for t in listed if t["subject"].startswith("派错")]  # nothing half-written
    created = await client.post(f"{base}/", data={**common, "subject": "节能灯不亮", "technician_id": technician.admin_id})
    assert created.status_code == 200, created.text
    ticket = (await tenant.get(f"/api/v1/tickets/{str(created.url).rsplit('/', 1)[1]}")).json()
    assert ticket["status"] == "assigned" and ticket["technician_id"] == technician.admin_id
    assert ticket["owner_id"] == tenant.admin_id  # the first-contact owner stays the desk
