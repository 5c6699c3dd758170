"""DOMAIN §2, the eight steps (001 §一(三)): record, judge nature, assign responsibility,
investigate cause, propose solution (approved), notify customer, responsibility penalty,
improvement; then close. Every step from every state: in order 200, out of order 409 and nothing
changes."""

import pytest

from tests.core.complaints.walk import STEP_BODIES, create, step, walk_to

#: DOMAIN §2 and API.md: the one step allowed from each state (``None``: none).
NEXT_STEP = {
    "recorded": "classify",
    "rejected": "close",
    "classified": "assign",
    "assigned": "investigate",
    "investigated": "propose",
    "proposed": "approve",
    "approved": "notify",
    "notified": "penalise",
    "penalised": "improve",
    "improved": "close",
    "closed": None,
}
REACHED = {
    "classify": "classified", "assign": "assigned", "investigate": "investigated", "propose": "proposed",
    "approve": "approved", "notify": "notified", "penalise": "penalised", "improve": "improved", "close": "closed",
}


@pytest.mark.parametrize("state", list(NEXT_STEP))
async def test_domain_2_every_step_from_every_state(tenant_a, state):
    """DOMAIN §2: from each state every step out of order is 409 and changes nothing (state,
    history); then the step in order is 200 and appended to the history."""
    complaint = await create(tenant_a)
    url = f"/api/v1/complaints/{complaint['id']}"
    await walk_to(tenant_a, complaint["id"], state)
    before = (await tenant_a.get(url)).json()
    for name in STEP_BODIES:
        if name == NEXT_STEP[state]:
            continue
        response = await step(tenant_a, complaint["id"], name)
        assert response.status_code == 409, f"{name} from {state}: {response.text}"
        assert response.json()["errors"][0]["field"] == "step"
        assert (await tenant_a.get(url)).json() == before, f"{name} from {state} changed the complaint"
    name = NEXT_STEP[state]
    if name is None:
        return
    response = await step(tenant_a, complaint["id"], name)
    assert response.status_code == 200, response.text
    after = (await tenant_a.get(url)).json()
    assert after["step"] == REACHED[name]
    assert [s["step"] for s in after["steps"]] == [*(s["step"] for s in before["steps"]), name]
    assert after["next_steps"] == ([NEXT_STEP[REACHED[name]]] if NEXT_STEP[REACHED[name]] else [])


async def test_domain_2_each_step_is_recorded_with_who_and_when(tenant_a):
    """DOMAIN §2: each step a recorded state with who and when; the history is in order."""
    agent = await tenant_a.add_user("agent")
    manager = await tenant_a.add_user("manager")
    complaint = await create(agent)
    await walk_to(agent, complaint["id"], "proposed")
    assert (await step(manager, complaint["id"], "approve", note="同意")).status_code == 200
    await walk_to(agent, complaint["id"], "closed")
    history = (await tenant_a.get(f"/api/v1/complaints/{complaint['id']}")).json()["steps"]
    assert [s["step"] for s in history] == ["record", *REACHED]
    actors = {s["step"]: s["actor_id"] for s in history}
    assert actors["record"] == agent.admin_id and actors["approve"] == manager.admin_id
    assert actors["close"] == agent.admin_id
    assert all(s["at"].endswith("Z") or "+" in s["at"] for s in history)
    assert [s["at"] for s in history] == sorted(s["at"] for s in history)
    by_step = {s["step"]: s["data"] for s in history}
    assert by_step["investigate"]["cause"] == STEP_BODIES["investigate"]["cause"]
    assert by_step["propose"]["solution"] == STEP_BODIES["propose"]["solution"]
    assert by_step["improve"]["action"] == STEP_BODIES["improve"]["action"]
    assert by_step["approve"]["note"] == "同意"


async def test_domain_2_complaint_that_does_not_stand_is_answered_and_closed(tenant_a):
    """DOMAIN §2 step 2: a complaint that does not stand is answered with reasons and closed;
    only ``close`` may follow."""
    complaint = await create(tenant_a, type="quality", description="灯管用了两年不亮")
    rejected = await step(tenant_a, complaint["id"], "classify", valid=False, reason="已超过6个月保修期")
    assert rejected.status_code == 200
    body = rejected.json()
    assert body["step"] == "rejected" and body["valid"] is False and body["next_steps"] == ["close"]
    assert body["steps"][-1]["data"]["reason"] == "已超过6个月保修期"
    for name in ("assign", "investigate", "penalise", "classify"):
        assert (await step(tenant_a, complaint["id"], name)).status_code == 409
    closed = await step(tenant_a, complaint["id"], "close", note="已电话向顾客说明理由")
    assert closed.status_code == 200 and closed.json()["step"] == "closed"
    assert closed.json()["closed_at"] is not None
    assert [s["step"] for s in closed.json()["steps"]] == ["record", "classify", "close"]


