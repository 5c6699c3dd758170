"""The chat transcript API: only online-chat tickets that are still open take messages, input is
checked field by field, agent messages need staff, and tenants never see each other's chats."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from core.db.base import utcnow
from tests.core.chat.conftest import Chat

SHANGHAI = ZoneInfo("Asia/Shanghai")


def field_of(response) -> str:
    return response.json()["errors"][0]["field"]


async def test_domain_1_only_online_chat_tickets_take_messages(shop):
    """DOMAIN §1 channels: a transcript belongs to a ticket that came in by online chat (在线)."""
    phone = await shop.open(channel="phone")
    refused = await shop.post(phone, "customer")
    assert refused.status_code == 409 and field_of(refused) == "channel"
    listed = await shop.tenant.get(f"/api/v1/tickets/{phone}/messages")
    assert listed.status_code == 409 and field_of(listed) == "channel"


async def test_a_closed_or_cancelled_chat_takes_no_messages(shop):
    cancelled, closed = await shop.open(), await shop.open()
    await shop.say(closed, "customer", 0)
    for ticket_id, actions in ((cancelled, [("cancel", {"reason": "客户离开"})]),
                               (closed, [("resolve", {"resolution": "已答复"}), ("close", {})])):
        for action, fields in actions:
            moved = await shop.tenant.post(f"/api/v1/tickets/{ticket_id}/transitions", json={"action": action, **fields})
            assert moved.status_code == 200, moved.text
        refused = await shop.post(ticket_id, "agent")
        assert refused.status_code == 409 and field_of(refused) == "status", refused.text
    assert len(await shop.transcript(closed)) == 1, "the transcript stays readable"


async def test_message_input_is_checked(shop):
    ticket = await shop.open()
    url = f"/api/v1/tickets/{ticket}/messages"
    for body, status, field in (
        ({"sender": "customer", "body": ""}, 400, "body"),
        ({"sender": "customer", "body": "x" * 5001}, 400, "body"),
        ({"sender": "customer", "body": "   "}, 422, "body"),
        ({"sender": "robot", "body": "您好"}, 400, "sender"),
        ({"body": "您好"}, 400, "sender"),
        ({"sender": "customer", "body": "您好", "sent_at": "yesterday"}, 400, "sent_at"),
        ({"sender": "customer", "body": "您好", "tenant_id": str(uuid.uuid4())}, 400, "tenant_id"),
    ):
        response = await shop.tenant.post(url, json=body)
        assert (response.status_code, field_of(response)) == (status, field), (body, response.text)
    future = await shop.tenant.post(url, json={"sender": "customer", "body": "您好", "sent_at": shop.at(3600).isoformat()})
    assert future.status_code == 422 and field_of(future) == "sent_at"
    assert (await shop.post(ticket, "customer", 0)).status_code == 201
    earlier = await shop.post(ticket, "agent", -1)
    assert earlier.status_code == 422 and field_of(earlier) == "sent_at", "the transcript only grows"
    assert (await shop.post(ticket, "agent", 0)).status_code == 201, "the same second is fine"
    assert (await shop.tenant.get(f"{url}?cursor=nonsense")).status_code == 422


async def test_a_time_without_offset_is_read_in_the_tenants_zone(shop):
    ticket = await shop.open()
    local = shop.at(5).astimezone(SHANGHAI).replace(tzinfo=None)
    message = await shop.tenant.post(f"/api/v1/tickets/{ticket}/messages",
                                     json={"sender": "customer", "body": "本地时间", "sent_at": local.isoformat()})
    assert message.status_code == 201, message.text
    assert datetime.fromisoformat(message.json()["sent_at"]) == shop.at(5)


async def test_messages_default_to_now(shop):
    ticket = await shop.open()
    before = utcnow()
    message = await shop.tenant.post(f"/api/v1/tickets/{ticket}/messages", json={"sender": "customer", "body": "在吗"})
    assert message.status_code == 201, message.text
    assert before <= datetime.fromisoformat(message.json()["sent_at"]) <= utcnow()


async def test_messages_need_staff_and_agent_replies_name_the_caller(shop):
    ticket = await shop.open()
    viewer = await shop.tenant.add_user("viewer", name="只读")
    agent = await shop.tenant.add_user("agent", name="小王")
    refused = await shop.post(ticket, "agent", 5, by=viewer)
    assert refused.status_code == 403
    assert (await shop.post(ticket, "customer", 0, by=viewer)).status_code == 403, "viewers only read"
    relayed = await shop.post(ticket, "customer", 0, by=agent)
    assert relayed.status_code == 201 and relayed.json()["author_id"] is None
    reply = await shop.post(ticket, "agent", 10, by=agent)
    assert reply.status_code == 201 and reply.json()["author_id"] == agent.admin_id
    assert reply.json()["measure"] == "greeting", "the refused message left nothing behind"
    assert len(await shop.transcript(ticket, by=viewer)) == 2


async def test_another_tenants_chat_is_not_found(shop, make_tenant):
    """Tenancy: tenant B cannot read or write tenant A's transcript, and lists only its own."""
    ticket = await shop.open()
    await shop.say(ticket, "customer", 0, "A 的客户")
    other_tenant = await make_tenant(plugins=("ecommerce",))
    other = Chat(other_tenant, await other_tenant.customer(name="B 的客户"))
    own = await other.open()
    await other.say(own, "customer", 0, "B 的消息")
    assert (await other.post(ticket, "customer", 1)).status_code == 404
    assert (await other_tenant.get(f"/api/v1/tickets/{ticket}/messages")).status_code == 404
    assert [m["body"] for m in await other.transcript(own)] == ["B 的消息"]
    assert [m["body"] for m in await shop.transcript(ticket)] == ["A 的客户"]
    assert (await shop.tenant.get(f"/api/v1/tickets/{uuid.uuid4()}/messages")).status_code == 404
    assert (await shop.post(str(uuid.uuid4()), "customer")).status_code == 404
