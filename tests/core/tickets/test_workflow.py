"""The ticket state machine (DOMAIN §1 workflow; API.md transitions): every action from every state."""

from __future__ import annotations

import pytest

from core.tickets.workflow import ACTIONS, STATES, TRANSITIONS
from tests.core.tickets.conftest import signup

ON_SITE = ["assign", "schedule", "confirm", "arrive", "quote"]

#: How to reach each state from ``new``.
PATHS = {
    "new": [],
    "escalated": ["escalate"],
    "reopened": ["resolve", "reopen"],
    "assigned": ["assign"],
    "scheduled": ["assign", "schedule"],
    "confirmed": ["assign", "schedule", "confirm"],
    "on_site": ON_SITE,
    "visited": [*ON_SITE, "depart"],
    "taken_back": [*ON_SITE, "take_back"],
    "resolved": [*ON_SITE, "resolve"],
    "accepted": [*ON_SITE, "resolve", "accept"],
    "closed": ["resolve", "close"],
    "cancelled": ["cancel"],
}


def test_every_state_has_a_path():
    assert set(PATHS) == set(STATES)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", STATES)
async def test_action_from_state(shared_desk, state, action):
    desk = shared_desk
    ticket = await desk.open()
    await desk.drive(ticket["id"], PATHS[state])
    before = (await desk.tenant.get(f"/api/v1/tickets/{ticket['id']}")).json()
    assert before["status"] == state
    history = await desk.events(ticket["id"])

    response = await desk.act(ticket["id"], action)

    expected = TRANSITIONS[state].get(action)
    if expected is None:
        assert response.status_code == 409, response.text
        assert response.json()["errors"][0]["field"] == "action"
        assert (await desk.tenant.get(f"/api/v1/tickets/{ticket['id']}")).json() == before, "nothing changed"
        assert await desk.events(ticket["id"]) == history, "history unchanged"
    else:
        assert response.status_code == 200, response.text
        assert response.json()["status"] == expected
        after = await desk.events(ticket["id"])
        assert after[:-1] == history and len(after) == len(history) + 1
        assert (after[-1]["action"], after[-1]["from_status"], after[-1]["to_status"]) == (action, state, expected)
        assert after[-1]["actor_id"] == desk.tenant.admin_id


async def test_depart_needs_the_technician_on_site(shared_desk):
    """Attendance (000 §四(四)5-6): a departure only after an arrival, once."""
    desk = shared_desk
    remote = await desk.open()
    await desk.drive(remote["id"], ["resolve"])
    assert (await desk.act(remote["id"], "depart")).status_code == 409
    visit = await desk.open()
    await desk.drive(visit["id"], [*ON_SITE, "resolve", "depart"])
    assert (await desk.act(visit["id"], "depart")).status_code == 409
    work = (await desk.tenant.get(f"/api/v1/tickets/{visit['id']}")).json()["work"]
    assert work["arrived_at"] <= work["departed_at"]


async def test_reconfirmation_is_recorded(shared_desk):
    """DOMAIN §1 (002 §二.(二)): the appointment is re-confirmed before the time."""
    desk = shared_desk
    ticket = await desk.open()
    await desk.drive(ticket["id"], ["assign", "schedule", "confirm", "confirm"])
    confirms = [e for e in await desk.events(ticket["id"]) if e["action"] == "confirm"]
    assert [e["data"]["reconfirmation"] for e in confirms] == [False, True]
    rescheduled = await desk.act(ticket["id"], "schedule")
    assert rescheduled.json()["appointment"]["confirmed_at"] is None, "a new window needs a new confirmation"


async def test_acceptance_stores_signer_and_signature(shared_desk):
    """DOMAIN §1 acceptance (验收): the customer signs the service record."""
    desk = shared_desk
    ticket = await desk.open()
    await desk.drive(ticket["id"], [*ON_SITE, "resolve", "accept"])
    work = (await desk.tenant.get(f"/api/v1/tickets/{ticket['id']}")).json()["work"]
    assert work["signed_by"] == "王先生"
    assert work["signature_image"].startswith("data:image/png;base64,")


async def test_take_back_records_handover_and_promised_date(shared_desk):
    """DOMAIN §1 take-back repair (001): a written hand-over and a promised completion date."""
    desk = shared_desk
    ticket = await desk.open()
    await desk.drive(ticket["id"], [*ON_SITE, "take_back"])
    read = (await desk.tenant.get(f"/api/v1/tickets/{ticket['id']}")).json()
    assert read["work"]["handover_note"] == "灯具一台，外壳完好"
    assert read["work"]["promised_date"] == desk.payload("take_back")["promised_date"]
    event = (await desk.events(ticket["id"]))[-1]
    assert event["action"] == "take_back" and event["data"]["promised_date"] == read["work"]["promised_date"]


@pytest.mark.parametrize(
    ("state", "action", "body", "field"),
    [
        ("new", "assign", {"technician_id": None}, "technician_id"),
        ("new", "assign", {"technician_id": "00000000-0000-0000-0000-000000000000"}, "technician_id"),
        ("assigned", "schedule", {"start": "2030-01-01T10:00:00+08:00", "end": "2030-01-01T09:00:00+08:00"}, "end"),
        ("assigned", "schedule", {"start": "tomorrow"}, "start"),
        ("new", "resolve", {"resolution": None}, "resolution"),
        ("resolved", "accept", {"signed_by": None}, "signed_by"),
        ("resolved", "accept", {"signed_by": "王", "signature_image": "http://x/y.png"}, "signature_image"),
        ("new", "cancel", {"reason": None}, "reason"),
        ("on_site", "take_back", {"promised_date": "2000-01-01"}, "promised_date"),
        ("new", "fly", {}, "action"),
    ],
)
async def test_bad_transition_input_names_the_field(shared_desk, state, action, body, field):
    desk = shared_desk
    ticket = await desk.open()
    await desk.drive(ticket["id"], PATHS[state])
    history = await desk.events(ticket["id"])
    merged = {k: v for k, v in {**desk.payload(action), **body}.items() if v is not None}
    response = await desk.tenant.post(f"/api/v1/tickets/{ticket['id']}/transitions", json={"action": action, **merged})
    assert response.status_code in (400, 422), response.text
    assert response.json()["errors"][0]["field"] == field
    assert await desk.events(ticket["id"]) == history


async def test_assign_needs_a_technician_of_the_tenant(shared_desk):
    desk = shared_desk
    agent = await desk.tenant.add_user("agent")
    ticket = await desk.open()
    not_technician = await desk.act(ticket["id"], "assign", technician_id=agent.admin_id)
    assert not_technician.status_code == 422
    other = await signup(desk.tenant.client)
    foreign = await other.add_user("technician")
    other_tenant = await desk.act(ticket["id"], "assign", technician_id=foreign.admin_id)
    assert other_tenant.status_code == 422 and other_tenant.json()["errors"][0]["field"] == "technician_id"
