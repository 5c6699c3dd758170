"""The revisit worklist card of a car's second follow-up (DOMAIN 3.10, 004 (三)5)."""

from __future__ import annotations

from tests.plugins.automotive.test_follow_up_topics import FIRST, SECOND, call, repaired_car, revisit_of  # noqa: F401
from tests.web.helpers import csrf_of


async def test_domain_3_10_worklist_page_offers_the_topics_and_names_those_to_avoid(make_tenant, client, page_login,
                                                                                   revisit_of):  # noqa: F811
    """The worklist card lists the topics as checkboxes and says which the earlier call covered."""
    shop = await make_tenant(plugins=("automotive",))
    car = await repaired_car(shop)
    await call(shop, await revisit_of(shop, car["customer_id"], FIRST), ["vehicle_use"])
    second = await revisit_of(shop, car["customer_id"], SECOND)
    await page_login(shop.slug, shop.admin_email)
    page = await client.get(f"/t/{shop.slug}/revisits/", params={"day": second["due_by"]})
    assert page.status_code == 200
    assert 'name="topic:car_care_tips"' in page.text
    assert "上次通话已谈过，不要重复" in page.text
    form = await client.post(f"/t/{shop.slug}/revisits/{second['id']}/outcome?day={second['due_from']}", data={
        "_csrf_token": csrf_of(page.text), "outcome": "satisfied", "topic:vehicle_use": "on"})
    assert form.status_code == 422 and "不要重复" in form.text
    form = await client.post(f"/t/{shop.slug}/revisits/{second['id']}/outcome?day={second['due_from']}", data={
        "_csrf_token": csrf_of(page.text), "outcome": "satisfied", "topic:car_care_tips": "on"})
    assert form.status_code in (200, 303)
    assert (await shop.get(f"/api/v1/revisits/{second['id']}")).json()["topics"] == ["car_care_tips"]
