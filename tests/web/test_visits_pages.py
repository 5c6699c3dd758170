"""The service-visit pages (DOMAIN §12): a residential project recorded from the customer's page
with its revisits per warranty year (001 篇2 二); a season generated, a visit assigned and done by
its technician (004 1.3); the New Year campaign's gift and needs recorded (003 篇3 三) — every
mistake shown beside its field."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tests.core.visits.conftest import HomesPlugin
from tests.web.helpers import counting, csrf_of, field_error, pages_of


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


#: A campaign's row in a campaigns table: its id, then its numbers (in the order of the columns).
CAMPAIGN_ROW = re.compile(r'<tr><td><a href="\?campaign_id=([0-9a-f-]{36})(?:&amp;cursor=[^"]+)?">.*?</tr>', re.S)


def campaign_rows(html: str) -> list[tuple[str, list[int]]]:
    """Each campaign the page lists, in order, with the counts its row shows ("1 / 2" is two)."""
    rows = []
    for match in CAMPAIGN_ROW.finditer(html):
        cells = re.findall(r"<td>(\d+)(?: / (\d+))?</td>", match.group(0))
        rows.append((match.group(1), [int(n) for cell in cells for n in cell if n]))
    return rows


async def test_console_and_api_answer_the_same_seasons(
    client, make_tenant, page_login, monkeypatch, register_plugin
):
    """Issue 18: the page reads the API's list (core.visits.seasons.campaign_page): the company's
    seasons, newest first, each with its visits done, booked and assigned (seasons.progress), for the
    desk and the technicians alike; another company's on neither."""
    freeze(monkeypatch, datetime(2027, 7, 15, 2, 0, tzinfo=UTC))
    register_plugin(HomesPlugin, "homes")
    tenant, other = await make_tenant(), await make_tenant()
    await tenant.enable("homes")
    for name in ("李先生", "王女士"):
        await tenant.asset((await tenant.customer(name=name))["id"], "homes.dwelling")
    made = []
    for season, year in (("summer", 2027), ("winter", 2027), ("summer", 2028)):
        generated = await tenant.post("/api/v1/seasonal-campaigns", json={"season": season, "year": year})
        assert generated.status_code == 201, generated.text
        made.append(generated.json()["id"])
    visit = (await tenant.get(f"/api/v1/seasonal-campaigns/{made[0]}/visits")).json()[0]
    done = await tenant.post(f"/api/v1/inspection-visits/{visit['id']}/done", json={"findings": "空调正常"})
    assert done.status_code == 200, done.text
    theirs = (await other.post("/api/v1/seasonal-campaigns", json={"season": "summer", "year": 2027})).json()["id"]

    for who in (tenant, await tenant.add_user("technician")):
        api = (await who.get("/api/v1/seasonal-campaigns")).json()["items"]
        await page_login(tenant.slug, who.admin_email)
        page = await client.get(f"/t/{tenant.slug}/seasonal-visits/")
        assert page.status_code == 200
        expected = [(c["id"], [c["progress"]["done"], c["progress"]["visits"], c["progress"]["assigned"]])
                    for c in api]
        assert campaign_rows(page.text) == expected
        assert f'href="/t/{tenant.slug}/seasonal-visits/" aria-current="page"' in page.text  # its own tab
        assert [c for c, _ in expected] == made[::-1] and expected[-1][1] == [1, 2, 1]
        assert theirs not in page.text

    monkeypatch.setattr("core.web.visits.CAMPAIGN_PAGE", 1)  # one a page: "Next page" walks the API's order
    walked = await pages_of(client, f"/t/{tenant.slug}/seasonal-visits/?campaign_id={made[0]}")
    assert [row for html in walked for row in campaign_rows(html)] == expected and len(walked) == 3
    assert all('id="visits-title"' in html and f'campaign_id={made[0]}' in html for html in walked)


