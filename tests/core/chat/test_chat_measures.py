"""DOMAIN §1 SLA defaults (003 篇4): online chat greets a new visitor within 15 s and answers each
question within 20 s; the first agent message is the ticket's response."""

from __future__ import annotations

from datetime import datetime


def measured(message: dict) -> tuple:
    return message["measure"], message["wait_seconds"], message["on_time"]


async def test_domain_1_chat_greeting_within_15_seconds_16_is_late(shop):
    """DOMAIN §1 (003 篇4): the first reply to the first customer message is the greeting, on time at
    15 s, late at 16 s."""
    on_time, late = await shop.open(), await shop.open()
    await shop.say(on_time, "customer", 0, "在吗？")
    greeting = await shop.say(on_time, "agent", 15, "您好，很高兴为您服务")
    assert measured(greeting) == ("greeting", 15, True)
    assert greeting["author_id"] == shop.tenant.admin_id and greeting["sender"] == "agent"
    await shop.say(late, "customer", 0, "在吗？")
    assert measured(await shop.say(late, "agent", 16)) == ("greeting", 16, False)


async def test_domain_1_a_started_second_counts(shop):
    """DOMAIN §1 (003 篇4): 15.2 s is not within 15 s; the wait is shown as 16 s."""
    ticket = await shop.open()
    await shop.say(ticket, "customer", 0)
    assert measured(await shop.say(ticket, "agent", 15.2)) == ("greeting", 16, False)


async def test_domain_1_chat_answers_within_20_seconds_21_is_late(shop):
    """DOMAIN §1 (003 篇4): every later reply to a pending question is an answer: 20 s on time, 21 s
    late. Consecutive customer messages count from the first unanswered one; of consecutive agent
    messages only the first is measured."""
    ticket = await shop.open()
    await shop.say(ticket, "customer", 0, "在吗？")
    await shop.say(ticket, "agent", 3, "您好")
    await shop.say(ticket, "customer", 10, "我的订单什么时候发货？")
    await shop.say(ticket, "customer", 25, "订单号 1234")
    answer = await shop.say(ticket, "agent", 30, "今天下午发货")
    assert measured(answer) == ("answer", 20, True), "counted from the first unanswered question (10 s)"
    follow_on = await shop.say(ticket, "agent", 31, "还有别的问题吗？")
    assert measured(follow_on) == (None, None, None), "an agent speaking twice answers nothing pending"
    await shop.say(ticket, "customer", 40, "能开发票吗？")
    assert measured(await shop.say(ticket, "agent", 61, "可以")) == ("answer", 21, False)

    transcript = await shop.transcript(ticket)
    assert [m["body"] for m in transcript] == [
        "在吗？", "您好", "我的订单什么时候发货？", "订单号 1234", "今天下午发货", "还有别的问题吗？", "能开发票吗？", "可以",
    ], "oldest first"
    assert [m["on_time"] for m in transcript] == [None, True, None, None, True, None, None, False]
    assert all(m["wait_seconds"] is None for m in transcript if m["sender"] == "customer")
    assert all(m["author_id"] is None for m in transcript if m["sender"] == "customer")
    first = datetime.fromisoformat(transcript[0]["sent_at"])
    assert first == shop.at(0) and first.utcoffset().total_seconds() == 8 * 3600, "shown in the tenant's zone"

    page = (await shop.tenant.get(f"/api/v1/tickets/{ticket}/messages?limit=3")).json()
    rest = (await shop.tenant.get(f"/api/v1/tickets/{ticket}/messages?limit=200&cursor={page['next_cursor']}")).json()
    assert [m["id"] for m in page["items"] + rest["items"]] == [m["id"] for m in transcript]


async def test_domain_1_an_agent_speaking_first_is_not_the_greeting(shop):
    """DOMAIN §1 (003 篇4): the greeting answers the visitor's first message; an agent message before
    it answers nothing."""
    ticket = await shop.open()
    assert measured(await shop.say(ticket, "agent", 0, "欢迎光临")) == (None, None, None)
    await shop.say(ticket, "customer", 30, "你好")
    assert measured(await shop.say(ticket, "agent", 45)) == ("greeting", 15, True)


async def test_domain_1_without_a_target_the_wait_is_kept_but_not_judged(plain):
    """DOMAIN §1: the chat targets are configurable; the core policy sets none, so the wait is
    recorded and ``on_time`` is null; a tenant policy with targets judges the later replies."""
    ticket = await plain.open()
    await plain.say(ticket, "customer", 0)
    assert measured(await plain.say(ticket, "agent", 40)) == ("greeting", 40, None)
    policy = await plain.tenant.put("/api/v1/sla/policy", json={"chat_greet_seconds": 30, "chat_answer_seconds": 5})
    assert policy.status_code == 200, policy.text
    await plain.say(ticket, "customer", 50)
    assert measured(await plain.say(ticket, "agent", 55)) == ("answer", 5, True)
    await plain.say(ticket, "customer", 60)
    assert measured(await plain.say(ticket, "agent", 66)) == ("answer", 6, False)
    assert (await plain.transcript(ticket))[1]["on_time"] is None, "a stored verdict is not judged again"


async def test_domain_1_the_first_agent_message_is_the_tickets_response(shop):
    """DOMAIN §1: reaching the customer is the ticket's response: the first agent message sets
    ``responded_at`` (at its time) once, and the history keeps it."""
    ticket = await shop.open()
    await shop.say(ticket, "customer", 0)
    await shop.say(ticket, "agent", 12)
    await shop.say(ticket, "customer", 20)
    await shop.say(ticket, "agent", 30)
    events = (await shop.tenant.get(f"/api/v1/tickets/{ticket}/events")).json()["items"]
    replies = [e for e in events if e["action"] == "chat_reply"]
    assert len(replies) == 1
    assert datetime.fromisoformat(replies[0]["after"]["responded_at"]) == shop.at(12)
    assert replies[0]["data"]["wait_seconds"] == 12 and replies[0]["data"]["on_time"] is True
    assert replies[0]["actor_id"] == shop.tenant.admin_id
