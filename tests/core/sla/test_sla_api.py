"""SLA on tickets (DOMAIN §1 SLA defaults): due times by province, the tenant's policy, plugin
defaults, pausing the clock and the breach sweep with its escalation ladder."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from core.db.tenancy import bind_tenant
from core.tickets.models import Ticket
from core.tickets.sla_sweep import sweep_sla
from tests.core.tickets.conftest import make_desk


def ts(value: str) -> datetime:
    return datetime.fromisoformat(value)


@pytest.fixture
async def desk(client):
    return await make_desk(client)


@pytest.mark.parametrize(
    ("customer_province", "site", "hours"),
    [("320000", None, 8), ("440000", None, 24), (None, None, 8), ("320000", "广东", 24), ("440000", "江苏", 8)],
)
async def test_respond_by_follows_the_province(client, customer_province, site, hours):
    """DOMAIN §1: 8 h when the service site is in the tenant's province, 24 h otherwise; a customer
    without a province counts as in-province; the ticket's own ``province`` (service site) wins."""
    desk = await make_desk(client, province="320000", customer_province=customer_province)
    ticket = await desk.open(**({"province": site} if site else {}))
    created = ts(ticket["created_at"])
    assert ts(ticket["sla"]["respond_by"]) - created == timedelta(hours=hours)
    assert ts(ticket["sla"]["resolve_by"]) > created


async def test_phone_consultation_gets_a_30_minute_escalation(desk):
    question = await desk.open(kind="consultation", channel="phone")
    assert ts(question["sla"]["escalate_by"]) - ts(question["created_at"]) == timedelta(minutes=30)
    assert (await desk.open(kind="repair", channel="phone"))["sla"]["escalate_by"] is None


async def test_policy_defaults_save_and_apply_per_tenant(client, desk):
    core = (await desk.tenant.get("/api/v1/sla/policy")).json()
    assert core["source"] == "core"
    assert (core["respond_in_province_hours"], core["respond_out_of_province_hours"]) == (8, 24)
    assert [r["role"] for r in core["escalation_ladder"]] == ["team_lead", "service_manager", "department_manager"]
    saved = await desk.tenant.put("/api/v1/sla/policy", json={"respond_in_province_hours": 4, "resolve_hours": 48})
    assert saved.status_code == 200 and saved.json()["source"] == "tenant"
    ticket = await desk.open()
    created = ts(ticket["created_at"])
    assert ts(ticket["sla"]["respond_by"]) - created == timedelta(hours=4)
    assert ts(ticket["sla"]["resolve_by"]) - created == timedelta(hours=48)
    other = await make_desk(client)
    assert (await other.tenant.get("/api/v1/sla/policy")).json()["source"] == "core", "per tenant"


async def test_plugin_sla_defaults(desk, register_plugin):
    """Plugins propose defaults through ``shouhou_sla_defaults`` for the tenants that enable them."""
    from core.hookspecs import hookimpl
    from core.plugins import PluginInfo
    from core.sla.types import SlaDefaults

    class Fast:
        @hookimpl
        def shouhou_plugin_info(self):
            return PluginInfo("slatest", "1.0", {"en": "SLA"}, {"en": "test"})

        @hookimpl
        def shouhou_sla_defaults(self, settings):
            return SlaDefaults(source="slatest", respond_in_province_hours=2, resolve_working_days=3)

    assert register_plugin(Fast(), "slatest")
    assert (await desk.tenant.get("/api/v1/sla/policy")).json()["source"] == "core"
    await desk.tenant.enable("slatest")
    policy = (await desk.tenant.get("/api/v1/sla/policy")).json()
    assert (policy["source"], policy["respond_in_province_hours"], policy["resolve_working_days"]) == ("slatest", 2, 3)
    ticket = await desk.open()
    assert ts(ticket["sla"]["respond_by"]) - ts(ticket["created_at"]) == timedelta(hours=2)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"respond_in_province_hours": 0}, "respond_in_province_hours"),
        ({"respond_in_province_hours": "eight"}, "respond_in_province_hours"),
        ({"workday_start": "25:00"}, "workday_start"),
        ({"workday_start": "18:00", "workday_end": "09:00"}, "workday_end"),
        ({"resolve_hours": 10, "resolve_working_days": 2}, "resolve_working_days"),
        ({"hours_count": "lunar"}, "hours_count"),
        ({"escalation_ladder": [{"level": 1, "role": "team_lead", "after_minutes": 0},
                                {"level": 1, "role": "service_manager", "after_minutes": 5}]}, "escalation_ladder"),
        ({"escalation_ladder": [{"level": 1, "role": "team_lead", "after_minutes": -5}]},
         "escalation_ladder[0].after_minutes"),
        ({"escalation_ladder": [{"level": 1, "role": "boss", "after_minutes": 0}]}, "escalation_ladder[0].role"),
    ],
)
async def test_bad_policy_names_the_field(desk, body, field):
    response = await desk.tenant.put("/api/v1/sla/policy", json=body)
    assert response.status_code in (400, 422), response.text
    assert response.json()["errors"][0]["field"] == field
    assert (await desk.tenant.get("/api/v1/sla/policy")).json()["source"] == "core"