async def test_console_and_api_answer_the_same_new_year_campaigns(client, make_tenant, page_login, monkeypatch):
    """Issue 18: the page reads the API's list (core.visits.newyear.campaign_page): the company's
    New Year campaigns, newest first, each with its customers, new customers, gifts sent and needs
    recorded (newyear.progress); the desk's only (a technician is refused by both); another
    company's on neither."""
    tenant, other = await make_tenant(), await make_tenant()
    await tenant.customer(name="赵总")
    await tenant.customer(name="钱总")
    made = []
    for year in (2024, 2025, 2026):
        freeze(monkeypatch, datetime(year, 12, 2, 2, 0, tzinfo=UTC))
        generated = await tenant.post("/api/v1/new-year-campaigns", json={})
        assert generated.status_code == 201, generated.text
        made.append(generated.json()["id"])
    contact = (await tenant.get(f"/api/v1/new-year-campaigns/{made[1]}/contacts")).json()[0]
    recorded = await tenant.post(f"/api/v1/new-year-campaigns/contacts/{contact['id']}", json={"needs": "扩建厂房"})
    assert recorded.status_code == 200, recorded.text
    theirs = (await other.post("/api/v1/new-year-campaigns", json={})).json()["id"]

    api = (await tenant.get("/api/v1/new-year-campaigns")).json()["items"]
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/new-year/")
    assert page.status_code == 200
    counts = ("contacts", "new_customers", "gifts_sent", "needs_recorded")
    expected = [(c["id"], [c["progress"][k] for k in counts]) for c in api]
    assert campaign_rows(page.text) == expected
    assert f'href="/t/{tenant.slug}/new-year/" aria-current="page"' in page.text  # its own tab
    assert [c for c, _ in expected] == made[::-1] and [c["progress"]["needs_recorded"] for c in api] == [0, 1, 0]
    assert theirs not in page.text
    monkeypatch.setattr("core.web.visits.CAMPAIGN_PAGE", 1)  # one a page: "Next page" walks the API's order
    walked = await pages_of(client, f"/t/{tenant.slug}/new-year/")
    assert [row for html in walked for row in campaign_rows(html)] == expected and len(walked) == 3

    technician = await tenant.add_user("technician")
    assert (await technician.get("/api/v1/new-year-campaigns")).status_code == 403
    await page_login(tenant.slug, technician.admin_email)
    assert (await client.get(f"/t/{tenant.slug}/new-year/")).status_code == 403


async def test_console_and_api_answer_the_same_residential_projects(client, shouhou_app, make_tenant, page_login):
    """Issue 18: the page reads the API's list (core.visits.projects.project_page): the same
    projects, newest first, of one customer when asked, each with its warranty years' revisits
    booked and done as the project's own read gives them (read for the whole page at once: as
    many statements for three projects as for one); another company's project is on neither."""
    from tests.core.visits.test_residential_projects import project

    tenant, other = await make_tenant(), await make_tenant()
    wang, li = await tenant.customer(name="王女士"), await tenant.customer(name="李先生")
    made = [await project(tenant, wang["id"], name="阳光花园3栋502")]
    await page_login(tenant.slug, tenant.admin_email)
    url = f"/t/{tenant.slug}/residential-projects/"
    with counting(shouhou_app) as one:
        assert (await client.get(url)).status_code == 200
    made += [await project(tenant, li["id"], name="翠湖苑8栋101", warranty_months=12),
             await project(tenant, wang["id"], name="阳光花园5栋302", warranty_months=36)]
    theirs = await project(other, (await other.customer())["id"], name="别家的房子")
    with counting(shouhou_app) as three:
        page = await client.get(url)
    assert len(three) == len(one), (len(one), len(three))
    api = (await tenant.get("/api/v1/residential-projects")).json()["items"]
    shown = re.findall(r'id="project-([0-9a-f-]{36})"', page.text)
    assert [p["id"] for p in api] == shown == [p["id"] for p in reversed(made)]
    assert f'href="/t/{tenant.slug}/residential-projects/" aria-current="page"' in page.text  # its own tab
    for card in page.text.split('id="project-')[1:]:
        read = (await tenant.get(f"/api/v1/residential-projects/{card[:36]}")).json()
        years = re.findall(r"<tr><td>(\d+)</td><td>[^<]*</td><td>(\d+) / (\d+)</td></tr>", card.split("</article>")[0])
        assert years and [(int(n), int(done), int(booked)) for n, done, booked in years] == \
            [(y["year"], y["done"], y["revisits"]) for y in read["years"]]
    assert theirs["id"] not in page.text
    of_wang = (await tenant.get("/api/v1/residential-projects", params={"customer_id": wang["id"]})).json()["items"]
    wang_page = await client.get(url, params={"customer_id": wang["id"]})
    assert [p["id"] for p in of_wang] == re.findall(r'id="project-([0-9a-f-]{36})"', wang_page.text) == \
        [made[2]["id"], made[0]["id"]]


def row_ids(html: str, kind: str) -> list[str]:
    return re.findall(rf'<article class="card" id="{kind}-([0-9a-f-]{{36}})"', html)


