"""Issue 15 item 1: which events an endpoint hears — ticket status changes, complaint steps,
warranty decisions (and the subscription patterns' edges)."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

import pytest

from core.db.base import utcnow
from core.events import DomainEvent
from core.webhooks.catalog import matches
from tests.core.complaints.walk import create, walk_to
from tests.core.webhooks.conftest import deliveries_of, make_endpoint, open_ticket


def event(name: str, **data) -> DomainEvent:
    return DomainEvent(name=name, tenant_id=uuid4(), subject_id=uuid4(), occurred_at=utcnow(), data=data)


@pytest.mark.parametrize(("patterns", "name", "data", "heard"), [
    (["ticket.created"], "ticket.created", {}, True),
    (["ticket.created"], "ticket.closed", {}, False),
    (["ticket.*"], "ticket.closed", {}, True),
    (["ticket.*"], "tickets.closed", {}, False),
    (["*"], "lighting.batch_returned", {}, True),
    (["lighting.*"], "lighting.batch_returned", {}, True),
    (["ticket.status_changed"], "ticket.assigned", {"from_status": "new", "status": "assigned"}, True),
    (["ticket.status_changed"], "ticket.handed_over", {"from_status": None, "status": "new"}, False),
    (["ticket.status_changed"], "ticket.charge_added", {"from_status": "assigned", "status": "assigned"}, False),
    (["ticket.status_changed"], "ticket.created", {"status": "new"}, False),
    (["ticket.status_changed"], "complaint.assign", {"from_status": "a", "status": "b"}, False),
])
def test_subscription_patterns(patterns, name, data, heard):
    assert matches(patterns, event(name, **data)) is heard


async def test_ticket_status_changes_and_complaint_steps_are_delivered(tenant_a, private_admin, receiver):
    admin = private_admin(tenant_a)
    endpoint = await make_endpoint(admin, receiver.url, ["ticket.status_changed", "complaint.*"])
    technician = await tenant_a.add_user("technician")
    ticket = await open_ticket(tenant_a)
    assigned = await tenant_a.post(f"/api/v1/tickets/{ticket['id']}/transitions",
                                   json={"action": "assign", "technician_id": technician.admin_id})
    assert assigned.status_code == 200, assigned.text
    complaint = await create(tenant_a)
    await walk_to(tenant_a, complaint["id"], "assigned")
    types = [d["event_type"] for d in reversed(await deliveries_of(admin, endpoint["id"]))]
    assert types == ["ticket.assigned", "complaint.created", "complaint.classify", "complaint.assign"]


async def test_warranty_decisions_are_delivered(make_tenant, private_admin, receiver):
    tenant = await make_tenant(plugins=("ecommerce",))
    admin = private_admin(tenant)
    endpoint = await make_endpoint(admin, receiver.url, ["warranty.decided"])
    today = date.today()
    response = await tenant.post("/api/v1/warranty/decisions", json={
        "product": {"type": "ecommerce.item", "purchase_date": (today - timedelta(days=3)).isoformat()},
        "claim_date": (today - timedelta(days=1)).isoformat(), "claimant": "consumer",
        "facts": {"reason": "quality"}})
    assert response.status_code == 200, response.text
    [log] = await deliveries_of(admin, endpoint["id"])
    assert log["event_type"] == "warranty.decided" and log["subject_id"] == response.json()["id"]


def test_message_bodies_are_bounded():
    """Issue 15 brief: payload size bounded — data past 64 KiB is cut to the subject's ids."""
    import json

    from core.webhooks.outbox import MAX_BODY_BYTES, message_body

    small = json.loads(message_body(event("ticket.created", number="T1", note="维修")))
    assert small["type"] == "ticket.created" and small["data"]["note"] == "维修" and small["timestamp"].endswith("Z")
    huge = event("ticket.created", note="长" * MAX_BODY_BYTES)
    body = message_body(huge)
    assert len(body.encode()) < 1024
    assert json.loads(body)["data"] == {"subject_id": str(huge.subject_id), "tenant_id": str(huge.tenant_id),
                                        "actor_id": None, "truncated": True}