async def test_only_managers_set_the_policy(desk):
    for role in ("agent", "technician", "viewer"):
        user = await desk.tenant.add_user(role)
        assert (await user.put("/api/v1/sla/policy", json={})).status_code == 403
        assert (await user.get("/api/v1/sla/policy")).status_code == 200
    manager = await desk.tenant.add_user("manager")
    assert (await manager.put("/api/v1/sla/policy", json={})).status_code == 200


async def _shift_pause(shouhou_sessions, tenant_id: str, ticket_id: str, hours: int) -> None:
    """Pretend the pause started ``hours`` earlier."""
    async with shouhou_sessions() as session:
        bind_tenant(session, uuid.UUID(tenant_id))
        async with session.begin():
            ticket = await session.scalar(select(Ticket).where(Ticket.id == uuid.UUID(ticket_id)))
            ticket.paused_at -= timedelta(hours=hours)


async def test_pause_and_resume_extend_the_due_times(desk, shouhou_sessions):
    """Waiting for the customer, for parts or the factory stops the clock; the due times move by the pause."""
    ticket = await desk.open(kind="consultation", channel="phone")
    base = f"/api/v1/tickets/{ticket['id']}/sla"
    paused = await desk.tenant.post(f"{base}/pause", json={"reason": "waiting_parts", "note": "等镇流器"})
    assert paused.status_code == 200
    assert paused.json()["sla"]["paused"] is True and paused.json()["sla"]["state"] == "paused"
    assert (await desk.tenant.post(f"{base}/pause", json={"reason": "waiting_customer"})).status_code == 409
    await _shift_pause(shouhou_sessions, desk.tenant.id, ticket["id"], 3)
    resumed = (await desk.tenant.post(f"{base}/resume")).json()
    assert resumed["sla"]["paused"] is False
    for key in ("respond_by", "resolve_by", "escalate_by"):
        moved = ts(resumed["sla"][key]) - ts(ticket["sla"][key])
        assert timedelta(hours=3) <= moved < timedelta(hours=3, seconds=30), key
    assert resumed["sla"]["paused_seconds"] >= 3 * 3600
    assert (await desk.tenant.post(f"{base}/resume")).status_code == 409
    events = [e for e in await desk.events(ticket["id"]) if e["action"].startswith("sla.")]
    assert [e["action"] for e in events] == ["sla.pause", "sla.resume"]
    assert events[0]["data"] == {"reason": "waiting_parts", "note": "等镇流器"}
    assert events[1]["data"]["reason"] == "waiting_parts" and events[1]["data"]["paused_seconds"] >= 3 * 3600


async def test_pause_refused_when_done_or_bad_reason(desk):
    ticket = await desk.open()
    bad = await desk.tenant.post(f"/api/v1/tickets/{ticket['id']}/sla/pause", json={"reason": "lunch"})
    assert bad.status_code in (400, 422) and bad.json()["errors"][0]["field"] == "reason"
    await desk.drive(ticket["id"], ["cancel"])
    done = await desk.tenant.post(f"/api/v1/tickets/{ticket['id']}/sla/pause", json={"reason": "at_factory"})
    assert done.status_code == 409


