"""DOMAIN §3 and §10 (004 第二十七-二十八条), through the HTTP API: the repaired item is ready:
notify the customer; not collected, notify again 3 days later; after 3 unanswered notices, mail
the item back. Collecting the item ends the notices."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.sdk import utcnow

RULE = "ecommerce.repair_ready"


def today() -> date:
    return utcnow().astimezone(ZoneInfo("Asia/Shanghai")).date()


@pytest.fixture
async def shop(make_tenant):
    tenant = await make_tenant(plugins=["ecommerce"])
    customer = await tenant.customer(name="赵先生")
    return tenant, customer


async def repaired(tenant, customer) -> dict:
    ticket = (await tenant.post("/api/v1/tickets", json={
        "kind": "repair", "channel": "visit", "customer_id": customer["id"], "subject": "蓝牙耳机不响",
    })).json()
    resolved = await tenant.post(f"/api/v1/tickets/{ticket['id']}/transitions",
                                 json={"action": "resolve", "resolution": "更换喇叭，已返店"})
    assert resolved.status_code == 200, resolved.text
    return ticket


async def open_notices(tenant, ticket) -> list[dict]:
    items = (await tenant.get(f"/api/v1/revisits?status=open&customer_id={ticket['customer_id']}")).json()["items"]
    return [r for r in items if r["ticket_id"] == ticket["id"] and any(i.startswith(RULE) for i in r["rule_ids"])]


async def unanswered(tenant, revisit) -> None:
    response = await tenant.post(f"/api/v1/revisits/{revisit['id']}/outcome", json={"outcome": "unreachable"})
    assert response.status_code == 200, response.text


async def test_first_notice_on_the_day_the_repair_is_done(shop):
    tenant, customer = shop
    ticket = await repaired(tenant, customer)
    [first] = await open_notices(tenant, ticket)
    assert (first["due_from"], first["due_by"]) == (str(today()), str(today()))
    assert first["script_id"] == "ecommerce.repair_ready_notice" and first["channel"] == "phone"


async def test_unanswered_notice_is_repeated_on_day_3_not_day_2(shop):
    tenant, customer = shop
    ticket = await repaired(tenant, customer)
    [first] = await open_notices(tenant, ticket)
    await unanswered(tenant, first)
    [second] = await open_notices(tenant, ticket)
    assert second["id"] != first["id"]
    assert second["due_from"] == str(today() + timedelta(days=3)) != str(today() + timedelta(days=2))
    assert second["channel"] == "phone"


async def test_mail_back_only_after_the_third_unanswered_notice(shop):
    tenant, customer = shop
    ticket = await repaired(tenant, customer)
    scripts = []
    for _notice in range(3):
        [notice] = await open_notices(tenant, ticket)
        assert notice["channel"] == "phone", "no mail-back before the third notice went unanswered"
        scripts.append(notice["script_id"])
        await unanswered(tenant, notice)
    assert scripts == ["ecommerce.repair_ready_notice", "ecommerce.repair_ready_notice",
                       "ecommerce.repair_ready_final_notice"]
    [mail_back] = await open_notices(tenant, ticket)
    assert mail_back["channel"] == "mail"
    assert "邮寄" in mail_back["reason"] or "mail" in mail_back["reason"]
    done = await tenant.post(f"/api/v1/revisits/{mail_back['id']}/outcome",
                             json={"outcome": "neutral", "notes": "已邮寄，运单号 SF1234567890"})
    assert done.status_code == 200
    assert await open_notices(tenant, ticket) == [], "the sequence ends with the mail-back"


async def test_an_answered_notice_ends_the_notices(shop):
    tenant, customer = shop
    ticket = await repaired(tenant, customer)
    [first] = await open_notices(tenant, ticket)
    response = await tenant.post(f"/api/v1/revisits/{first['id']}/outcome",
                                 json={"outcome": "neutral", "notes": "顾客说周末来取"})
    assert response.status_code == 200
    assert await open_notices(tenant, ticket) == []


async def test_collecting_the_item_after_notice_2_stops_notice_3_and_the_mail_back(shop):
    tenant, customer = shop
    ticket = await repaired(tenant, customer)
    [first] = await open_notices(tenant, ticket)
    await unanswered(tenant, first)
    [second] = await open_notices(tenant, ticket)
    collected = await tenant.post(f"/api/v1/tickets/{ticket['id']}/transitions",
                                  json={"action": "accept", "signed_by": "赵先生"})
    assert collected.status_code == 200, collected.text
    await unanswered(tenant, second)
    assert await open_notices(tenant, ticket) == []


async def test_a_shop_sets_four_notices_every_two_days(make_tenant):
    """DOMAIN §10 (configurable): the count and the interval are the shop's settings."""
    tenant = await make_tenant(plugins=["ecommerce"])
    await tenant.enable("ecommerce", ecommerce={"repair_ready_notices": 4, "repair_ready_renotify_days": 2})
    customer = await tenant.customer()
    ticket = await repaired(tenant, customer)
    channels = []
    for _notice in range(4):
        [notice] = await open_notices(tenant, ticket)
        channels.append(notice["channel"])
        if len(channels) == 2:
            assert notice["due_from"] == str(today() + timedelta(days=2))
        await unanswered(tenant, notice)
    assert channels == ["phone"] * 4
    [mail_back] = await open_notices(tenant, ticket)
    assert mail_back["channel"] == "mail"


async def test_a_tenant_without_the_shop_plugin_gets_no_notices(make_tenant):
    tenant = await make_tenant(plugins=["lighting"])
    customer = await tenant.customer()
    ticket = await repaired(tenant, customer)
    assert await open_notices(tenant, ticket) == []
