"""The transport claims page (DOMAIN §12): a claim opened from the customer's page (no ids typed),
filed with the carrier and settled through pages, every mistake shown; technicians read only."""

from __future__ import annotations

import re

from tests.web.helpers import csrf_of, field_error


async def test_a_claim_from_the_customer_page_to_its_settlement(client, make_tenant, page_login):
    tenant = await make_tenant()
    customer = await tenant.customer(name="华南经销商")
    await page_login(tenant.slug, tenant.admin_email)
    file_page = (await client.get(f"/t/{tenant.slug}/customers/{customer['id']}")).text
    link = re.search(r'href="(/t/[^"]+/transport-claims/\?customer_id=[^"]+)"', file_page).group(1)
    page = await client.get(link)
    assert "客户：华南经销商" in page.text
    token = csrf_of(page.text)
    url = f"/t/{tenant.slug}/transport-claims/"
    bad = await client.post(url, data={"_csrf_token": token, "customer_id": customer["id"], "carrier": "顺丰",
                                       "waybill_no": "", "kind": "damaged", "description": "灯罩破裂", "claimed": "十元"})
    assert bad.status_code == 422 and field_error(bad.text, "claimed")
    made = await client.post(url, data={"_csrf_token": token, "customer_id": customer["id"], "carrier": "顺丰速运",
                                        "waybill_no": "SF123", "kind": "damaged", "description": "灯罩破裂",
                                        "claimed": "1200"})
    assert made.status_code == 200 and "顺丰速运 SF123" in made.text and "¥1200.00" in made.text
    claim = (await tenant.get("/api/v1/transport-claims")).json()["items"][0]
    assert claim["claimed_fen"] == 120_000
    filed = await client.post(f"{url}{claim['id']}/file", data={"_csrf_token": token})
    assert "已向承运人提出" in filed.text
    settled = await client.post(f"{url}{claim['id']}/settle", data={"_csrf_token": token, "settled": "1000"})
    assert settled.status_code == 200 and "已赔付" in settled.text and "¥1000.00" in settled.text
    again = await client.post(f"{url}{claim['id']}/settle", data={"_csrf_token": token, "settled": "1"})
    assert again.status_code == 422  # only a filed claim is settled, and that is said on the page

    technician = await tenant.add_user("technician")
    await page_login(tenant.slug, technician.admin_email)
    seen = await client.get(url)
    assert seen.status_code == 200 and "SF123" in seen.text and "登记索赔" not in seen.text
    assert (await client.post(f"{url}{claim['id']}/file", data={"_csrf_token": csrf_of(seen.text)})).status_code == 403


CLAIM_IDS = re.compile(r'<article class="card" id="claim-([0-9a-f-]{36})"')


async def test_console_and_api_answer_the_same_claims(client, make_tenant, page_login):
    """Issue 18: the page reads the API's list (core.transport.service.claim_page): the company's
    claims, newest first, of one status when asked; another company's on neither."""
    tenant, other = await make_tenant(), await make_tenant()
    customer = await tenant.customer(name="华南经销商")
    made = []
    for n in range(3):
        claim = await tenant.post("/api/v1/transport-claims", json={
            "customer_id": customer["id"], "carrier": "顺丰速运", "waybill_no": f"SF{n}", "kind": "damaged",
            "description": "灯罩破裂"})
        assert claim.status_code == 201, claim.text
        made.append(claim.json()["id"])
    assert (await tenant.post(f"/api/v1/transport-claims/{made[1]}/file", json={})).status_code == 200
    stranger = await other.customer(name="别家客户")
    theirs = (await other.post("/api/v1/transport-claims", json={
        "customer_id": stranger["id"], "carrier": "德邦", "waybill_no": "DB1", "kind": "lost",
        "description": "整件丢失"})).json()["id"]

    await page_login(tenant.slug, tenant.admin_email)
    for params, expected in (({}, made[::-1]), ({"status": "open"}, [made[2], made[0]]),
                             ({"status": "filed"}, [made[1]])):
        api = (await tenant.get("/api/v1/transport-claims", params=params)).json()["items"]
        page = await client.get(f"/t/{tenant.slug}/transport-claims/", params=params)
        assert page.status_code == 200
        assert [c["id"] for c in api] == CLAIM_IDS.findall(page.text) == expected, params
        assert theirs not in page.text
