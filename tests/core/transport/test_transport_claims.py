"""Transport-damage claims (DOMAIN §12, 001 篇1 退换货 第四条): customer service and logistics
file the claim with the carrier for the customer and track it to its result — open, filed,
then settled or rejected, each step only from the one before; dates the tenant's, records its own."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


def today() -> str:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()


async def open_claim(tenant, **extra) -> dict:
    customer = await tenant.customer(name="华南经销商")
    answer = await tenant.post("/api/v1/transport-claims", json={
        "customer_id": customer["id"], "carrier": "顺丰速运", "waybill_no": "SF1234567890", "kind": "damaged",
        "description": "两箱吸顶灯灯罩破裂", "claimed_fen": 120_000, **extra})
    assert answer.status_code == 201, answer.text
    return answer.json()


async def test_domain_12_a_claim_is_filed_with_the_carrier_and_settled(tenant_a):
    logistics = await tenant_a.add_user("agent", name="物流部小陈")
    claim = await open_claim(tenant_a, logistics_id=logistics.admin_id)
    assert (claim["status"], claim["owner_id"], claim["logistics_id"]) == ("open", tenant_a.admin_id, logistics.admin_id)
    early = await tenant_a.post(f"/api/v1/transport-claims/{claim['id']}/settle", json={"settled_fen": 1})
    assert early.status_code == 409  # not filed yet
    filed = await tenant_a.post(f"/api/v1/transport-claims/{claim['id']}/file", json={})
    assert filed.status_code == 200 and (filed.json()["status"], filed.json()["filed_on"]) == ("filed", today())
    settled = await tenant_a.post(f"/api/v1/transport-claims/{claim['id']}/settle",
                                  json={"settled_fen": 100_000, "result": "承运人赔付"})
    assert settled.status_code == 200
    assert (settled.json()["status"], settled.json()["settled_fen"]) == ("settled", 100_000)
    assert settled.json()["closed_at"] is not None
    assert (await tenant_a.post(f"/api/v1/transport-claims/{claim['id']}/reject", json={"result": "x"})).status_code == 409
    listed = (await tenant_a.get("/api/v1/transport-claims", params={"status": "settled"})).json()["items"]
    assert [c["id"] for c in listed] == [claim["id"]]


async def test_a_rejected_claim_keeps_its_reason_and_a_filing_date_ahead_is_refused(tenant_a):
    claim = await open_claim(tenant_a, kind="lost")
    tomorrow = (datetime.now(ZoneInfo("Asia/Shanghai")).date() + timedelta(days=1)).isoformat()
    ahead = await tenant_a.post(f"/api/v1/transport-claims/{claim['id']}/file", json={"filed_on": tomorrow})
    assert ahead.status_code == 422 and ahead.json()["errors"][0]["field"] == "filed_on"
    assert (await tenant_a.post(f"/api/v1/transport-claims/{claim['id']}/file", json={"filed_on": today()})).status_code == 200
    rejected = await tenant_a.post(f"/api/v1/transport-claims/{claim['id']}/reject", json={"result": "签收时未注明破损"})
    assert (rejected.json()["status"], rejected.json()["result"]) == ("rejected", "签收时未注明破损")


async def test_another_tenants_claims_customers_and_people_are_not_reached(tenant_a, tenant_b):
    claim = await open_claim(tenant_a)
    assert (await tenant_b.post(f"/api/v1/transport-claims/{claim['id']}/file", json={})).status_code == 404
    assert (await tenant_b.get("/api/v1/transport-claims")).json()["items"] == []
    theirs = await tenant_b.add_user("agent")
    refused = await tenant_a.post("/api/v1/transport-claims", json={
        "customer_id": claim["customer_id"], "carrier": "顺丰", "waybill_no": "SF1", "kind": "lost",
        "description": "丢件", "logistics_id": theirs.admin_id})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "logistics_id"
    technician = await tenant_a.add_user("technician")
    assert (await technician.post("/api/v1/transport-claims", json={
        "customer_id": claim["customer_id"], "carrier": "顺丰", "waybill_no": "SF1", "kind": "lost",
        "description": "丢件"})).status_code == 403  # the desk files claims
