"""Named API keys (issue 14 item 2): shown once, hashed at rest, revocable at once, last-used
time, per-key rate limit, audited create and revoke, admin-only management, tenant isolation."""

from __future__ import annotations

import asyncio
import hashlib
import os
import subprocess
import sys
import uuid
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError

from core.auth.credentials.models import CredentialEvent, IntegrationCredential, IntegrationToken
from core.db.base import utcnow
from core.db.tenancy import bind_tenant
from tests.core.credentials.conftest import issue
from tests.web.test_customer_pages import counting


def key_of(credential: dict) -> dict[str, str]:
    return {"X-API-Key": credential["secret"]}


async def stored(sessions, tenant, credential_id: str) -> IntegrationCredential:
    async with sessions() as session:
        bind_tenant(session, uuid.UUID(tenant.id))
        return await session.get(IntegrationCredential, (uuid.UUID(tenant.id), uuid.UUID(credential_id)))


async def test_the_key_is_shown_once(tenant_a):
    response = await tenant_a.post("/api/v1/credentials", json={"kind": "api_key", "name": "ERP 同步",
                                                                "scopes": ["customers:read"]})
    assert response.status_code == 201 and response.headers["cache-control"] == "no-store"
    key = response.json()
    assert key["rate_limit"] == 600, "the default limit"
    assert key["secret"].startswith(f"shk_{uuid.UUID(tenant_a.id).hex}_{key['prefix']}_")
    listed = (await tenant_a.get("/api/v1/credentials")).json()["items"]
    one = (await tenant_a.get(f"/api/v1/credentials/{key['id']}")).json()
    for shown in (*listed, one):
        assert "secret" not in shown and key["secret"].split("_", 3)[3] not in str(shown)
    assert [c["name"] for c in listed] == ["ERP 同步"] and one["created_by_name"] == "admin"


async def test_the_database_holds_only_hashes(tenant_a, client, shouhou_sessions, shouhou_settings):
    key = await issue(tenant_a, ["customers:read"])
    oauth = await issue(tenant_a, ["customers:read"], kind="oauth_client")
    token = (await client.post("/api/v1/oauth/token", data={
        "grant_type": "client_credentials", "client_id": oauth["client_id"], "client_secret": oauth["secret"]}
    )).json()["access_token"]
    secrets = [key["secret"].split("_", 3)[3], oauth["secret"], token.split("_", 2)[-1]]
    async with shouhou_sessions() as session:
        bind_tenant(session, uuid.UUID(tenant_a.id))
        rows = [*(await session.scalars(select(IntegrationCredential))).all(),
                *(await session.scalars(select(IntegrationToken))).all(),
                *(await session.scalars(select(CredentialEvent))).all()]
        dumped = " ".join(str({c.key: getattr(row, c.key) for c in row.__table__.columns}) for row in rows)
        idempotency = await session.execute(text("SELECT * FROM idempotency_records"))
        dumped += " ".join(map(str, idempotency.all()))
    for secret in secrets:
        assert secret not in dumped
    assert hashlib.sha256(secrets[0].encode()).hexdigest() in dumped
    if not shouhou_settings.is_postgres:
        path = shouhou_settings.database_url.split("///", 1)[1]
        # Read the files in another process: opening and closing a database file in this one would
        # drop the POSIX locks its SQLite connections hold on it (SQLite's documented corruption
        # hazard: another process then checkpoints and deletes the WAL under them).
        reader = "import sys; sys.stdout.buffer.write(b''.join(open(f, 'rb').read() for f in sys.argv[1:]))"
        files = [f for f in (path, f"{path}-wal") if os.path.exists(f)]
        raw = subprocess.run([sys.executable, "-c", reader, *files], capture_output=True, check=True).stdout
        assert not any(secret.encode() in raw for secret in secrets)


async def test_bearer_header_works_like_x_api_key_and_bad_keys_are_401(tenant_a, client):
    key = await issue(tenant_a, ["customers:read"])
    assert (await client.get("/api/v1/customers", headers={"Authorization": f"Bearer {key['secret']}"})).status_code == 200
    for bad in (key["secret"][:-2] + "xx", "shk_nothex_x_y", "shk_" + "0" * 32 + "_" + key["prefix"] + "_x", "shk"):
        response = await client.get("/api/v1/customers", headers={"X-API-Key": bad})
        assert response.status_code == 401, bad


