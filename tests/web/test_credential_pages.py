"""The admin's integrations page (issue 14 item 3): create an API key or OAuth client with the
secret shown once, list them (name, scopes, created by, last used), revoke; admins only; zh first."""

from __future__ import annotations

import re

from tests.web.helpers import csrf_of


async def test_create_use_list_and_revoke_from_the_console(client, tenant_a, page_login):
    await page_login(tenant_a.slug, tenant_a.admin_email)
    url = f"/t/{tenant_a.slug}/admin/credentials"
    page = await client.get(url)
    assert page.status_code == 200, page.text
    assert "集成凭据" in page.text and 'value="tickets:read"' in page.text and 'value="admin"' in page.text
    assert f'href="{url}"' in page.text, "in the menu"
    form = {"_csrf_token": csrf_of(page.text), "name": "ERP 同步", "kind": "api_key", "rate_limit": "120",
            "scope": ["customers:read", "tickets:read"]}
    created = await client.post(url, data=form)
    assert created.status_code == 201, created.text
    assert created.headers["cache-control"] == "no-store"
    key = re.search(r'data-testid="secret">([^<]+)<', created.text).group(1)
    assert key.startswith("shk_") and "复制" in created.text
    assert (await client.get("/api/v1/customers", headers={"X-API-Key": key})).status_code == 200

    listing = await client.get(url)
    assert key not in listing.text and key.split("_", 3)[3] not in listing.text, "shown once"
    assert "ERP 同步" in listing.text and "customers:read, tickets:read" in listing.text and "从未" not in listing.text
    row = (await tenant_a.get("/api/v1/credentials")).json()["items"][0]
    revoked = await client.post(f"{url}/{row['id']}/revoke", data={"_csrf_token": csrf_of(listing.text)},
                                follow_redirects=False)
    assert revoked.status_code == 303
    assert (await client.get("/api/v1/customers", headers={"X-API-Key": key})).status_code == 401
    assert "已吊销" in (await client.get(url)).text


async def test_an_oauth_client_shows_its_id_and_secret_once(client, tenant_a, page_login):
    await page_login(tenant_a.slug, tenant_a.admin_email)
    url = f"/t/{tenant_a.slug}/admin/credentials"
    page = await client.get(url)
    created = await client.post(url, data={"_csrf_token": csrf_of(page.text), "name": "呼叫中心", "kind": "oauth_client",
                                           "rate_limit": "600", "scope": "tickets:write"})
    assert created.status_code == 201, created.text
    client_id = re.search(r'data-testid="client-id">([^<]+)<', created.text).group(1)
    secret = re.search(r'data-testid="secret">([^<]+)<', created.text).group(1)
    token = await client.post("/api/v1/oauth/token", data={"grant_type": "client_credentials", "client_id": client_id,
                                                           "client_secret": secret})
    assert token.status_code == 200 and token.json()["scope"] == "tickets:write"
    assert secret not in (await client.get(url)).text


async def test_bad_input_comes_back_with_the_field_marked(client, tenant_a, page_login):
    await page_login(tenant_a.slug, tenant_a.admin_email)
    url = f"/t/{tenant_a.slug}/admin/credentials"
    page = await client.get(url)
    response = await client.post(url, data={"_csrf_token": csrf_of(page.text), "name": "ERP", "kind": "api_key",
                                            "rate_limit": "600"})
    assert response.status_code == 422 and "请至少选择一个权限范围" in response.text
    response = await client.post(url, data={"_csrf_token": csrf_of(page.text), "name": "ERP", "kind": "api_key",
                                            "rate_limit": "lots", "scope": "tickets:read"})
    assert response.status_code == 422 and 'aria-invalid="true"' in response.text
    assert (await tenant_a.get("/api/v1/credentials")).json()["items"] == []


async def test_only_admins_open_the_page(client, tenant_a, page_login):
    manager = await tenant_a.add_user("manager")
    await page_login(tenant_a.slug, manager.admin_email)
    assert (await client.get(f"/t/{tenant_a.slug}/admin/credentials")).status_code == 403


async def test_console_and_api_answer_the_same_credentials(client, tenant_a, tenant_b, page_login):
    """Issue 18: the page reads the API's list (core.auth.credentials.queries.credential_page): the
    same API keys and OAuth clients of the company, newest first, revoked ones included, another
    company's not; a manager is refused by both."""
    made = []
    for n, kind in enumerate(("api_key", "oauth_client", "api_key")):
        created = await tenant_a.post("/api/v1/credentials", json={"name": f"凭据 {n}", "kind": kind,
                                                                   "scopes": ["tickets:read"]})
        assert created.status_code == 201, created.text
        made.append(created.json()["id"])
    assert (await tenant_a.post(f"/api/v1/credentials/{made[1]}/revoke")).status_code == 200
    theirs = await tenant_b.post("/api/v1/credentials", json={"name": "别家凭据", "kind": "api_key",
                                                              "scopes": ["tickets:read"]})
    assert theirs.status_code == 201, theirs.text
    api = [c["id"] for c in (await tenant_a.get("/api/v1/credentials")).json()["items"]]
    await page_login(tenant_a.slug, tenant_a.admin_email)
    page = await client.get(f"/t/{tenant_a.slug}/admin/credentials")
    assert re.findall(r'<tr id="credential-([0-9a-f-]{36})"', page.text) == api == made[::-1]
    assert theirs.json()["id"] not in page.text and "别家凭据" not in page.text
    manager = await tenant_a.add_user("manager")
    assert (await manager.get("/api/v1/credentials")).status_code == 403
    await page_login(tenant_a.slug, manager.admin_email)
    assert (await client.get(f"/t/{tenant_a.slug}/admin/credentials")).status_code == 403
