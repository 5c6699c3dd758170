"""The shift hand-over page (/t/{slug}/shifts): the notes with their open questions, writing a note
through the form, acknowledging it and resolving a question; roles and tenants."""

from __future__ import annotations

import re

from core.testing import PASSWORD
from tests.core.shifts.helpers import URL, open_ticket, write
from tests.web.helpers import csrf_of, field_error, pages_of


async def login(client, slug: str, email: str):
    """Sign the client in through the login page."""
    page = await client.get("/login")
    response = await client.post(
        "/login", data={"_csrf_token": csrf_of(page.text), "tenant": slug, "email": email, "password": PASSWORD}
    )
    assert response.status_code in (200, 303), response.text


async def test_write_a_note_on_the_page_then_the_next_shift_acknowledges_it(client, make_tenant):
    """DOMAIN §11: the form writes the note with the typed questions and the writer's open tickets;
    the writer is offered no acknowledge button, the next shift acknowledges and resolves."""
    tenant = await make_tenant()
    agent = await tenant.add_user("agent", name="王客服")
    customer = await tenant.customer()
    ticket = await open_ticket(tenant, customer["id"], "热水器漏水")
    await login(client, tenant.slug, tenant.admin_email)
    url = f"/t/{tenant.slug}/shifts/"

    page = await client.get(url)
    assert page.status_code == 200, page.text
    assert 'for="f-summary"' in page.text and 'for="f-questions"' in page.text and 'for="f-shift"' in page.text
    assert f'href="/t/{tenant.slug}/shifts"' in page.text  # the menu entry
    token = csrf_of(page.text)

    blank = await client.post(url, data={"_csrf_token": token, "shift": "night", "summary": "",
                                         "questions": "备件未到"})
    assert blank.status_code == 422 and field_error(blank.text, "summary")
    assert "备件未到" in blank.text  # what was typed stays
    bad_shift = await client.post(url, data={"_csrf_token": token, "shift": "evening", "summary": "x"})
    assert bad_shift.status_code == 422 and field_error(bad_shift.text, "shift")

    written = await client.post(url, data={"_csrf_token": token, "shift": "night", "summary": "夜间来电三个",
                                           "questions": "备件未到\n\n  回访赵先生 \n"})
    assert written.status_code == 200, written.text
    assert "夜间来电三个" in written.text and "回访赵先生" in written.text
    assert f"{ticket['number']} 热水器漏水" in written.text
    assert "/acknowledge" not in written.text  # the writer does not acknowledge their own note
    [note] = (await tenant.get(URL)).json()["items"]
    assert [i["question"] for i in note["items"]] == ["备件未到", "回访赵先生", f"{ticket['number']} 热水器漏水"]

    await login(client, tenant.slug, agent.admin_email)
    page = await client.get(url)
    action = f"/t/{tenant.slug}/shifts/{note['id']}/acknowledge"
    assert f'action="{action}"' in page.text
    token = csrf_of(page.text)
    taken = await client.post(action, data={"_csrf_token": token})
    assert taken.status_code == 200 and "王客服" in taken.text and f'action="{action}"' not in taken.text
    again = await client.post(action, data={"_csrf_token": token})
    assert again.status_code == 409 and 'role="alert"' in again.text

    item = note["items"][0]
    resolve = f"/t/{tenant.slug}/shifts/{note['id']}/items/{item['id']}/resolve"
    assert (await client.post(resolve, data={"_csrf_token": token})).status_code == 200
    assert (await tenant.get(f"{URL}/{note['id']}")).json()["items"][0]["resolved"] is True
    assert len(re.findall(r'/resolve"', (await client.get(url)).text)) == 2


async def test_the_page_is_refused_to_roles_that_may_not_read_secret_records(client, make_tenant):
    """DOMAIN §5: a viewer gets the 403 page; so does a technician once the tenant keeps secret
    records to admins and managers."""
    tenant = await make_tenant()
    viewer = await tenant.add_user("viewer")
    technician = await tenant.add_user("technician")
    url = f"/t/{tenant.slug}/shifts/"
    await login(client, tenant.slug, viewer.admin_email)
    assert (await client.get(url)).status_code == 403
    await login(client, tenant.slug, technician.admin_email)
    assert (await client.get(url)).status_code == 200
    await tenant.put("/api/v1/confidentiality/rules", json={"rules": {"secret": ["admin", "manager"]}})
    assert (await client.get(url)).status_code == 403


async def test_another_tenants_page_and_notes_are_not_found(client, tenant_a, tenant_b):
    """Another tenant's slug is 404, its notes are not shown, and posting to them is 404."""
    note = await write(tenant_a, summary="A 的交接")
    await login(client, tenant_b.slug, tenant_b.admin_email)
    assert (await client.get(f"/t/{tenant_a.slug}/shifts/")).status_code == 404
    own = await client.get(f"/t/{tenant_b.slug}/shifts/")
    assert own.status_code == 200 and "A 的交接" not in own.text
    foreign = await client.post(f"/t/{tenant_b.slug}/shifts/{note['id']}/acknowledge",
                                data={"_csrf_token": csrf_of(own.text)})
    assert foreign.status_code == 404


async def test_console_and_api_answer_the_same_notes(client, tenant_a, tenant_b, monkeypatch):
    """Issue 18: the page reads the API's list (core.shifts.queries.note_page): the same notes,
    newest first, with the same questions, for a technician; a viewer is refused by both (DOMAIN §5)."""
    made = [await write(tenant_a, summary=f"交接 {n}", items=[{"question": f"问题 {n}"}]) for n in range(3)]
    await write(tenant_b, summary="B 的交接")
    technician, viewer = await tenant_a.add_user("technician"), await tenant_a.add_user("viewer")
    api = (await technician.get(URL)).json()["items"]
    await login(client, tenant_a.slug, technician.admin_email)
    page = await client.get(f"/t/{tenant_a.slug}/shifts/")
    assert [n["id"] for n in api] == re.findall(r'id="note-([0-9a-f-]{36})"', page.text)
    assert [n["id"] for n in api] == [n["id"] for n in reversed(made)]
    assert all(f"问题 {n}" in page.text for n in range(3)) and "B 的交接" not in page.text
    monkeypatch.setattr("core.web.shifts.PAGE_SIZE", 1)  # one a page: "Next page" walks the API's order
    walked = await pages_of(client, f"/t/{tenant_a.slug}/shifts/")
    assert [i for html in walked for i in re.findall(r'id="note-([0-9a-f-]{36})"', html)] == [n["id"] for n in api]
    assert (await viewer.get(URL)).status_code == 403
    await login(client, tenant_a.slug, viewer.admin_email)
    assert (await client.get(f"/t/{tenant_a.slug}/shifts/")).status_code == 403
