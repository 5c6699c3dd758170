"""Internal notes on tickets (issue: console for a real service-desk day, item 5): staff write and
read them; they never travel with the ticket, its history or anything meant for the customer."""

from __future__ import annotations

from tests.core.attachments.test_attachments_api import new_ticket


async def test_staff_write_and_read_notes_and_the_ticket_does_not_carry_them(tenant_a):
    ticket = await new_ticket(tenant_a)
    agent, viewer = await tenant_a.add_user("agent"), await tenant_a.add_user("viewer")
    url = f"/api/v1/tickets/{ticket['id']}/notes"
    written = await agent.post(url, json={"body": "  客户脾气急，先打电话再上门  "})
    assert written.status_code == 201, written.text
    assert written.json()["body"] == "客户脾气急，先打电话再上门" and written.json()["author_id"] == agent.admin_id
    assert (await viewer.post(url, json={"body": "看一眼"})).status_code == 403
    listed = await viewer.get(url)
    assert [n["body"] for n in listed.json()] == ["客户脾气急，先打电话再上门"]
    shown = await tenant_a.get(f"/api/v1/tickets/{ticket['id']}")
    events = await tenant_a.get(f"/api/v1/tickets/{ticket['id']}/events")
    assert "脾气急" not in shown.text and "脾气急" not in events.text


async def test_a_note_needs_words_and_at_most_4000_characters(tenant_a):
    ticket = await new_ticket(tenant_a)
    url = f"/api/v1/tickets/{ticket['id']}/notes"
    for body in ("   ", "字" * 4001):
        refused = await tenant_a.post(url, json={"body": body})
        assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "body"
    assert (await tenant_a.post(url, json={"body": "字" * 4000})).status_code == 201
    assert (await tenant_a.post(url, json={"text": "wrong field"})).status_code == 400


async def test_another_tenants_ticket_has_no_notes_for_you(tenant_a, tenant_b):
    ticket = await new_ticket(tenant_a)
    await tenant_a.post(f"/api/v1/tickets/{ticket['id']}/notes", json={"body": "内部"})
    assert (await tenant_b.get(f"/api/v1/tickets/{ticket['id']}/notes")).status_code == 404
    assert (await tenant_b.post(f"/api/v1/tickets/{ticket['id']}/notes", json={"body": "x"})).status_code == 404
