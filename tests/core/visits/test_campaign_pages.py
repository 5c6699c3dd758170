"""A season's inspection visits (004 1.3) and a New Year campaign's contacts (003 篇3 三) read a
page at a time: ``GET /api/v1/inspection-visits`` and ``GET /api/v1/new-year-campaigns/contacts``
answer what the whole lists (``…/{id}/visits``, ``…/{id}/contacts``) answer, in the same order,
narrowed as asked, and only inside the tenant."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.core.visits.test_new_year_campaign import DEC_1
from tests.core.visits.test_seasonal_visits import MID_SUMMER


async def walk(tenant, url: str) -> list[dict]:
    """Every item of a paged list, one item a page."""
    seen, cursor = [], None
    while True:
        page = await tenant.get(url + ("&" if "?" in url else "?") + "limit=1" + (f"&cursor={cursor}" if cursor else ""))
        assert page.status_code == 200, page.text
        seen += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return seen


async def test_a_seasons_visits_page_in_the_order_they_were_booked(tenant_a, tenant_b, homes, clock):
    clock(MID_SUMMER)
    await homes(tenant_a)
    for name in ("甲", "乙", "丙", "丁"):
        await tenant_a.asset((await tenant_a.customer(name=name))["id"], "homes.dwelling")
    summer = (await tenant_a.post("/api/v1/seasonal-campaigns", json={"season": "summer", "year": 2027})).json()
    whole = (await tenant_a.get(f"/api/v1/seasonal-campaigns/{summer['id']}/visits")).json()
    assert len(whole) == 4
    assert await walk(tenant_a, f"/api/v1/inspection-visits?campaign_id={summer['id']}") == whole

    li = await tenant_a.add_user("technician")
    for visit in whole[1:3]:
        assert (await tenant_a.post(f"/api/v1/inspection-visits/{visit['id']}/assign",
                                    json={"technician_id": li.admin_id})).status_code == 200
    assert (await tenant_a.post(f"/api/v1/inspection-visits/{whole[2]['id']}/done",
                                json={"findings": "线路老化，已更换"})).status_code == 200
    mine = await walk(tenant_a, f"/api/v1/inspection-visits?campaign_id={summer['id']}&technician_id={li.admin_id}")
    assert [v["id"] for v in mine] == [whole[1]["id"], whole[2]["id"]]
    open_ones = await walk(tenant_a, f"/api/v1/inspection-visits?campaign_id={summer['id']}&status=open")
    assert [v["id"] for v in open_ones] == [v["id"] for v in whole if v["id"] != whole[2]["id"]]

    clock(datetime(2027, 12, 15, 2, 0, tzinfo=UTC))
    winter = (await tenant_a.post("/api/v1/seasonal-campaigns", json={"season": "winter", "year": 2027})).json()
    every = await walk(tenant_a, "/api/v1/inspection-visits")
    assert [v["campaign_id"] for v in every] == [summer["id"]] * 4 + [winter["id"]] * 4

    assert (await tenant_b.get(f"/api/v1/inspection-visits?campaign_id={summer['id']}")).status_code == 404
    assert (await tenant_b.get("/api/v1/inspection-visits")).json()["items"] == []
    bad = await tenant_a.get("/api/v1/inspection-visits?status=late")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "status"


async def test_a_new_year_campaigns_contacts_page_in_the_order_they_were_generated(tenant_a, tenant_b, clock):
    for name in ("甲", "乙", "丙"):
        await tenant_a.customer(name=name)
    clock(DEC_1)
    campaign = (await tenant_a.post("/api/v1/new-year-campaigns", json={})).json()
    whole = (await tenant_a.get(f"/api/v1/new-year-campaigns/{campaign['id']}/contacts")).json()
    assert len(whole) == 3
    assert await walk(tenant_a, f"/api/v1/new-year-campaigns/contacts?campaign_id={campaign['id']}") == whole
    assert await walk(tenant_a, "/api/v1/new-year-campaigns/contacts") == whole
    assert (await tenant_b.get(f"/api/v1/new-year-campaigns/contacts?campaign_id={campaign['id']}")).status_code == 404
    assert (await tenant_b.get("/api/v1/new-year-campaigns/contacts")).json()["items"] == []


@pytest.mark.parametrize("url", ["/api/v1/inspection-visits", "/api/v1/new-year-campaigns/contacts"])
async def test_a_cursor_not_from_the_list_names_the_field(tenant_a, url):
    response = await tenant_a.get(f"{url}?cursor=%%%")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "cursor"