async def test_sweep_marks_breach_once_and_climbs_the_ladder(desk, shouhou_sessions, shouhou_plugins):
    """A missed 8 h response is marked once; the escalation goes to the team lead at the breach,
    the service manager 4 h later; running the sweep twice records nothing new."""
    ticket = await desk.open()
    respond_by = ts(ticket["sla"]["respond_by"])

    await sweep_sla(shouhou_sessions, respond_by - timedelta(minutes=1), plugins=shouhou_plugins)
    assert len(await desk.events(ticket["id"])) == 1, "not due yet"

    await sweep_sla(shouhou_sessions, respond_by + timedelta(minutes=1), plugins=shouhou_plugins)
    first = await desk.events(ticket["id"])
    assert [(e["action"], e["data"].get("deadline"), e["data"].get("level")) for e in first[1:]] == [
        ("sla.breach", "respond", None), ("sla.escalate", None, 1)]
    assert first[2]["data"]["role"] == "team_lead" and first[1]["actor_id"] is None
    read = (await desk.tenant.get(f"/api/v1/tickets/{ticket['id']}")).json()
    assert read["sla"]["respond_breached_at"] and read["sla"]["state"] == "breached"
    assert read["sla"]["escalation_level"] == 1
    breached = (await desk.tenant.get("/api/v1/tickets?sla_state=breached")).json()["items"]
    assert [t["id"] for t in breached] == [ticket["id"]]

    await sweep_sla(shouhou_sessions, respond_by + timedelta(minutes=2), plugins=shouhou_plugins)
    assert await desk.events(ticket["id"]) == first, "idempotent"

    await sweep_sla(shouhou_sessions, respond_by + timedelta(hours=4, minutes=1), plugins=shouhou_plugins)
    later = await desk.events(ticket["id"])
    assert [(e["action"], e["data"].get("level"), e["data"].get("role")) for e in later[len(first):]] == [
        ("sla.escalate", 2, "service_manager")]


async def test_sweep_escalates_an_open_phone_question_after_30_minutes(desk, shouhou_sessions, shouhou_plugins):
    question = await desk.open(kind="consultation", channel="phone")
    answered = await desk.open(kind="consultation", channel="phone")
    await desk.drive(answered["id"], ["escalate"])
    at = ts(question["sla"]["escalate_by"]) + timedelta(minutes=1)
    await sweep_sla(shouhou_sessions, at, plugins=shouhou_plugins)
    await sweep_sla(shouhou_sessions, at, plugins=shouhou_plugins)
    breaches = [e["data"] for e in await desk.events(question["id"]) if e["action"] == "sla.breach"]
    assert [b["deadline"] for b in breaches] == ["escalate"]
    assert not [e for e in await desk.events(answered["id"]) if e["action"] == "sla.breach"]


async def test_sweep_skips_paused_and_resolved_tickets(desk, shouhou_sessions, shouhou_plugins):
    paused = await desk.open()
    await desk.tenant.post(f"/api/v1/tickets/{paused['id']}/sla/pause", json={"reason": "waiting_customer"})
    resolved = await desk.open()
    await desk.drive(resolved["id"], ["resolve"])
    await sweep_sla(shouhou_sessions, ts(paused["sla"]["resolve_by"]) + timedelta(days=1), plugins=shouhou_plugins)
    for ticket in (paused, resolved):
        assert not [e for e in await desk.events(ticket["id"]) if e["action"].startswith("sla.b")]


async def test_escalation_reaches_the_people_holding_the_position(desk, shouhou_sessions, shouhou_plugins):
    """DOMAIN §1 / §11: the ladder names positions (team lead → service manager → department
    manager); each escalation records the active users holding the rung's position."""
    lead = await desk.tenant.add_user("manager", name="组长 周")
    await desk.tenant.patch(f"/api/v1/users/{lead.admin_id}", json={"position": "team_lead"})
    retired = await desk.tenant.add_user("manager", name="组长 吴")
    await desk.tenant.patch(f"/api/v1/users/{retired.admin_id}", json={"position": "team_lead", "is_active": False})
    ticket = await desk.open()
    await sweep_sla(shouhou_sessions, ts(ticket["sla"]["respond_by"]) + timedelta(minutes=1), plugins=shouhou_plugins)
    [escalation] = [e for e in await desk.events(ticket["id"]) if e["action"] == "sla.escalate"]
    assert escalation["data"]["role"] == "team_lead"
    assert escalation["data"]["to"] == [lead.admin_id]