@pytest.mark.parametrize("role", ["agent", "technician"])
async def test_domain_2_approval_needs_a_manager(tenant_a, role):
    """DOMAIN §2 step 5: the solution needs approval (批复) by a manager or admin; others get 403
    and nothing changes."""
    worker = await tenant_a.add_user(role)
    complaint = await create(tenant_a)
    await walk_to(tenant_a, complaint["id"], "proposed")
    before = (await tenant_a.get(f"/api/v1/complaints/{complaint['id']}")).json()
    refused = await step(worker, complaint["id"], "approve")
    assert refused.status_code == 403
    assert (await tenant_a.get(f"/api/v1/complaints/{complaint['id']}")).json() == before
    manager = await tenant_a.add_user("manager")
    assert (await step(manager, complaint["id"], "approve")).json()["step"] == "approved"


async def test_domain_2_admin_may_approve_and_viewer_takes_no_step(tenant_a):
    viewer = await tenant_a.add_user("viewer")
    complaint = await create(tenant_a)
    assert (await step(viewer, complaint["id"], "classify")).status_code == 403
    assert (await viewer.post("/api/v1/complaints", json={})).status_code == 403
    await walk_to(tenant_a, complaint["id"], "approved")


async def test_domain_2_assign_takes_routing_department_or_the_one_given(tenant_a):
    """DOMAIN §2 steps 3-4: responsible department (from routing) and person."""
    technician = await tenant_a.add_user("technician")
    complaint = await create(tenant_a, type="quality")
    await walk_to(tenant_a, complaint["id"], "classified")
    assigned = (await step(tenant_a, complaint["id"], "assign", person_id=technician.admin_id)).json()
    assert assigned["responsible_department"] == "quality_department"
    assert assigned["responsible_user_id"] == technician.admin_id
    other = await create(tenant_a)
    await walk_to(tenant_a, other["id"], "classified")
    moved = (await step(tenant_a, other["id"], "assign", department="senior_management")).json()
    assert moved["responsible_department"] == "senior_management" and moved["responsible_user_id"] is None


async def test_domain_2_assign_to_an_unknown_person_is_422_and_nothing_changes(tenant_a, tenant_b):
    stranger = await tenant_b.add_user("technician")
    complaint = await create(tenant_a)
    await walk_to(tenant_a, complaint["id"], "classified")
    refused = await step(tenant_a, complaint["id"], "assign", person_id=stranger.admin_id)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "person_id"
    assert (await tenant_a.get(f"/api/v1/complaints/{complaint['id']}")).json()["step"] == "classified"


@pytest.mark.parametrize(
    "body",
    [
        {"step": "classify"},
        {"step": "classify", "valid": "perhaps"},
        {"step": "investigate"},
        {"step": "investigate", "cause": ""},
        {"step": "propose", "solution": 5},
        {"step": "improve"},
        {"step": "assign", "person_id": "not-a-uuid"},
        {"step": "teleport"},
        {"valid": True},
        [],
    ],
)
async def test_domain_2_bad_step_bodies_are_400_or_422_never_500(tenant_a, body):
    complaint = await create(tenant_a)
    await walk_to(tenant_a, complaint["id"], "assigned")
    response = await tenant_a.post(f"/api/v1/complaints/{complaint['id']}/steps", json=body)
    assert response.status_code in (400, 422), response.text
    assert response.json()["errors"], "the field is named"
    assert (await tenant_a.get(f"/api/v1/complaints/{complaint['id']}")).json()["step"] == "assigned"


@pytest.mark.parametrize("reason", [None, "", "   "])
async def test_seed_001_step_2_an_unfounded_complaint_is_not_closed_without_reasons(tenant_a, reason):
    """DOMAIN §2 step 2 (001 §一(三)2: "answer the customer quickly with reasons and close"): a
    complaint judged not to stand needs the reasons given to the customer; without them (missing,
    empty or blank) it is 400/422 on ``reason`` and the complaint stays recorded, nothing in its
    history. A substantiated complaint needs no reason."""
    complaint = await create(tenant_a, type="quality", description="灯管用了两年不亮")
    url = f"/api/v1/complaints/{complaint['id']}"
    before = (await tenant_a.get(url)).json()
    fields = {} if reason is None else {"reason": reason}
    refused = await step(tenant_a, complaint["id"], "classify", valid=False, **fields)
    assert refused.status_code in (400, 422), refused.text
    assert refused.json()["errors"][0]["field"] == "reason"
    assert (await tenant_a.get(url)).json() == before
    answered = await step(tenant_a, complaint["id"], "classify", valid=False, reason="已超过6个月保修期")
    assert answered.status_code == 200 and answered.json()["step"] == "rejected"
    founded = await create(tenant_a)
    assert (await step(tenant_a, founded["id"], "classify", valid=True)).json()["step"] == "classified"
