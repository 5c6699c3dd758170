"""The questionnaires page (DOMAIN §12): answers recorded from the customer's page (mistakes
beside their fields), the period's results per area and channel, a period that cannot be refused."""

from __future__ import annotations

import re

from tests.web.helpers import csrf_of, field_error


async def test_record_answers_from_the_customer_page_and_read_the_results(client, make_tenant, page_login):
    tenant = await make_tenant()
    customer = await tenant.customer(name="华南经销商")
    await page_login(tenant.slug, tenant.admin_email)
    file_page = (await client.get(f"/t/{tenant.slug}/customers/{customer['id']}")).text
    link = re.search(r'href="(/t/[^"]+/surveys/\?customer_id=[^"]+)"', file_page).group(1)
    page = await client.get(link)
    assert "客户：华南经销商" in page.text
    token = csrf_of(page.text)
    url = f"/t/{tenant.slug}/surveys/"
    none = await client.post(url, data={"_csrf_token": token, "customer_id": customer["id"], "channel": "phone",
                                        "answered_on": "2026-12-01"})
    assert none.status_code == 422 and field_error(none.text, "installation")
    for score in ("5", "3"):
        done = await client.post(url, data={"_csrf_token": token, "customer_id": customer["id"], "channel": "letter",
                                            "answered_on": "2026-12-01", "after_sales": score, "comments": "服务及时"})
        assert done.status_code == 200
    results = (await client.get(url, params={"start": "2026-12-01", "end": "2026-12-01"})).text
    assert "共回收 2 份调查表" in results
    assert re.search(r"<th scope=\"row\">售后服务</th><td>2</td><td>4\.0</td>\s*<td>50%</td>", results)
    assert "信函 2" in results
    upside_down = await client.get(url, params={"start": "2026-12-02", "end": "2026-12-01"})
    assert upside_down.status_code == 422 and field_error(upside_down.text, "end", "p-")