async def test_a_seasons_visits_page_as_the_api_pages_them_and_a_form_comes_back_to_its_page(
    client, make_tenant, page_login, monkeypatch, register_plugin
):
    """Issue 18: a season's visits on the page are ``GET /api/v1/inspection-visits?campaign_id=``
    page by page (a technician's own: ``&technician_id=`` them); a visit recorded from a later
    page comes back to that page, at the visit, and a mistake is shown there beside its field."""
    freeze(monkeypatch, datetime(2027, 7, 15, 2, 0, tzinfo=UTC))
    monkeypatch.setattr("core.web.visits.ROWS_PAGE", 1)  # one a page: "Next page" walks the API's order
    register_plugin(HomesPlugin, "homes")
    tenant = await make_tenant()
    await tenant.enable("homes")
    for name in ("甲先生", "乙女士", "丙先生"):
        await tenant.asset((await tenant.customer(name=name))["id"], "homes.dwelling")
    season = (await tenant.post("/api/v1/seasonal-campaigns", json={"season": "summer", "year": 2027})).json()
    api = (await tenant.get(f"/api/v1/inspection-visits?campaign_id={season['id']}")).json()["items"]
    technician = await tenant.add_user("technician", name="张师傅")
    for visit in api[1:]:
        assert (await tenant.post(f"/api/v1/inspection-visits/{visit['id']}/assign",
                                  json={"technician_id": technician.admin_id})).status_code == 200

    url = f"/t/{tenant.slug}/seasonal-visits/?campaign_id={season['id']}"
    await page_login(tenant.slug, tenant.admin_email)
    walked = await pages_of(client, url)
    assert [i for html in walked for i in row_ids(html, "visit")] == [v["id"] for v in api] and len(walked) == 3

    await page_login(tenant.slug, technician.admin_email)
    theirs = (await technician.get(f"/api/v1/inspection-visits?campaign_id={season['id']}"
                                   f"&technician_id={technician.admin_id}")).json()["items"]
    walked = await pages_of(client, url)
    assert [i for html in walked for i in row_ids(html, "visit")] == [v["id"] for v in theirs] == [
        v["id"] for v in api[1:]]
    second = walked[1]
    cursor = re.search(r'name="visits_cursor" value="([^"]+)"', second).group(1)
    visit = row_ids(second, "visit")[0]
    token = csrf_of(second)
    step = f"/t/{tenant.slug}/seasonal-visits/visits/{visit}/done"
    empty = await client.post(step, data={"_csrf_token": token, "visits_cursor": cursor, "findings": ""})
    assert empty.status_code == 422 and field_error(empty.text, f"v-{visit}-findings")
    assert row_ids(empty.text, "visit") == [visit]  # the page it was sent from
    done = await client.post(step, data={"_csrf_token": token, "visits_cursor": cursor, "findings": "空调正常"},
                             follow_redirects=False)
    assert done.status_code in (302, 303)
    assert done.headers["location"].endswith(f"campaign_id={season['id']}&visits_cursor={cursor}#visit-{visit}")


async def test_a_new_year_campaigns_contacts_page_as_the_api_pages_them(client, make_tenant, page_login, monkeypatch):
    """Issue 18: the campaign's customers on the page are ``GET /api/v1/new-year-campaigns/contacts
    ?campaign_id=`` page by page; a gift recorded from a later page comes back to it."""
    freeze(monkeypatch, datetime(2026, 12, 2, 2, 0, tzinfo=UTC))
    monkeypatch.setattr("core.web.visits.ROWS_PAGE", 1)
    tenant = await make_tenant()
    for name in ("赵总", "钱总", "孙总"):
        await tenant.customer(name=name)
    campaign = (await tenant.post("/api/v1/new-year-campaigns", json={})).json()
    api = (await tenant.get(f"/api/v1/new-year-campaigns/contacts?campaign_id={campaign['id']}")).json()["items"]
    await page_login(tenant.slug, tenant.admin_email)
    walked = await pages_of(client, f"/t/{tenant.slug}/new-year/?campaign_id={campaign['id']}")
    assert [i for html in walked for i in row_ids(html, "contact")] == [c["id"] for c in api] and len(walked) == 3
    last = walked[2]
    cursor = re.search(r'name="contacts_cursor" value="([^"]+)"', last).group(1)
    contact = row_ids(last, "contact")[0]
    saved = await client.post(f"/t/{tenant.slug}/new-year/contacts/{contact}", follow_redirects=False, data={
        "_csrf_token": csrf_of(last), "campaign_id": campaign["id"], "contacts_cursor": cursor, "needs": "扩建厂房"})
    assert saved.status_code in (302, 303)
    assert saved.headers["location"].endswith(f"campaign_id={campaign['id']}&contacts_cursor={cursor}#contact-{contact}")
