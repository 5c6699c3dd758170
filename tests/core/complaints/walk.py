"""Helpers: create a complaint and walk it through the steps (DOMAIN §2)."""

from __future__ import annotations

from typing import Any

#: A valid body for each step.
STEP_BODIES: dict[str, dict[str, Any]] = {
    "classify": {"step": "classify", "valid": True},
    "assign": {"step": "assign"},
    "investigate": {"step": "investigate", "cause": "工程师未按约定时间到达"},
    "propose": {"step": "propose", "solution": "赔礼道歉并免除上门费"},
    "approve": {"step": "approve"},
    "notify": {"step": "notify", "channel": "phone"},
    "penalise": {"step": "penalise"},
    "improve": {"step": "improve", "action": "派工前电话确认到达时间"},
    "close": {"step": "close"},
}

#: The full path: (step, state it leads to).
PATH = (
    ("classify", "classified"),
    ("assign", "assigned"),
    ("investigate", "investigated"),
    ("propose", "proposed"),
    ("approve", "approved"),
    ("notify", "notified"),
    ("penalise", "penalised"),
    ("improve", "improved"),
    ("close", "closed"),
)


async def create(handle, customer_id: str | None = None, **fields: Any) -> dict:
    if customer_id is None:
        customer_id = (await handle.customer())["id"]
    body = {"type": "service", "customer_id": customer_id, "description": "服务人员态度恶劣", **fields}
    response = await handle.post("/api/v1/complaints", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def step(handle, complaint_id: str, name: str, **fields: Any):
    return await handle.post(f"/api/v1/complaints/{complaint_id}/steps", json={**STEP_BODIES[name], **fields})


async def walk_to(handle, complaint_id: str, state: str) -> dict:
    """Take the steps of the path until the complaint is in ``state`` (``rejected``: classify
    as not valid)."""
    current = (await handle.get(f"/api/v1/complaints/{complaint_id}")).json()
    if state == "rejected":
        response = await step(handle, complaint_id, "classify", valid=False, reason="产品无质量问题")
        assert response.status_code == 200, response.text
        return response.json()
    states = ["recorded", *(reached for _name, reached in PATH)]
    for name, reached in PATH[states.index(current["step"]):]:
        if current["step"] == state:
            break
        response = await step(handle, complaint_id, name)
        assert response.status_code == 200, response.text
        current = response.json()
        assert current["step"] == reached
    assert current["step"] == state
    return current
