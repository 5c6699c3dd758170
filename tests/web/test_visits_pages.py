"""The service-visit pages (DOMAIN §12): a residential project recorded from the customer's page
with its revisits per warranty year (001 篇2 二); a season generated, a visit assigned and done by
its technician (004 1.3); the New Year campaign's gift and needs recorded (003 篇3 三) — every
mistake shown beside its field."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tests.core.visits.conftest import HomesPlugin
from tests.web.helpers import csrf_of, field_error


def today() -> str:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()


def freeze(monkeypatch, moment: datetime) -> None:
    for module in ("core.visits.projects", "core.visits.seasons", "core.visits.newyear"):
        monkeypatch.setattr(f"{module}.utcnow", lambda: moment)


async def test_a_residential_project_from_the_customer_page_with_its_revisits(client, make_tenant, page_login):
    tenant = await make_tenant()
    customer = await tenant.customer(name="王女士")
    await page_login(tenant.slug, tenant.admin_email)
    file_page = (await client.get(f"/t/{tenant.slug}/customers/{customer['id']}")).text
    link = re.search(r'href="(/t/[^"]+/residential-projects/\?customer_id=[^"]+)"', file_page).group(1)
    page = await client.get(link)
    assert page.status_code == 200 and "王女士" in page.text
    token = csrf_of(page.text)
    url = f"/t/{tenant.slug}/residential-projects/"
    body = {
        "_csrf_token": token,
        "customer_id": customer["id"],
        "name": "阳光花园3栋502",
        "address": "南京市",
        "handover_date": today(),
        "warranty_months": "零",
    }
    bad = await client.post(url, data=body)
    assert bad.status_code == 422 and field_error(bad.text, "warranty_months")
    made = await client.post(url, data={**body, "warranty_months": "24"})
    assert made.status_code == 200 and "阳光花园3栋502" in made.text and "保修期内" in made.text
    assert "0 / 2" in made.text  # two revisits booked in each warranty year, none done yet
    shown = (await client.get(f"/t/{tenant.slug}/customers/{customer['id']}")).text
    assert "上门服务" in shown and "阳光花园3栋502" in shown and "保修期内" in shown
    worklist = await client.get(f"/t/{tenant.slug}/revisits/")
    assert f'href="/t/{tenant.slug}/residential-projects/"' in worklist.text


async def test_a_season_generated_assigned_and_done_by_its_technician(
    client, make_tenant, page_login, monkeypatch, register_plugin
):
    freeze(monkeypatch, datetime(2027, 7, 15, 2, 0, tzinfo=UTC))
    register_plugin(HomesPlugin, "homes")
    tenant = await make_tenant()
    await tenant.enable("homes")
    customer = await tenant.customer(name="李先生")
    await tenant.asset(customer["id"], "homes.dwelling")
    technician = await tenant.add_user("technician", name="张师傅")
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/seasonal-visits/")
    token = csrf_of(page.text)
    url = f"/t/{tenant.slug}/seasonal-visits/"
    past = await client.post(url, data={"_csrf_token": token, "season": "winter", "year": "2026"})
    assert past.status_code == 422 and field_error(past.text, "year")
    made = await client.post(url, data={"_csrf_token": token, "season": "summer", "year": "2027"})
    assert made.status_code == 200 and "李先生" in made.text and "0 / 1" in made.text
    season = (await tenant.get("/api/v1/seasonal-campaigns")).json()["items"][0]
    [visit] = (await tenant.get(f"/api/v1/seasonal-campaigns/{season['id']}/visits")).json()
    assigned = await client.post(
        f"{url}visits/{visit['id']}/assign", data={"_csrf_token": token, "technician_id": technician.admin_id}
    )
    assert assigned.status_code == 200 and "张师傅" in assigned.text

    await page_login(tenant.slug, technician.admin_email)
    mine = await client.get(f"{url}?campaign_id={season['id']}")
    assert "李先生" in mine.text and "生成巡检" not in mine.text
    token = csrf_of(mine.text)
    empty = await client.post(f"{url}visits/{visit['id']}/done", data={"_csrf_token": token, "findings": ""})
    assert empty.status_code == 422 and field_error(empty.text, f"v-{visit['id']}-findings")
    done = await client.post(f"{url}visits/{visit['id']}/done", data={"_csrf_token": token, "findings": "空调正常"})
    assert done.status_code == 200 and "空调正常" in done.text and "1 / 1" in done.text
    assert (await client.post(url, data={"_csrf_token": token, "season": "summer", "year": "2027"})).status_code == 403


async def test_the_new_year_gift_and_needs_are_recorded_on_the_page(client, make_tenant, page_login, monkeypatch):
    freeze(monkeypatch, datetime(2026, 12, 2, 2, 0, tzinfo=UTC))
    tenant = await make_tenant()
    await tenant.customer(name="赵总")
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/new-year/")
    token = csrf_of(page.text)
    made = await client.post(f"/t/{tenant.slug}/new-year/", data={"_csrf_token": token})
    assert made.status_code == 200 and "赵总" in made.text
    again = await client.post(f"/t/{tenant.slug}/new-year/", data={"_csrf_token": token})
    assert again.status_code == 422
    campaign = (await tenant.get("/api/v1/new-year-campaigns")).json()["items"][0]
    [contact] = (await tenant.get(f"/api/v1/new-year-campaigns/{campaign['id']}/contacts")).json()
    url = f"/t/{tenant.slug}/new-year/contacts/{contact['id']}"
    ahead = (datetime(2026, 12, 3)).date().isoformat()
    bad = await client.post(url, data={"_csrf_token": token, "campaign_id": campaign["id"], "gift_sent_on": ahead})
    assert bad.status_code == 422 and field_error(bad.text, f"c-{contact['id']}-gift_sent_on")
    saved = await client.post(
        url,
        data={
            "_csrf_token": token,
            "campaign_id": campaign["id"],
            "gift_sent_on": "2026-12-02",
            "needs": "明年扩建厂房",
        },
    )
    assert saved.status_code == 200 and "明年扩建厂房" in saved.text
