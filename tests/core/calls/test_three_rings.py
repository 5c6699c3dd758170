"""Answer within three rings (DOMAIN §12, 003 篇6), from the telephony system's call records:
China's ringing cadence is 1 s of ring and 4 s of silence, so a call answered 14.9 s after it
started ringing was answered on the third ring and one answered at 15.0 s on the fourth."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from core.calls.rings import rings_heard, within_three_rings
from core.testing import PASSWORD

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_domain_12_three_rings_end_before_15_seconds():
    assert [rings_heard(t) for t in (0, 4.9, 5.0, 9.9, 10.0, 14.9, 15.0)] == [1, 1, 2, 2, 3, 3, 4]
    assert within_three_rings(14.9) and not within_three_rings(15.0)


async def test_calls_are_kept_once_and_measured_per_agent_over_the_tenants_days(tenant_a, tenant_b):
    agent = await tenant_a.post("/api/v1/users", json={"email": "a1024@x.test", "name": "王小明", "role": "agent",
                                                       "password": PASSWORD, "employee_no": "1024"})
    assert agent.status_code == 201, agent.text
    day = datetime.now(SHANGHAI).replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=1)
    calls = [
        {"external_id": "c1", "started_at": day.isoformat(), "ring_seconds": 14.9, "employee_no": "1024"},
        {"external_id": "c2", "started_at": day.isoformat(), "ring_seconds": 15.0, "employee_no": "1024"},
        {"external_id": "c3", "started_at": day.isoformat()},  # nobody answered
        {"external_id": "c4", "started_at": day.replace(hour=0, minute=30).isoformat(), "ring_seconds": 3,
         "employee_no": "9999"},  # 00:30 local: the same tenant day
        {"external_id": "c5", "started_at": (day - timedelta(days=1)).isoformat(), "ring_seconds": 3},  # the day before
    ]
    received = await tenant_a.post("/api/v1/call-records", json={"calls": calls})
    assert received.status_code == 200 and received.json() == {"received": 5, "duplicates": 0}
    again = await tenant_a.post("/api/v1/call-records", json={"calls": calls[:2]})
    assert again.json() == {"received": 0, "duplicates": 2}  # a resent batch changes nothing
    stats = (await tenant_a.get("/api/v1/call-records/stats",
                                params={"start": day.date().isoformat(), "end": day.date().isoformat()})).json()
    assert (stats["calls"], stats["answered"], stats["within_three_rings"], stats["rate"]) == (4, 3, 2, 0.6667)
    agents = {a["employee_no"]: a for a in stats["agents"]}
    assert agents["1024"]["user_id"] == agent.json()["id"]
    assert (agents["1024"]["answered"], agents["1024"]["within_three_rings"], agents["1024"]["rate"]) == (2, 1, 0.5)
    assert agents["9999"]["user_id"] is None  # a 工号 the company does not have: counted, nobody named
    theirs = (await tenant_b.get("/api/v1/call-records/stats",
                                 params={"start": day.date().isoformat(), "end": day.date().isoformat()})).json()
    assert theirs["calls"] == 0


async def test_bad_batches_are_refused_naming_the_call(tenant_a):
    naive = await tenant_a.post("/api/v1/call-records", json={"calls": [
        {"external_id": "x", "started_at": "2026-12-01T09:00:00+08:00"},
        {"external_id": "y", "started_at": "2026-12-01T09:00:00"}]})
    assert naive.status_code == 422 and naive.json()["errors"][0]["field"] == "calls[1].started_at"
    assert (await tenant_a.post("/api/v1/call-records", json={"calls": []})).status_code in (400, 422)
    technician = await tenant_a.add_user("technician")
    assert (await technician.get("/api/v1/call-records/stats",
                                 params={"start": "2026-12-01", "end": "2026-12-01"})).status_code == 403

