"""Forms an action requires (DOMAIN 1.6, 7.1, 7.2; source 000): the on-site service registration
before a technician is dispatched, the service feedback form signed and stamped by the customer
before acceptance. A lubricants tenant switches them on with the setting ``require_forms``."""

from __future__ import annotations

import pytest

REGISTRATION, FEEDBACK = "lubricants.on_site_service_registration", "lubricants.service_feedback"
REGISTRATION_DATA = {"customer": "某机械厂", "contact": "王工", "phone": "13800138000", "address": "苏州工业园区",
                     "fault": "集中润滑泵不出油", "phone_guidance": "电话指导检查油箱油位，仍不出油"}
FEEDBACK_DATA = {"technician": "李师傅", "customer": "某机械厂", "arrived_at": "2026-03-02T09:30:00+08:00",
                 "fault_found": "泵体密封圈老化", "work_done": "更换密封圈并试机",
                 "customer_signature": {"name": "王工", "signed_on": "2026-03-02"},
                 "company_stamp": {"stamped": True}}


async def lubricants_desk(make_tenant, require_forms: bool):
    tenant = await make_tenant(plugins=("lubricants",))
    if require_forms:
        saved = await tenant.put("/api/v1/tenant/plugins/lubricants",
                                 json={"enabled": True, "settings": {"require_forms": True}})
        assert saved.status_code == 200, saved.text
    customer = await tenant.customer(name="某机械厂")
    technician = await tenant.add_user("technician", name="李师傅")
    return tenant, customer, technician


