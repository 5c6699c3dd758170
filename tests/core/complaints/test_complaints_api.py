"""Complaints API (API.md "Complaints", DOMAIN §2): record, read with history, list, tenant
isolation, input checks, Idempotency-Key, batch quality visits and published events."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.hookspecs import hookimpl
from core.plugins import PluginInfo
from tests.core.complaints.walk import create, step, walk_to

MISSING = "0190c0de-0000-7000-8000-000000000000"


def today():
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


async def test_domain_2_record_complaint_with_target_and_demand(tenant_a):
    """DOMAIN §2 step 1 (记录): complainant, time, target, demand."""
    agent = await tenant_a.add_user("agent")
    customer = await tenant_a.customer()
    ticket = (await tenant_a.post("/api/v1/tickets", json={
        "kind": "repair", "channel": "phone", "customer_id": customer["id"], "subject": "上门维修"})).json()
    response = await agent.post("/api/v1/complaints", json={
        "type": "service", "customer_id": customer["id"], "against_user_id": agent.admin_id,
        "ticket_id": ticket["id"], "description": "上门迟到两小时", "demand": "道歉并减免上门费",
    })
    assert response.status_code == 201
    body = response.json()
    assert {"id", "type", "step", "routed_to"} <= set(body)
    assert body["type"] == "service" and body["step"] == "recorded" and body["next_steps"] == ["classify"]
    assert body["routed_to"] == "service_manager"
    assert body["customer_id"] == customer["id"] and body["against_user_id"] == agent.admin_id
    assert body["demand"] == "道歉并减免上门费" and body["ticket_id"] == ticket["id"]
    assert body["recorded_by"] == agent.admin_id and body["reported_on"] == today().isoformat()
    assert body["steps"][0]["step"] == "record" and body["steps"][0]["actor_id"] == agent.admin_id
    fetched = (await tenant_a.get(f"/api/v1/complaints/{body['id']}")).json()
    assert fetched == body


async def test_list_filters_by_step_and_type_with_cursor_pages(tenant_a):
    quality = [await create(tenant_a, type="quality") for _ in range(3)]
    service = await create(tenant_a, type="service")
    await walk_to(tenant_a, service["id"], "classified")
    by_type = (await tenant_a.get("/api/v1/complaints?type=quality")).json()
    assert [c["id"] for c in by_type["items"]] == [c["id"] for c in reversed(quality)]
    assert by_type["items"][0]["steps"] is None, "the list leaves the history out"
    by_step = (await tenant_a.get("/api/v1/complaints?step=classified")).json()["items"]
    assert [c["id"] for c in by_step] == [service["id"]]
    both = (await tenant_a.get("/api/v1/complaints?step=recorded&type=service")).json()["items"]
    assert both == []
    first = (await tenant_a.get("/api/v1/complaints?limit=2")).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = (await tenant_a.get(f"/api/v1/complaints?limit=2&cursor={first['next_cursor']}")).json()
    assert len(rest["items"]) == 2 and rest["next_cursor"] is None
    seen = [c["id"] for c in first["items"] + rest["items"]]
    assert sorted(seen) == sorted([*(c["id"] for c in quality), service["id"]])


@pytest.mark.parametrize(
    "query", ["step=pending", "type=praise", "limit=0", "limit=500", "cursor=%%%", "customer_id=abc"]
)
async def test_bad_list_filters_are_400_or_422(tenant_a, query):
    response = await tenant_a.get(f"/api/v1/complaints?{query}")
    assert response.status_code in (400, 422), response.text
    assert response.json()["errors"]


async def test_complaints_of_another_tenant_are_404_and_invisible(tenant_a, tenant_b):
    """DESIGN "Tenancy": tenant B never sees nor touches tenant A's complaints, steps, penalties
    or configuration."""
    agent = await tenant_a.add_user("agent")
    complaint = await create(tenant_a, against_user_id=agent.admin_id)
    await walk_to(tenant_a, complaint["id"], "penalised")
    await tenant_a.put("/api/v1/complaints/routing", json={"rules": [{"id": "a", "match": {}, "department": "a"}]})
    await tenant_a.put("/api/v1/complaints/penalty-ladder", json={"ladder_id": "core.lubricants"})
    url = f"/api/v1/complaints/{complaint['id']}"
    assert (await tenant_b.get(url)).status_code == 404
    assert (await tenant_b.post(f"{url}/steps", json={"step": "improve", "action": "x"})).status_code == 404
    assert (await tenant_b.post(f"{url}/penalty/confirm")).status_code == 404
    assert (await tenant_b.get("/api/v1/complaints")).json()["items"] == []
    assert (await tenant_b.get("/api/v1/complaints/routing")).json()["source"] == "defaults"
    assert (await tenant_b.get("/api/v1/complaints/penalty-ladder")).json()["ladder_id"] == "core.customer_service"
    customer_a = (await tenant_a.get("/api/v1/customers")).json()["items"][0]
    foreign = await tenant_b.post("/api/v1/complaints", json={
        "type": "service", "customer_id": customer_a["id"], "description": "x"})
    assert foreign.status_code == 404, "another tenant's customer does not exist"
    customer_b = await tenant_b.customer()
    against = await tenant_b.post("/api/v1/complaints", json={
        "type": "service", "customer_id": customer_b["id"], "description": "x", "against_user_id": agent.admin_id})
    assert against.status_code == 422 and against.json()["errors"][0]["field"] == "against_user_id"
    assert (await tenant_a.get(url)).json()["step"] == "penalised", "unchanged"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"type": "praise"}, "type"),
        ({"description": ""}, "description"),
        ({"description": None}, "description"),
        ({"customer_id": "not-a-uuid"}, "customer_id"),
        ({"against_user_id": MISSING}, "against_user_id"),
        ({"ticket_id": MISSING}, "ticket_id"),
        ({"reported_on": "2999-01-01"}, "reported_on"),
        ({"reported_on": "yesterday"}, "reported_on"),
        ({"batch_quality": True, "type": "service"}, "batch_quality"),
        ({"category": "x" * 101}, "category"),
    ],
)
async def test_bad_complaint_input_names_the_field_and_saves_nothing(tenant_a, body, field):
    customer = await tenant_a.customer()
    base = {"type": "quality", "customer_id": customer["id"], "description": "灯不亮"}
    response = await tenant_a.post("/api/v1/complaints", json={**base, **body})
    assert response.status_code in (400, 422), response.text
    assert response.json()["errors"][0]["field"] == field
    assert (await tenant_a.get("/api/v1/complaints")).json()["items"] == []


async def test_missing_fields_unknown_customer_and_no_token(tenant_a, client):
    assert (await tenant_a.post("/api/v1/complaints", json={"type": "service"})).status_code == 400
    assert (await tenant_a.post("/api/v1/complaints", content=b"{not json")).status_code == 400
    unknown = await tenant_a.post("/api/v1/complaints", json={"type": "service", "customer_id": MISSING,
                                                               "description": "x"})
    assert unknown.status_code == 404
    assert (await tenant_a.get(f"/api/v1/complaints/{MISSING}")).status_code == 404
    assert (await tenant_a.get("/api/v1/complaints/nope")).status_code in (400, 404)
    assert (await client.get("/api/v1/complaints")).status_code == 401


async def test_idempotency_key_on_create(tenant_a):
    """API.md: the same key and body returns the first result and creates nothing new."""
    customer = await tenant_a.customer()
    body = {"type": "service", "customer_id": customer["id"], "description": "电话无人接听"}
    headers = {"Idempotency-Key": "complaint-001"}
    first = await tenant_a.post("/api/v1/complaints", json=body, headers=headers)
    again = await tenant_a.post("/api/v1/complaints", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert len((await tenant_a.get("/api/v1/complaints")).json()["items"]) == 1
    other = await tenant_a.post("/api/v1/complaints", json={**body, "description": "别的"}, headers=headers)
    assert other.status_code == 409


@pytest.mark.parametrize("flag", [{"batch_quality": True}, {"category": "batch_quality"}])
async def test_domain_2_batch_quality_visit_within_2_days_of_the_report(tenant_a, flag):
    """DOMAIN §2 批量质量异议 (lighting 001): a technician visits within 2 days of the dealer's
    report: ``visit_due_by`` = report date + 2 days."""
    reported = today() - timedelta(days=1)
    complaint = await create(tenant_a, type="quality", reported_on=reported.isoformat(),
                             description="经销商反映同批次节能灯大量不亮", **flag)
    assert complaint["batch_quality"] is True
    assert complaint["visit_due_by"] == (reported + timedelta(days=2)).isoformat()
    plain = await create(tenant_a, type="quality")
    assert plain["batch_quality"] is False and plain["visit_due_by"] is None


async def test_domain_2_batch_quality_found_at_classification(tenant_a):
    complaint = await create(tenant_a, type="quality")
    classified = (await step(tenant_a, complaint["id"], "classify", category="batch_quality")).json()
    assert classified["batch_quality"] is True
    assert classified["visit_due_by"] == (today() + timedelta(days=2)).isoformat()
    service = await create(tenant_a, type="service")
    refused = await step(tenant_a, service["id"], "classify", category="batch_quality")
    assert refused.status_code == 422
    assert (await tenant_a.get(f"/api/v1/complaints/{service['id']}")).json()["step"] == "recorded"


class Recorder:
    """Hears complaint events."""

    def __init__(self):
        self.events = []

    @hookimpl
    def shouhou_plugin_info(self):
        return PluginInfo("recorder", "1.0", {"en": "Recorder"}, {"en": "test"})

    @hookimpl
    def shouhou_complaint_event(self, event, ctx):
        self.events.append(event)


async def test_domain_2_every_step_is_published_and_closing_announces_the_revisit(tenant_a, register_plugin):
    """DOMAIN §2: after closing, a revisit asks about satisfaction: ``complaint.closed`` carries
    the customer; every step is published as ``complaint.<step>``."""
    recorder = Recorder()
    assert register_plugin(recorder, "recorder")
    await tenant_a.enable("recorder")
    complaint = await create(tenant_a)
    await walk_to(tenant_a, complaint["id"], "closed")
    names = [e.name for e in recorder.events]
    assert names == [
        "complaint.created", "complaint.classify", "complaint.assign", "complaint.investigate",
        "complaint.propose", "complaint.approve", "complaint.notify", "complaint.penalise",
        "complaint.improve", "complaint.closed",
    ]
    closed = recorder.events[-1]
    assert str(closed.subject_id) == complaint["id"] and str(closed.tenant_id) == tenant_a.id
    assert closed.data["customer_id"] == complaint["customer_id"] and closed.data["step"] == "closed"
    assert str(closed.actor_id) == tenant_a.admin_id


async def test_domain_2_rejected_complaint_closing_is_published_too(tenant_a, register_plugin):
    recorder = Recorder()
    assert register_plugin(recorder, "recorder")
    await tenant_a.enable("recorder")
    complaint = await create(tenant_a)
    await walk_to(tenant_a, complaint["id"], "rejected")
    await step(tenant_a, complaint["id"], "close")
    assert [e.name for e in recorder.events][-2:] == ["complaint.classify", "complaint.closed"]
    assert recorder.events[-2].data["valid"] is False


async def test_openapi_lists_the_complaint_endpoints(client):
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    for path in ("/api/v1/complaints", "/api/v1/complaints/{complaint_id}", "/api/v1/complaints/{complaint_id}/steps",
                 "/api/v1/complaints/{complaint_id}/penalty/confirm", "/api/v1/complaints/routing",
                 "/api/v1/complaints/penalty-ladder"):
        assert path in paths, path
