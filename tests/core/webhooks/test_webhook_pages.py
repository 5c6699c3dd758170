"""Issue 15 "Done when": the console has pages for webhook endpoints with their delivery log
(zh_Hans first), replay from the log, and the notice of an endpoint disabled for failing."""

from __future__ import annotations

import re
from datetime import timedelta

from core.testing import PASSWORD
from tests.core.webhooks.conftest import deliveries_of, make_endpoint, open_ticket
from tests.web.helpers import csrf_of, field_error, pages_of


async def login(client, slug: str, email: str):
    """Sign the client in through the login page."""
    page = await client.get("/login")
    response = await client.post(
        "/login", data={"_csrf_token": csrf_of(page.text), "tenant": slug, "email": email, "password": PASSWORD}
    )
    assert response.status_code in (200, 303), response.text


async def test_endpoints_page_creates_shows_the_secret_once_and_replays_from_the_log(
    tenant_a, private_client, private_admin, receiver, delivery_policy, drain
):
    delivery_policy(max_attempts=1)
    client = private_client
    await login(client, tenant_a.slug, tenant_a.admin_email)
    url = f"/t/{tenant_a.slug}/admin/webhooks/"
    page = await client.get(url)
    assert page.status_code == 200, page.text
    assert "Webhook 推送" in page.text and f'href="{url}"' in page.text, "the admin's menu entry"
    assert 'for="f-url"' in page.text and 'value="ticket.created" checked' in page.text
    token = csrf_of(page.text)

    bad = await client.post(url, data={"_csrf_token": token, "url": "ftp://example.com/", "event_types": "*"})
    assert bad.status_code == 422 and "http:// or https://" in field_error(bad.text, "url")
    assert 'value="ftp://example.com/"' in bad.text, "what was typed stays"

    created = await client.post(url, data={"_csrf_token": token, "url": receiver.url, "description": "ERP",
                                           "event_types": ["ticket.created", "complaint.*"],
                                           "other_types": "lighting.* installation.done"})
    assert created.status_code == 200, created.text
    secret = re.search(r"<code>(whsec_[A-Za-z0-9+/=]+)</code>", created.text).group(1)
    [endpoint] = (await tenant_a.get("/api/v1/webhooks/endpoints")).json()["items"]
    assert endpoint["event_types"] == ["ticket.created", "complaint.*", "lighting.*", "installation.done"]
    page = await client.get(f"{url}{endpoint['id']}")
    assert secret not in page.text, "the secret is shown once"
    assert "尚无投递记录" in page.text

    receiver.secret = secret
    receiver.answers = [500]
    await open_ticket(tenant_a)
    await drain()
    page = await client.get(f"{url}{endpoint['id']}")
    [log] = await deliveries_of(private_admin(tenant_a), endpoint["id"])
    assert log["status"] == "failed" and f'id="delivery-{log["id"]}"' in page.text and "HTTP 500" in page.text
    replay = f"{url}deliveries/{log['id']}/replay"
    row = await client.post(replay, data={"_csrf_token": csrf_of(page.text)}, headers={"hx-request": "true"})
    assert row.status_code == 200 and row.text.strip().startswith(f'<tr id="delivery-{log["id"]}"'), row.text
    assert "<html" not in row.text and "待发送" in row.text, "htmx gets the row alone, pending again"
    await drain()
    [log] = await deliveries_of(private_admin(tenant_a), endpoint["id"])
    assert log["status"] == "delivered" and receiver.received[-1].verified
    detail = await client.get(f"{url}deliveries/{log['id']}")
    assert detail.status_code == 200 and log["webhook_id"] in detail.text and "ticket.created" in detail.text


async def test_a_disabled_endpoint_shows_a_notice_and_can_be_enabled(
    tenant_b, private_client, private_admin, receiver, delivery_policy, drain
):
    delivery_policy(disable_after_failures=1, disable_window=timedelta(0))
    admin = private_admin(tenant_b)
    endpoint = (await admin.post("/api/v1/webhooks/endpoints",
                                 json={"url": receiver.url, "event_types": ["*"]})).json()
    receiver.default = 503
    await open_ticket(tenant_b)
    await drain()
    client = private_client
    await login(client, tenant_b.slug, tenant_b.admin_email)
    url = f"/t/{tenant_b.slug}/admin/webhooks/"
    page = await client.get(url)
    assert f'id="disabled-{endpoint["id"]}"' in page.text and "HTTP 503" in page.text
    assert "已停用" in page.text
    home = await client.get(f"/t/{tenant_b.slug}/")
    assert f'id="disabled-webhook-{endpoint["id"]}"' in home.text, "the notice is on the admin's home page too"
    enabled = await client.post(f"{url}{endpoint['id']}", data={"_csrf_token": csrf_of(page.text), "action": "enable"})
    assert enabled.status_code == 200, enabled.text
    assert (await admin.get(f"/api/v1/webhooks/endpoints/{endpoint['id']}")).json()["enabled"] is True
    assert f'id="disabled-{endpoint["id"]}"' not in (await client.get(url)).text


