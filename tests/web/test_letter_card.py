"""A letter on the revisit worklist is marked sent; a call offers the call outcomes (DOMAIN 8.6)."""

from __future__ import annotations

import re

from tests.core.revisits.test_letter_register import book


async def test_a_letter_card_offers_sent_and_a_call_card_does_not(client, make_tenant, page_login):
    tenant = await make_tenant()
    letter = await book(tenant, (await tenant.customer())["id"], "letter")
    call = await book(tenant, (await tenant.customer(name="电话客户", phone="13600136000"))["id"], "phone")
    await page_login(tenant.slug, tenant.admin_email)
    page = (await client.get(f"/t/{tenant.slug}/revisits/")).text

    def outcomes(revisit_id: str) -> list[str]:
        card = page[page.index(f'id="call-{revisit_id}"'):]
        card = card[:card.index("</form>")]
        return re.findall(r'name="outcome" value="(\w+)"', card)

    assert outcomes(letter["id"]) == ["sent"] and "已寄出" in page
    assert outcomes(call["id"]) == ["satisfied", "neutral", "unsatisfied", "unreachable"]
