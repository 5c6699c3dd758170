"""Helpers of the notification tests."""

from __future__ import annotations


async def configure(http, tenant, **body) -> dict:
    """Save the tenant's channel settings through the app that allows loopback peers."""
    response = await http.put("/api/v1/notifications/settings", json=body, headers=tenant.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def ticket_notifications(tenant, ticket_id: str) -> list[dict]:
    response = await tenant.get(f"/api/v1/tickets/{ticket_id}/notifications")
    assert response.status_code == 200, response.text
    return response.json()


async def make_lead(desk):
    """A manager holding the team-lead position (the first rung of the escalation ladder)."""
    lead = await desk.tenant.add_user("manager", name="组长 周")
    response = await desk.tenant.patch(f"/api/v1/users/{lead.admin_id}", json={"position": "team_lead"})
    assert response.status_code == 200, response.text
    return lead
