"""Online chat in the monthly report and on the ticket page (DOMAIN §1 SLA defaults, 003 篇4;
DOMAIN §7 monthly summary)."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo


def month_of(chat) -> str:
    return f"{chat.at(0).astimezone(ZoneInfo('Asia/Shanghai')):%Y-%m}"


async def test_domain_1_report_counts_greetings_and_answers_on_time(shop, plain):
    """DOMAIN §1 (003 篇4) in the monthly report: greetings within 15 s and answers within 20 s
    among the replies sent in the month, from the verdicts stored with them; replies judged
    without a target and other tenants' chats are not counted."""
    first, second = await shop.open(), await shop.open()
    for ticket, greet, answer in ((first, 15, 20), (second, 16, 21)):
        await shop.say(ticket, "customer", 0)
        await shop.say(ticket, "agent", greet)
        await shop.say(ticket, "customer", 30)
        await shop.say(ticket, "agent", 30 + answer)
    await shop.say(first, "agent", 60)
    untargeted = await plain.open()
    await plain.say(untargeted, "customer", 0)
    await plain.say(untargeted, "agent", 5)

    report = (await shop.tenant.get(f"/api/v1/reports/service-quality?month={month_of(shop)}")).json()
    assert report["chat"] == {"greetings": {"met": 1, "total": 2, "rate": 0.5},
                              "answers": {"met": 1, "total": 2, "rate": 0.5}}
    csv = (await shop.tenant.get(f"/api/v1/reports/service-quality.csv?month={month_of(shop)}")).content.decode("utf-8-sig")
    assert "chat,greetings,1/2 (50.00%)" in csv and "chat,answers,1/2 (50.00%)" in csv
    assert (await plain.tenant.get(f"/api/v1/reports/service-quality?month={month_of(plain)}")).json()["chat"] == {
        "greetings": {"met": 0, "total": 0, "rate": None}, "answers": {"met": 0, "total": 0, "rate": None}}
    empty = (await shop.tenant.get("/api/v1/reports/service-quality?month=2020-01")).json()
    assert empty["chat"]["greetings"] == {"met": 0, "total": 0, "rate": None}


async def test_domain_1_ticket_page_shows_the_chat_transcript(shop, client, page_login):
    """DOMAIN §1 (003 篇4): the page of an online-chat ticket lists the transcript, a late reply
    marked with its wait; other tickets have no transcript card."""
    ticket = await shop.open()
    await shop.say(ticket, "customer", 0, "请问 <b>发票</b> 怎么开？")
    await shop.say(ticket, "agent", 21, "稍等，我帮您查一下")
    await shop.say(ticket, "customer", 40, "好的")
    await shop.say(ticket, "agent", 50, "可以开电子发票")
    phone = await shop.open(channel="phone")
    login = await page_login(shop.tenant.slug, shop.tenant.admin_email)
    assert login.status_code == 200, login.text

    page = await client.get(f"/t/{shop.tenant.slug}/tickets/{ticket}")
    assert page.status_code == 200
    card = re.search(r'<section class="card" id="chat".*?</section>', page.text, re.S).group(0)
    assert card.index("请问 &lt;b&gt;发票&lt;/b&gt; 怎么开？") < card.index("稍等") < card.index("可以开电子发票")
    assert len(re.findall(r'class="badge badge-bad">[^<]*21', card)) == 1, "only the late greeting is marked"
    assert "badge-bad" not in card.split("可以开电子发票")[0].split("好的")[1], "the answer after 10 s is on time"
    other = await client.get(f"/t/{shop.tenant.slug}/tickets/{phone}")
    assert other.status_code == 200 and 'id="chat"' not in other.text