async def test_the_pages_refuse_private_addresses_and_other_roles(client, tenant_a):
    await login(client, tenant_a.slug, tenant_a.admin_email)
    url = f"/t/{tenant_a.slug}/admin/webhooks/"
    page = await client.get(url)
    refused = await client.post(url, data={"_csrf_token": csrf_of(page.text), "url": "http://127.0.0.1:8000/x",
                                           "event_types": "ticket.created"})
    assert refused.status_code == 422 and "loopback" in field_error(refused.text, "url")
    manager = await tenant_a.add_user("manager")
    await login(client, tenant_a.slug, manager.admin_email)
    assert (await client.get(url)).status_code == 403
    assert f'href="{url}"' not in (await client.get(f"/t/{tenant_a.slug}/")).text


async def test_console_and_api_answer_the_same_rows(tenant_a, tenant_b, private_client, private_admin, receiver):
    """Issue 18: the endpoints page reads the API's list (core.webhooks.queries.list_endpoints):
    the same endpoints of the tenant, newest first, a disabled one included, another tenant's not."""
    admin = private_admin(tenant_a)
    made = [await make_endpoint(admin, f"{receiver.url}?n={n}") for n in range(3)]
    await admin.patch(f"/api/v1/webhooks/endpoints/{made[1]['id']}", json={"enabled": False})
    await make_endpoint(private_admin(tenant_b), receiver.url)
    api = (await admin.get("/api/v1/webhooks/endpoints")).json()["items"]
    await login(private_client, tenant_a.slug, tenant_a.admin_email)
    page = await private_client.get(f"/t/{tenant_a.slug}/admin/webhooks/")
    listed = re.findall(rf'<td><a href="/t/{tenant_a.slug}/admin/webhooks/([0-9a-f-]{{36}})">', page.text)
    assert [e["id"] for e in api] == listed == [e["id"] for e in reversed(made)]


async def test_the_page_lists_every_endpoint_and_says_when_no_more_may_be_added(
    tenant_a, private_client, private_admin, receiver, monkeypatch
):
    """A company's endpoints are bounded (core.webhooks.service.MAX_ENDPOINTS), so the page lists
    them all; adding one past the bound shows why beside the form and writes nothing."""
    monkeypatch.setattr("core.webhooks.service.MAX_ENDPOINTS", 2)
    admin = private_admin(tenant_a)
    made = [await make_endpoint(admin, f"{receiver.url}?n={n}") for n in range(2)]
    await login(private_client, tenant_a.slug, tenant_a.admin_email)
    url = f"/t/{tenant_a.slug}/admin/webhooks/"
    page = await private_client.get(url)
    listed = re.findall(rf'<td><a href="/t/{tenant_a.slug}/admin/webhooks/([0-9a-f-]{{36}})">', page.text)
    assert listed == [e["id"] for e in reversed(made)]
    refused = await private_client.post(url, data={"_csrf_token": csrf_of(page.text), "url": f"{receiver.url}?n=2",
                                                   "event_types": "*"})
    assert refused.status_code == 422 and "at most 2 endpoints" in refused.text
    assert len((await admin.get("/api/v1/webhooks/endpoints")).json()["items"]) == 2


async def test_console_and_api_answer_the_same_deliveries(tenant_a, tenant_b, private_client, private_admin, receiver,
                                                          monkeypatch):
    """Issue 18: an endpoint's page lists the API's delivery log (core.webhooks.queries.list_deliveries):
    the same deliveries of that endpoint, newest first; another endpoint's and another tenant's are
    on neither."""
    admin = private_admin(tenant_a)
    endpoint, elsewhere = await make_endpoint(admin, receiver.url), await make_endpoint(admin, receiver.url)
    await admin.patch(f"/api/v1/webhooks/endpoints/{elsewhere['id']}", json={"event_types": ["complaint.*"]})
    theirs = await make_endpoint(private_admin(tenant_b), receiver.url)
    for _ in range(3):
        await open_ticket(tenant_a)
    await open_ticket(tenant_b)
    api = await deliveries_of(admin, endpoint["id"])
    assert len(api) == 3 and await deliveries_of(admin, elsewhere["id"]) == []
    await login(private_client, tenant_a.slug, tenant_a.admin_email)
    page = await private_client.get(f"/t/{tenant_a.slug}/admin/webhooks/{endpoint['id']}")
    assert page.status_code == 200
    assert [d["id"] for d in api] == re.findall(r'<tr id="delivery-([0-9a-f-]{36})"', page.text)
    monkeypatch.setattr("core.web.webhooks.LOG_ROWS", 1)  # one a page: "Next page" walks the API's order
    walked = await pages_of(private_client, f"/t/{tenant_a.slug}/admin/webhooks/{endpoint['id']}")
    assert [i for html in walked for i in re.findall(r'<tr id="delivery-([0-9a-f-]{36})"', html)] == \
        [d["id"] for d in api]
    assert not set(re.findall(r'delivery-([0-9a-f-]{36})', page.text)) & {
        d["id"] for d in await deliveries_of(private_admin(tenant_b), theirs["id"])}
