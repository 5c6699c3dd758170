"""The secret records the product keeps besides the hand-over notes (DOMAIN §5, 003 篇6 §五:
call and visit logs, work diaries and analysis reports are 机密): the call log (core/calls), the
weekly reports (work diaries, core/weekly) and the major-fault analyses (analysis reports,
core/faults). Each read goes through the tenant's confidentiality rules, in the API and on the
pages: a role that may not read secret records does not read them."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from core.confidentiality.levels import RECORD_LEVELS

SHANGHAI = ZoneInfo("Asia/Shanghai")
ANALYSIS = {"impact": "整条生产线停机 3 小时", "handling": "更换主控板", "root_cause": "雷击导致电源浪涌",
            "corrective_actions": "加装浪涌保护器", "preventive_actions": "雨季前巡检防雷设施"}


async def secret_readers(tenant, *roles: str) -> None:
    changed = await tenant.put("/api/v1/confidentiality/rules", json={"rules": {"secret": list(roles)}})
    assert changed.status_code == 200, changed.text


def test_domain_5_the_kept_records_have_their_levels():
    from core.calls.service import RECORD_TYPE as CALLS
    from core.faults.service import RECORD_TYPE as FAULTS
    from core.shifts.queries import RECORD_TYPE as SHIFTS
    from core.weekly.service import RECORD_TYPE as WEEKLY

    assert {RECORD_LEVELS[kind] for kind in (CALLS, FAULTS, SHIFTS, WEEKLY)} == {"secret"}
    assert (CALLS, FAULTS, WEEKLY) == ("call_log", "analysis_report", "work_diary")


async def test_domain_5_weekly_reports_are_work_diaries_read_by_roles_that_may_read_secret_records(tenant_a):
    technician, manager = await tenant_a.add_user("technician"), await tenant_a.add_user("manager")
    sent = await technician.post("/api/v1/weekly-reports", json={"situations": "上门 9 次", "feedback": "满意"})
    assert sent.status_code == 201, sent.text
    assert [r["user_id"] for r in (await manager.get("/api/v1/weekly-reports")).json()["reports"]] == [
        technician.admin_id]
    await secret_readers(tenant_a, "admin", "technician")
    refused = await manager.get("/api/v1/weekly-reports")
    assert refused.status_code == 403 and "secret" in refused.text
    assert len((await tenant_a.get("/api/v1/weekly-reports")).json()["reports"]) == 1  # admins keep every level
    await secret_readers(tenant_a, "admin", "manager")
    own = await technician.get("/api/v1/weekly-reports")  # one's own diary stays one's own
    assert own.status_code == 200 and [r["user_id"] for r in own.json()["reports"]] == [technician.admin_id]


async def test_domain_5_a_major_faults_analysis_is_secret(tenant_a):
    technician, manager = await tenant_a.add_user("technician"), await tenant_a.add_user("manager")
    customer = await tenant_a.customer(name="苏州工厂")
    fault = (await technician.post("/api/v1/major-faults", json={
        "customer_id": customer["id"], "occurred_at": (datetime.now(SHANGHAI) - timedelta(hours=1)).isoformat(),
        "place": "3 号车间", "symptoms": "灯具熄灭", "plan": "上门", "account_owner_id": manager.admin_id,
        "manager_id": manager.admin_id})).json()
    await secret_readers(tenant_a, "admin", "manager")
    refused = await technician.post(f"/api/v1/major-faults/{fault['id']}/analysis", json=ANALYSIS)
    assert refused.status_code == 403
    filed = await manager.post(f"/api/v1/major-faults/{fault['id']}/analysis", json=ANALYSIS)
    assert filed.status_code == 200 and filed.json()["root_cause"] == "雷击导致电源浪涌"
    [seen] = (await technician.get("/api/v1/major-faults")).json()["items"]
    assert seen["status"] == "analysed" and seen["place"] == "3 号车间"  # the first report is not secret
    assert [seen[name] for name in ANALYSIS] == [None] * 5
    [full] = (await manager.get("/api/v1/major-faults")).json()["items"]
    assert {name: full[name] for name in ANALYSIS} == ANALYSIS


async def test_domain_5_the_call_log_is_secret(tenant_a):
    manager = await tenant_a.add_user("manager")
    now = datetime.now(SHANGHAI)
    sent = await tenant_a.post("/api/v1/call-records", json={"calls": [
        {"external_id": "c1", "started_at": now.isoformat(), "ring_seconds": 4}]})
    assert sent.status_code == 200, sent.text
    url = f"/api/v1/call-records/stats?start={now.date()}&end={now.date()}"
    assert (await manager.get(url)).json()["answered"] == 1
    await secret_readers(tenant_a, "admin")
    assert (await manager.get(url)).status_code == 403
    assert (await tenant_a.get(url)).status_code == 200
