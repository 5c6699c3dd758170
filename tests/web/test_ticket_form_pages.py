"""Filling a required form from the ticket page (DOMAIN 1.6, 7.1; source 000)."""

from __future__ import annotations

from tests.plugins.lubricants.test_required_forms import REGISTRATION, REGISTRATION_DATA, lubricants_desk, open_ticket
from tests.web.helpers import csrf_of, field_error


async def test_the_ticket_page_asks_for_the_registration_and_the_form_page_fills_it(client, make_tenant, page_login):
    tenant, customer, technician = await lubricants_desk(make_tenant, require_forms=True)
    ticket = await open_ticket(tenant, customer)
    await page_login(tenant.slug, tenant.admin_email)
    url = f"/t/{tenant.slug}/tickets/{ticket['id']}"
    page = await client.get(url)
    assert "现场服务登记表" in page.text and "派工前填写现场服务登记表" in page.text
    assert f'{url}/forms/{REGISTRATION}' in page.text

    form_page = await client.get(f"{url}/forms/{REGISTRATION}")
    assert form_page.status_code == 200 and 'name="form.data.fault"' in form_page.text
    token = csrf_of(form_page.text)
    fields = {f"form.data.{k}": v for k, v in REGISTRATION_DATA.items()}
    missing = await client.post(f"{url}/forms/{REGISTRATION}", data={"_csrf_token": token, **fields,
                                                                    "form.data.fault": ""})
    assert missing.status_code == 422 and field_error(missing.text, "form.data.fault")
    saved = await client.post(f"{url}/forms/{REGISTRATION}", data={"_csrf_token": token, **fields})
    assert saved.status_code == 200 and str(saved.url).endswith(f"{ticket['id']}#forms")
    assert "已填写" in saved.text
    assigned = await tenant.post(f"/api/v1/tickets/{ticket['id']}/transitions",
                                 json={"action": "assign", "technician_id": technician.admin_id})
    assert assigned.status_code == 200

    other = await make_tenant(plugins=("lubricants",))
    await page_login(other.slug, other.admin_email)
    assert (await client.get(f"/t/{other.slug}/tickets/{ticket['id']}/forms/{REGISTRATION}")).status_code == 404