async def test_revocation_is_immediate_and_audited(tenant_a, client):
    key = await issue(tenant_a, ["customers:read"])
    assert (await client.get("/api/v1/customers", headers=key_of(key))).status_code == 200
    revoked = await tenant_a.post(f"/api/v1/credentials/{key['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert (await client.get("/api/v1/customers", headers=key_of(key))).status_code == 401
    again = await tenant_a.post(f"/api/v1/credentials/{key['id']}/revoke")
    assert again.json()["revoked_at"] == revoked.json()["revoked_at"]
    events = (await tenant_a.get(f"/api/v1/credentials/{key['id']}/events")).json()
    assert [e["action"] for e in events] == ["created", "revoked"], "one event per create and per revoke"
    assert {e["actor_id"] for e in events} == {tenant_a.admin_id}
    assert events[0]["detail"] == {"kind": "api_key", "name": "ERP 同步", "prefix": key["prefix"],
                                   "scopes": ["customers:read"]}


async def test_the_audit_is_append_only(tenant_a, shouhou_sessions):
    await issue(tenant_a, ["customers:read"])
    async with shouhou_sessions() as session:
        bind_tenant(session, uuid.UUID(tenant_a.id))
        with pytest.raises(DBAPIError):
            await session.execute(text("UPDATE credential_events SET action = 'forged'"))
            await session.commit()


async def test_last_used_is_recorded_at_most_once_a_minute(tenant_a, client, shouhou_sessions):
    key = await issue(tenant_a, ["customers:read"])
    assert (await stored(shouhou_sessions, tenant_a, key["id"])).last_used_at is None
    await client.get("/api/v1/customers", headers=key_of(key))
    first = (await stored(shouhou_sessions, tenant_a, key["id"])).last_used_at
    assert first is not None and utcnow() - first < timedelta(seconds=30)
    await client.get("/api/v1/customers", headers=key_of(key))
    assert (await stored(shouhou_sessions, tenant_a, key["id"])).last_used_at == first, "not rewritten within a minute"
    async with shouhou_sessions() as session, session.begin():
        bind_tenant(session, uuid.UUID(tenant_a.id))
        await session.execute(update(IntegrationCredential).where(IntegrationCredential.id == uuid.UUID(key["id"]))
                              .values(last_used_at=first - timedelta(minutes=2)))
    await client.get("/api/v1/customers", headers=key_of(key))
    assert (await stored(shouhou_sessions, tenant_a, key["id"])).last_used_at > first
    listed = (await tenant_a.get(f"/api/v1/credentials/{key['id']}")).json()
    assert listed["last_used_at"] is not None


async def test_each_key_has_its_own_rate_limit(tenant_a, client):
    slow = await issue(tenant_a, ["customers:read"], rate_limit=3)
    other = await issue(tenant_a, ["customers:read"])
    for _ in range(3):
        assert (await client.get("/api/v1/customers", headers=key_of(slow))).status_code == 200
    limited = await client.get("/api/v1/customers", headers=key_of(slow))
    assert limited.status_code == 429, limited.text
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert limited.json()["status_code"] == 429
    assert (await client.get("/api/v1/customers", headers=key_of(other))).status_code == 200


async def test_a_key_acts_as_its_creator_and_dies_with_the_creators_account(tenant_a, client):
    second = await tenant_a.add_user("admin")
    key = await issue(second, ["users:read"])
    me = (await client.get("/api/v1/users/me", headers=key_of(key))).json()
    assert me["id"] == second.admin_id
    response = await tenant_a.patch(f"/api/v1/users/{second.admin_id}", json={"is_active": False})
    assert response.status_code == 200, response.text
    assert (await client.get("/api/v1/users/me", headers=key_of(key))).status_code == 401


async def test_management_is_admin_only_and_validated(tenant_a):
    manager = await tenant_a.add_user("manager")
    assert (await manager.get("/api/v1/credentials")).status_code == 403
    assert (await manager.post("/api/v1/credentials", json={"kind": "api_key", "name": "x",
                                                            "scopes": ["tickets:read"]})).status_code == 403
    cases = [
        ({"scopes": ["tickets:read", "tickets:delete"]}, "scopes", "unknown scopes: tickets:delete"),
        ({"scopes": []}, "scopes", "choose at least one scope"),
        ({"name": "   "}, "name", "must not be blank"),
        ({"rate_limit": 0}, "rate_limit", "must be between 1 and 100000 requests per minute"),
    ]
    for change, field, message in cases:
        body = {"kind": "api_key", "name": "ERP", "scopes": ["tickets:read"], **change}
        response = await tenant_a.post("/api/v1/credentials", json=body)
        assert response.status_code == 422, response.text
        assert response.json()["errors"] == [{"field": field, "message": message}]
    response = await tenant_a.post("/api/v1/credentials", json={"kind": "password", "name": "x", "scopes": []})
    assert response.status_code == 400 and "kind" in response.text
    assert (await tenant_a.get("/api/v1/credentials")).json()["items"] == [], "nothing half-written"
    scopes = (await tenant_a.get("/api/v1/credentials/scopes")).json()
    assert {"admin", "tickets:read", "tickets:write", "customers:read"} <= set(scopes)


async def test_tenant_b_cannot_touch_tenant_a(tenant_a, tenant_b, client):
    customer = await tenant_a.customer()
    a_key = await issue(tenant_a, ["customers:read"])
    b_key = await issue(tenant_b, ["customers:read", "customers:write"])
    assert (await client.get(f"/api/v1/customers/{customer['id']}", headers=key_of(a_key))).status_code == 200
    assert (await client.get(f"/api/v1/customers/{customer['id']}", headers=key_of(b_key))).status_code == 404
    assert (await client.get("/api/v1/customers", headers=key_of(b_key))).json()["items"] == []
    for method, url in (("GET", f"/api/v1/credentials/{a_key['id']}"), ("POST", f"/api/v1/credentials/{a_key['id']}/revoke"),
                        ("GET", f"/api/v1/credentials/{a_key['id']}/events")):
        assert (await tenant_b.client.request(method, url, headers=tenant_b.headers)).status_code == 404
    assert [c["id"] for c in (await tenant_b.get("/api/v1/credentials")).json()["items"]] == [b_key["id"]]
    assert (await client.get("/api/v1/customers", headers=key_of(a_key))).status_code == 200, "A's key still works"
    forged = a_key["secret"].replace(uuid.UUID(tenant_a.id).hex, uuid.UUID(tenant_b.id).hex)
    assert (await client.get("/api/v1/customers", headers={"X-API-Key": forged})).status_code == 401


async def test_the_rate_limit_holds_under_concurrent_requests(tenant_a, live_server):
    """20 requests at once against a limit of 5: exactly 5 pass (one atomic counter per key)."""
    key = await issue(tenant_a, ["customers:read"], rate_limit=5)
    async with httpx.AsyncClient(base_url=live_server, timeout=30) as http:
        answers = await asyncio.gather(*(http.get("/api/v1/customers", headers=key_of(key)) for _ in range(20)))
    codes = sorted(a.status_code for a in answers)
    assert codes == [200] * 5 + [429] * 15, codes


async def test_a_key_costs_one_lookup_and_one_counter_per_request(tenant_a, client, shouhou_app):
    """Against a login token, an API key adds its rate-limit counter (one upsert) and, at most
    once a minute, its last-used update; the lookup replaces the token's."""
    key = await issue(tenant_a, ["users:read"])
    await client.get("/api/v1/users/me", headers=key_of(key))  # last used: now

    async def statements(headers) -> list[str]:
        with counting(shouhou_app) as seen:
            assert (await client.get("/api/v1/users/me", headers=headers)).status_code == 200
        return [s for s in seen if not s.lstrip().upper().startswith(("SELECT SET_CONFIG", "SET ", "BEGIN"))]

    with_token, with_key = await statements(tenant_a.headers), await statements(key_of(key))
    assert len(with_key) == len(with_token) + 1, (with_token, with_key)
    assert sum("auth_throttles" in s for s in with_key) == 1
