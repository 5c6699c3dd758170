"""OAuth 2.0 client credentials (issue 14 item 2) on authlib's authorization server: a real
OAuth client library fetches tokens from the app served on loopback with both client
authentications; tokens are short-lived, carry the client's scopes, die with their expiry or the
client's revocation, and errors follow RFC 6749 §5.2."""

from __future__ import annotations

import uuid
from datetime import timedelta

from authlib.integrations.httpx_client import AsyncOAuth2Client
from sqlalchemy import update

from core.auth.credentials.models import IntegrationToken
from core.db.base import utcnow
from core.db.tenancy import bind_tenant
from tests.core.credentials.conftest import TOKEN_URL, basic, client_token, issue


def bearer(token: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {token['access_token']}"}


async def test_an_oauth_client_library_gets_tokens_over_http(tenant_a, live_server):
    """authlib's own client, over real HTTP, with client_secret_basic and client_secret_post."""
    client = await issue(tenant_a, ["customers:read", "tickets:read"], kind="oauth_client")
    for method in ("client_secret_basic", "client_secret_post"):
        async with AsyncOAuth2Client(client["client_id"], client["secret"], token_endpoint_auth_method=method,
                                     scope="customers:read") as oauth:
            token = await oauth.fetch_token(f"{live_server}{TOKEN_URL}", grant_type="client_credentials")
            assert token["token_type"] == "Bearer" and token["expires_in"] == 3600
            assert token["scope"] == "customers:read" and "refresh_token" not in token
            assert (await oauth.get(f"{live_server}/api/v1/customers")).status_code == 200
            assert (await oauth.get(f"{live_server}/api/v1/tickets")).status_code == 403, "only the scope asked for"


async def test_a_token_carries_every_scope_of_the_client_by_default(tenant_a, client):
    oauth = await issue(tenant_a, ["customers:read", "tickets:read"], kind="oauth_client")
    token = await client_token(client, oauth)
    assert token["scope"] == "customers:read tickets:read"
    assert (await client.get("/api/v1/tickets", headers=bearer(token))).status_code == 200
    refused = await client.post("/api/v1/customers", json={}, headers=bearer(token))
    assert refused.status_code == 403 and refused.json()["detail"] == "this credential lacks the scope customers:write"
    assert (await client.get("/schema/openapi.json")).status_code == 200


async def test_token_errors_follow_rfc_6749(tenant_a, client):
    oauth = await issue(tenant_a, ["customers:read"], kind="oauth_client")
    wrong = await client.post(TOKEN_URL, data={"grant_type": "client_credentials"},
                              headers=basic(oauth["client_id"], "not-the-secret"))
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    assert wrong.json()["status_code"] == 401 and wrong.json()["detail"]
    unknown = await client.post(TOKEN_URL, data={"grant_type": "client_credentials", "client_id": "shc_x_y",
                                                 "client_secret": "z"})
    assert unknown.status_code in (400, 401) and unknown.json()["error"] == "invalid_client"
    grant = await client.post(TOKEN_URL, data={"grant_type": "password"}, headers=basic(oauth["client_id"], oauth["secret"]))
    assert grant.status_code == 400 and grant.json()["error"] == "unsupported_grant_type"
    scope = await client.post(TOKEN_URL, data={"grant_type": "client_credentials", "scope": "customers:read admin"},
                              headers=basic(oauth["client_id"], oauth["secret"]))
    assert scope.status_code == 400 and scope.json()["error"] == "invalid_scope"
    assert "admin" in scope.json()["error_description"]
    for hostile in ({"content": b'{"grant_type": "client_credentials"}', "headers": {"Content-Type": "application/json"}},
                    {"data": {"grant_type": "client_credentials", "client_id": "shc_\x00", "client_secret": "x"}},
                    {"content": b"grant_type=" + b"x" * 20_000,
                     "headers": {"Content-Type": "application/x-www-form-urlencoded"}}):
        response = await client.post(TOKEN_URL, **hostile)
        assert response.status_code in (400, 401, 413), response.text
    key = await issue(tenant_a, ["customers:read"])
    as_client = await client.post(TOKEN_URL, data={"grant_type": "client_credentials"},
                                  headers=basic(key["secret"].rsplit("_", 1)[0].replace("shk_", "shc_"), key["secret"]))
    assert as_client.status_code == 401, "an API key is not an OAuth client"


async def test_an_expired_token_is_refused(tenant_a, client, shouhou_sessions):
    oauth = await issue(tenant_a, ["customers:read"], kind="oauth_client")
    token = await client_token(client, oauth)
    assert (await client.get("/api/v1/customers", headers=bearer(token))).status_code == 200
    async with shouhou_sessions() as session, session.begin():
        bind_tenant(session, uuid.UUID(tenant_a.id))
        await session.execute(update(IntegrationToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert (await client.get("/api/v1/customers", headers=bearer(token))).status_code == 401
    assert (await client.get("/api/v1/customers", headers=bearer(await client_token(client, oauth)))).status_code == 200


async def test_revoking_a_client_kills_its_tokens_at_once(tenant_a, client):
    oauth = await issue(tenant_a, ["customers:read"], kind="oauth_client")
    token = await client_token(client, oauth)
    assert (await client.get("/api/v1/customers", headers=bearer(token))).status_code == 200
    assert (await tenant_a.post(f"/api/v1/credentials/{oauth['id']}/revoke")).status_code == 200
    assert (await client.get("/api/v1/customers", headers=bearer(token))).status_code == 401
    again = await client.post(TOKEN_URL, data={"grant_type": "client_credentials"},
                              headers=basic(oauth["client_id"], oauth["secret"]))
    assert again.status_code == 401 and again.json()["error"] == "invalid_client"
    events = (await tenant_a.get(f"/api/v1/credentials/{oauth['id']}/events")).json()
    assert [e["action"] for e in events] == ["created", "revoked"]


async def test_the_client_rate_limit_covers_all_its_tokens(tenant_a, client):
    oauth = await issue(tenant_a, ["customers:read"], kind="oauth_client", rate_limit=2)
    first, second = await client_token(client, oauth), await client_token(client, oauth)
    assert (await client.get("/api/v1/customers", headers=bearer(first))).status_code == 200
    assert (await client.get("/api/v1/customers", headers=bearer(second))).status_code == 200
    limited = await client.get("/api/v1/customers", headers=bearer(first))
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1


async def test_tenant_b_tokens_cannot_reach_tenant_a(tenant_a, tenant_b, client):
    customer = await tenant_a.customer()
    b_client = await issue(tenant_b, ["customers:read"], kind="oauth_client")
    token = await client_token(client, b_client)
    assert (await client.get(f"/api/v1/customers/{customer['id']}", headers=bearer(token))).status_code == 404
    forged = token["access_token"].replace(uuid.UUID(tenant_b.id).hex, uuid.UUID(tenant_a.id).hex)
    assert (await client.get("/api/v1/customers", headers={"Authorization": f"Bearer {forged}"})).status_code == 401
    forged_id = b_client["client_id"].replace(uuid.UUID(tenant_b.id).hex, uuid.UUID(tenant_a.id).hex)
    response = await client.post(TOKEN_URL, data={"grant_type": "client_credentials"},
                                 headers=basic(forged_id, b_client["secret"]))
    assert response.status_code == 401


async def test_tokens_are_refused_on_pages(tenant_a, client):
    """Integrator credentials are for the API: a console page ignores them."""
    oauth = await issue(tenant_a, ["customers:read"], kind="oauth_client")
    token = await client_token(client, oauth)
    response = await client.get(f"/t/{tenant_a.slug}/customers", headers=bearer(token), follow_redirects=False)
    assert response.status_code in (302, 303, 401), response.status_code
    assert "测试客户" not in response.text
