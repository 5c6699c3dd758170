"""Helpers of the shift hand-over tests: open and drive tickets, write notes."""

from __future__ import annotations

from core.testing import TenantHandle

URL = "/api/v1/shift-handovers"


async def open_ticket(handle: TenantHandle, customer_id: str, subject: str = "吸顶灯不亮") -> dict:
    """A ticket taken by ``handle``'s user, who becomes its owner (首问负责人)."""
    body = {"kind": "repair", "channel": "phone", "customer_id": customer_id, "subject": subject}
    response = await handle.post("/api/v1/tickets", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def act(handle: TenantHandle, ticket_id: str, action: str, **fields) -> None:
    response = await handle.post(f"/api/v1/tickets/{ticket_id}/transitions", json={"action": action, **fields})
    assert response.status_code == 200, response.text


async def write(handle: TenantHandle, summary: str = "交班：一切正常", shift: str = "morning", items=None) -> dict:
    body = {"shift": shift, "summary": summary}
    if items is not None:
        body["items"] = items
    response = await handle.post(URL, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def questions(note: dict) -> list[tuple[str, str]]:
    """``(source, question)`` of every item, in order."""
    return [(item["source"], item["question"]) for item in note["items"]]