async def open_ticket(tenant, customer, kind="repair", form=None):
    body = {"kind": kind, "channel": "phone", "customer_id": customer["id"], "subject": "润滑泵不出油",
            **({"form": form} if form else {})}
    response = await tenant.post("/api/v1/tickets", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def act(tenant, ticket, action, **fields):
    return await tenant.post(f"/api/v1/tickets/{ticket['id']}/transitions", json={"action": action, **fields})


@pytest.fixture
async def strict(make_tenant):
    return await lubricants_desk(make_tenant, require_forms=True)


async def test_domain_1_6_no_dispatch_without_the_on_site_registration(strict):
    """DOMAIN 1.6 / 7.1 (000): with ``require_forms``, dispatch without the registration is 409
    (field ``form``) and changes nothing; filled at intake, dispatch goes through."""
    tenant, customer, technician = strict
    ticket = await open_ticket(tenant, customer)
    refused = await act(tenant, ticket, "assign", technician_id=technician.admin_id)
    assert refused.status_code == 409
    assert refused.json()["errors"] == [{"field": "form", "message": REGISTRATION}]
    after = (await tenant.get(f"/api/v1/tickets/{ticket['id']}")).json()
    assert after["status"] == "new" and after["technician_id"] is None

    with_form = await open_ticket(tenant, customer, form={"id": REGISTRATION, "data": REGISTRATION_DATA})
    assert (await act(tenant, with_form, "assign", technician_id=technician.admin_id)).status_code == 200


async def test_domain_1_6_the_registration_can_be_filled_after_intake(strict):
    """DOMAIN 1.6: the agent fills the registration on the open ticket, then dispatches."""
    tenant, customer, technician = strict
    ticket = await open_ticket(tenant, customer)
    forms = (await tenant.get(f"/api/v1/tickets/{ticket['id']}/forms")).json()
    assert [(r["form_id"], r["before_action"], r["filled"]) for r in forms["required"]] == [
        (REGISTRATION, "assign", False), (FEEDBACK, "accept", False)]
    bad = await tenant.post(f"/api/v1/tickets/{ticket['id']}/forms",
                            json={"id": REGISTRATION, "data": {**REGISTRATION_DATA, "fault": ""}})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "form.data.fault"
    filled = await tenant.post(f"/api/v1/tickets/{ticket['id']}/forms", json={"id": REGISTRATION, "data": REGISTRATION_DATA})
    assert filled.status_code == 201, filled.text
    assert filled.json()["required"][0]["filled"] is True
    assert filled.json()["forms"][0]["form_id"] == REGISTRATION and filled.json()["forms"][0]["form_version"] >= 1
    assert (await act(tenant, ticket, "assign", technician_id=technician.admin_id)).status_code == 200
    history = (await tenant.get(f"/api/v1/tickets/{ticket['id']}/events")).json()["items"]
    assert [e["action"] for e in history][-2:] == ["form", "assign"]


async def test_domain_7_2_acceptance_needs_the_signed_and_stamped_feedback_form(strict):
    """DOMAIN 7.2 (000): the customer signs and stamps the service feedback form; without it the
    work is not accepted. The form's schema refuses a feedback form without the stamp."""
    tenant, customer, technician = strict
    ticket = await open_ticket(tenant, customer, form={"id": REGISTRATION, "data": REGISTRATION_DATA})
    for action, fields in (("assign", {"technician_id": technician.admin_id}), ("resolve", {"resolution": "更换密封圈"})):
        assert (await act(tenant, ticket, action, **fields)).status_code == 200
    refused = await act(tenant, ticket, "accept", signed_by="王工")
    assert refused.status_code == 409 and refused.json()["errors"] == [{"field": "form", "message": FEEDBACK}]
    unstamped = {k: v for k, v in FEEDBACK_DATA.items() if k != "company_stamp"}
    bad = await tenant.post(f"/api/v1/tickets/{ticket['id']}/forms", json={"id": FEEDBACK, "data": unstamped})
    assert bad.status_code == 422 and "company_stamp" in bad.text
    await tenant.post(f"/api/v1/tickets/{ticket['id']}/forms", json={"id": FEEDBACK, "data": FEEDBACK_DATA})
    assert (await act(tenant, ticket, "accept", signed_by="王工")).json()["status"] == "accepted"


async def test_domain_7_1_the_registration_says_what_the_phone_guidance_tried(strict):
    """DOMAIN 7.1 (000): phone guidance comes first; the registration for an on-site visit says
    what was tried by phone, so a registration without it is refused (422 on the field)."""
    tenant, customer, _ = strict
    ticket = await open_ticket(tenant, customer)
    for guidance in (None, ""):
        data = {k: v for k, v in REGISTRATION_DATA.items() if k != "phone_guidance"}
        if guidance is not None:
            data["phone_guidance"] = guidance
        refused = await tenant.post(f"/api/v1/tickets/{ticket['id']}/forms", json={"id": REGISTRATION, "data": data})
        assert refused.status_code == 422 and "phone_guidance" in refused.text


async def test_a_consultation_needs_no_on_site_form(strict):
    """The requirements concern on-site kinds (repair, maintenance, installation) only."""
    tenant, customer, technician = strict
    ticket = await open_ticket(tenant, customer, kind="consultation")
    assert (await act(tenant, ticket, "assign", technician_id=technician.admin_id)).status_code == 200


async def test_off_by_default_and_nothing_for_other_tenants(make_tenant):
    """Without ``require_forms`` (the default) dispatch goes as API.md has it; a tenant without
    the plugin has no requirement and cannot fill its forms."""
    tenant, customer, technician = await lubricants_desk(make_tenant, require_forms=False)
    ticket = await open_ticket(tenant, customer)
    assert (await tenant.get(f"/api/v1/tickets/{ticket['id']}/forms")).json()["required"] == []
    assert (await act(tenant, ticket, "assign", technician_id=technician.admin_id)).status_code == 200

    other = await make_tenant(plugins=("lighting",))
    theirs = await open_ticket(other, await other.customer())
    refused = await other.post(f"/api/v1/tickets/{theirs['id']}/forms", json={"id": REGISTRATION, "data": REGISTRATION_DATA})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "form.id"


async def test_closed_tickets_take_no_forms_and_other_tenants_see_none(strict, make_tenant):
    tenant, customer, _ = strict
    ticket = await open_ticket(tenant, customer, kind="consultation")
    for action in ({"action": "resolve", "resolution": "电话指导"}, {"action": "close"}):
        assert (await tenant.post(f"/api/v1/tickets/{ticket['id']}/transitions", json=action)).status_code == 200
    late = await tenant.post(f"/api/v1/tickets/{ticket['id']}/forms", json={"id": REGISTRATION, "data": REGISTRATION_DATA})
    assert late.status_code == 409

    other = await make_tenant(plugins=("lubricants",))
    assert (await other.get(f"/api/v1/tickets/{ticket['id']}/forms")).status_code == 404
    foreign = await other.post(f"/api/v1/tickets/{ticket['id']}/forms", json={"id": REGISTRATION, "data": REGISTRATION_DATA})
    assert foreign.status_code == 404


async def test_seed_000_art_3_2_6_a_company_signs_and_stamps_the_feedback_form(make_tenant):
    """000 第三条(二)6 (DOMAIN 7.2): the customer signs the service feedback form and a company
    customer also stamps it. A company's form signed but not stamped is refused (422 on
    ``form.data.company_stamp.stamped``, nothing attached) and acceptance stays 409; stamped, it is
    accepted. A private customer's signature alone is enough."""
    tenant = await make_tenant(plugins=("lubricants",))
    await tenant.put("/api/v1/tenant/plugins/lubricants", json={"enabled": True, "settings": {"require_forms": True}})
    technician = await tenant.add_user("technician", name="李师傅")
    unstamped = {**FEEDBACK_DATA, "company_stamp": {"stamped": False}}

    async def ready(customer):
        ticket = await open_ticket(tenant, customer, form={"id": REGISTRATION, "data": REGISTRATION_DATA})
        for action, fields in (("assign", {"technician_id": technician.admin_id}), ("resolve", {"resolution": "更换密封圈"})):
            assert (await act(tenant, ticket, action, **fields)).status_code == 200
        return ticket

    company = await ready(await tenant.customer(name="某机械厂", is_company=True))
    refused = await tenant.post(f"/api/v1/tickets/{company['id']}/forms", json={"id": FEEDBACK, "data": unstamped})
    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"][0]["field"] == "form.data.company_stamp.stamped"
    forms = (await tenant.get(f"/api/v1/tickets/{company['id']}/forms")).json()
    assert [f["form_id"] for f in forms["forms"]] == [REGISTRATION]
    still = await act(tenant, company, "accept", signed_by="王工", stamped=True)
    assert still.status_code == 409 and still.json()["errors"] == [{"field": "form", "message": FEEDBACK}]
    assert (await tenant.post(f"/api/v1/tickets/{company['id']}/forms",
                              json={"id": FEEDBACK, "data": FEEDBACK_DATA})).status_code == 201
    assert (await act(tenant, company, "accept", signed_by="王工", stamped=True)).json()["status"] == "accepted"

    person = await ready(await tenant.customer(name="王先生"))
    assert (await tenant.post(f"/api/v1/tickets/{person['id']}/forms",
                              json={"id": FEEDBACK, "data": unstamped})).status_code == 201
    assert (await act(tenant, person, "accept", signed_by="王先生")).json()["status"] == "accepted"


async def test_seed_000_art_3_2_6_an_unstamped_form_filled_at_intake_does_not_pass_acceptance(make_tenant):
    """000 第三条(二)6: the company's stamp is checked at acceptance too, whichever way the form came
    (here at intake): 409 on ``form`` until a stamped form is attached."""
    tenant = await make_tenant(plugins=("lubricants",))
    await tenant.put("/api/v1/tenant/plugins/lubricants", json={"enabled": True, "settings": {"require_forms": True}})
    technician = await tenant.add_user("technician")
    customer = await tenant.customer(name="某机械厂", is_company=True)
    unstamped = {**FEEDBACK_DATA, "company_stamp": {"stamped": False}}
    ticket = await open_ticket(tenant, customer, form={"id": FEEDBACK, "data": unstamped})
    assert (await tenant.post(f"/api/v1/tickets/{ticket['id']}/forms",
                              json={"id": REGISTRATION, "data": REGISTRATION_DATA})).status_code == 201
    assert (await act(tenant, ticket, "assign", technician_id=technician.admin_id)).status_code == 200
    assert (await act(tenant, ticket, "resolve", resolution="已处理")).status_code == 200
    refused = await act(tenant, ticket, "accept", signed_by="王工", stamped=True)
    assert refused.status_code == 409 and refused.json()["errors"] == [{"field": "form", "message": FEEDBACK}]
    assert (await tenant.post(f"/api/v1/tickets/{ticket['id']}/forms",
                              json={"id": FEEDBACK, "data": FEEDBACK_DATA})).status_code == 201
    assert (await act(tenant, ticket, "accept", signed_by="王工", stamped=True)).json()["status"] == "accepted"
