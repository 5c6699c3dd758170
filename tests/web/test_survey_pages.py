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


AREA_ROW = re.compile(r'<tr id="area-(\w+)"><th scope="row">[^<]*</th><td>(\d+)</td><td>([^<]*)</td>\s*<td>([^<]*)</td>')


def shown_results(html: str) -> tuple[int, list[tuple], dict[str, int]]:
    """The results a page shows: the questionnaires answered, each area's row, each channel's count."""
    title = re.search(r'id="results-title">([^<]*)</h2>', html).group(1)
    return (int(re.search(r"\d+", title).group(0)), AREA_ROW.findall(html),
            {c: int(n) for c, n in re.findall(r'id="channel-(\w+)">[^<]* (\d+)</span>', html)})


def api_results(results: dict) -> tuple[int, list[tuple], dict[str, int]]:
    """The same, as the API answers them (the mean and the share satisfied as the page writes them)."""
    areas = [(a["area"], str(a["answers"]), "—" if a["mean"] is None else str(a["mean"]),
              "—" if a["satisfied_rate"] is None else f"{a['satisfied_rate'] * 100:.0f}%") for a in results["areas"]]
    return results["responses"], areas, results["channels"]


async def test_console_and_api_answer_the_same_results(client, make_tenant, page_login):
    """Issue 18: the page reads the API's list (core.surveys.service.results): the results of the
    company's questionnaires of the period asked, per area in the questionnaire's order and per
    channel; another company's counted on neither."""
    tenant, other = await make_tenant(), await make_tenant()
    customer = await tenant.customer(name="华南经销商")
    for day, channel, scores in (("2026-11-02", "phone", {"after_sales": 5}),
                                 ("2026-11-10", "letter", {"after_sales": 3, "installation": 4}),
                                 ("2026-11-20", "on_site", {"installation": 2, "training": 5})):
        answered = await tenant.post("/api/v1/surveys/responses", json={
            "customer_id": customer["id"], "channel": channel, "answered_on": day, **scores})
        assert answered.status_code == 201, answered.text
    stranger = await other.customer(name="别家客户")
    theirs = await other.post("/api/v1/surveys/responses", json={
        "customer_id": stranger["id"], "channel": "fax", "answered_on": "2026-11-10", "after_sales": 1})
    assert theirs.status_code == 201, theirs.text

    await page_login(tenant.slug, tenant.admin_email)
    for period, responses in (({"start": "2026-11-01", "end": "2026-11-30"}, 3),
                              ({"start": "2026-11-05", "end": "2026-11-15"}, 1)):
        api = (await tenant.get("/api/v1/surveys/results", params=period)).json()
        page = await client.get(f"/t/{tenant.slug}/surveys/", params=period)
        assert page.status_code == 200
        assert shown_results(page.text) == api_results(api)
        assert api["responses"] == responses and "fax" not in api["channels"]
