"""The letter register (DOMAIN 8.6, 004 (六): 信函登记表): a letter, SMS or e-mail revisit is done
once sent, by whom and when, and the letters form a register of their own."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


def today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


async def book(tenant, customer_id: str, channel: str) -> dict:
    body = {"customer_id": customer_id, "due_from": today().isoformat(),
            "due_by": (today() + timedelta(days=2)).isoformat(), "reason": "寄送活动通知函", "channel": channel}
    response = await tenant.post("/api/v1/revisits", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def test_domain_8_6_a_sent_letter_is_done_and_in_the_register(make_tenant):
    """DOMAIN 8.6: the letter is marked sent (who, when); the register lists the letters only;
    a sent letter completes its revisit (on time) without counting as a satisfied call."""
    tenant = await make_tenant()
    customer = await tenant.customer()
    other = await tenant.customer(name="另一客户", phone="13900139000")
    letter = await book(tenant, customer["id"], "letter")
    await book(tenant, other["id"], "phone")

    sent = await tenant.post(f"/api/v1/revisits/{letter['id']}/outcome", json={"outcome": "sent", "notes": "挂号信"})
    assert sent.status_code == 200, sent.text
    body = sent.json()
    assert (body["status"], body["outcome"], body["completed_by"]) == ("done", "sent", tenant.admin_id)

    register = (await tenant.get("/api/v1/revisits", params={"channel": "letter", "status": "done"})).json()["items"]
    assert [r["id"] for r in register] == [letter["id"]]
    stats = (await tenant.get("/api/v1/revisits/stats", params={"month": body["due_by"][:7]})).json()
    assert (stats["due"], stats["completed"], stats["on_time"], stats["satisfied"]) == (2, 1, 1, 0)
    assert stats["satisfaction_rate"] is None


async def test_domain_8_6_only_letters_sms_and_email_are_sent(make_tenant):
    """A call or a visit reaches the customer or not: ``sent`` is refused with the field."""
    tenant = await make_tenant()
    customer = await tenant.customer()
    call = await book(tenant, customer["id"], "phone")
    refused = await tenant.post(f"/api/v1/revisits/{call['id']}/outcome", json={"outcome": "sent"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "outcome"
    assert (await tenant.get(f"/api/v1/revisits/{call['id']}")).json()["status"] == "open"
    sms = await book(tenant, (await tenant.customer(name="短信客户", phone="13700137000"))["id"], "sms")
    assert (await tenant.post(f"/api/v1/revisits/{sms['id']}/outcome", json={"outcome": "sent"})).status_code == 200
    assert (await tenant.get("/api/v1/revisits", params={"channel": "fax"})).status_code == 400


async def test_the_register_is_the_tenants_own(make_tenant):
    a, b = await make_tenant(), await make_tenant()
    letter = await book(a, (await a.customer())["id"], "letter")
    await a.post(f"/api/v1/revisits/{letter['id']}/outcome", json={"outcome": "sent"})
    assert (await b.get("/api/v1/revisits", params={"channel": "letter"})).json()["items"] == []
    assert (await b.post(f"/api/v1/revisits/{letter['id']}/outcome", json={"outcome": "sent"})).status_code == 404
