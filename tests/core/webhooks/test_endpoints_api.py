"""Issue 15 item 1: a tenant admin manages webhook endpoints over the API; the secret is made by
the server (Standard Webhooks ``whsec_<base64>``), shown once, rotatable; URLs resolving to private
addresses are refused unless the operator allows them."""

from __future__ import annotations

import asyncio
import base64

import httpx
import pytest

from tests.core.webhooks.conftest import make_endpoint

URL = "/api/v1/webhooks/endpoints"


@pytest.mark.parametrize(("url", "reason"), [
    ("http://127.0.0.1:9/hooks", "resolves to 127.0.0.1, a loopback address"),
    ("http://localhost/hooks", "loopback address"),
    ("http://[::1]/hooks", "resolves to ::1, a loopback address"),
    ("http://10.0.0.7/hooks", "resolves to 10.0.0.7, a private address"),
    ("http://169.254.169.254/latest/meta-data", "resolves to 169.254.169.254, a link-local address"),
    ("http://[::ffff:127.0.0.1]/", "a loopback address"),
    ("http://100.64.0.1/", "not globally routable"),
    ("http://224.0.0.1/", "multicast"),
    ("ftp://example.com/hooks", "must be an http:// or https:// URL"),
    ("http://user:pw@example.com/", "must not carry credentials"),
    ("https:///nohost", "has no host"),
    ("http://no-such-host.invalid/", "does not resolve"),
])
async def test_endpoint_urls_are_refused_unless_public(tenant_a, url, reason):
    """SSRF rule (issue 15: "endpoints refused when they resolve to private addresses unless the
    operator allows them"): the operator has not, so loopback is refused like the rest."""
    response = await tenant_a.post(URL, json={"url": url, "event_types": ["ticket.created"]})
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["status_code"] == 422 and body["errors"][0]["field"] == "url"
    assert reason in body["errors"][0]["message"]
    assert (await tenant_a.get(URL)).json()["items"] == []


async def test_the_operator_may_allow_private_networks(tenant_a, private_admin, receiver):
    admin = private_admin(tenant_a)
    created = await make_endpoint(admin, receiver.url)
    assert created["url"] == receiver.url


async def test_secret_is_made_by_the_server_shown_once_and_rotatable(tenant_a, private_admin, receiver):
    admin = private_admin(tenant_a)
    created = await make_endpoint(admin, receiver.url, ["ticket.created", "ticket.*", "ticket.created"],
                                  description="ERP 对接")
    secret = created["secret"]
    assert secret.startswith("whsec_") and len(base64.b64decode(secret[len("whsec_"):])) == 32
    assert created["event_types"] == ["ticket.created", "ticket.*"], "repeats dropped"
    assert created["enabled"] is True and created["description"] == "ERP 对接"
    read = (await admin.get(f"{URL}/{created['id']}")).json()
    assert "secret" not in read and read["url"] == receiver.url
    listed = (await admin.get(URL)).json()["items"]
    assert [e["id"] for e in listed] == [created["id"]] and "secret" not in listed[0]

    rotated = await admin.post(f"{URL}/{created['id']}/rotate-secret")
    assert rotated.status_code == 200, rotated.text
    assert rotated.json()["secret"].startswith("whsec_") and rotated.json()["secret"] != secret
    assert rotated.json()["previous_secret_until"] is not None


async def test_update_and_delete(tenant_a, private_admin, receiver):
    admin = private_admin(tenant_a)
    created = await make_endpoint(admin, receiver.url)
    changed = await admin.patch(f"{URL}/{created['id']}", json={"event_types": ["complaint.*"], "enabled": False})
    assert changed.status_code == 200, changed.text
    assert changed.json()["event_types"] == ["complaint.*"] and changed.json()["enabled"] is False
    assert changed.json()["disabled_reason"] is None, "disabled by hand: no failure notice"
    refused = await tenant_a.patch(f"{URL}/{created['id']}", json={"url": "http://127.0.0.1:1/x"})
    assert refused.status_code == 422 and "loopback" in refused.text
    assert (await admin.get(f"{URL}/{created['id']}")).json()["url"] == receiver.url, "nothing half-written"
    assert (await admin.client.delete(f"{URL}/{created['id']}", headers=admin.headers)).status_code == 204
    assert (await admin.get(f"{URL}/{created['id']}")).status_code == 404


async def test_a_company_registers_at_most_max_endpoints(tenant_a, tenant_b, private_admin, receiver, monkeypatch):
    """Each event is delivered to every endpoint it matches: a company's endpoints are bounded
    (core.webhooks.service.MAX_ENDPOINTS) — the one past the bound is refused with 409 naming why and
    nothing is written; removing one makes room; another company's count is its own."""
    monkeypatch.setattr("core.webhooks.service.MAX_ENDPOINTS", 3)
    admin = private_admin(tenant_a)
    made = [await make_endpoint(admin, f"{receiver.url}?n={n}") for n in range(3)]
    refused = await admin.post(URL, json={"url": f"{receiver.url}?n=3", "event_types": ["ticket.created"]})
    assert refused.status_code == 409, refused.text
    assert "at most 3 endpoints" in refused.json()["detail"]
    assert len((await admin.get(URL)).json()["items"]) == 3, "nothing half-written"
    await make_endpoint(private_admin(tenant_b), receiver.url)  # their own bound
    assert (await admin.client.delete(f"{URL}/{made[0]['id']}", headers=admin.headers)).status_code == 204
    await make_endpoint(admin, f"{receiver.url}?n=3")


@pytest.mark.parametrize(("event_types", "field"), [
    (["ticket created"], "event_types[0]"),
    (["ticket.created", "Ticket.Created"], "event_types[1]"),
    (["**"], "event_types[0]"),
])
async def test_event_types_are_checked(tenant_a, private_admin, receiver, event_types, field):
    response = await private_admin(tenant_a).post(URL, json={"url": receiver.url, "event_types": event_types})
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == [field]


@pytest.mark.parametrize("body", [
    {"url": "http://example.com/"},
    {"url": "http://example.com/", "event_types": []},
    {"url": "", "event_types": ["*"]},
    {"url": "http://example.com/", "event_types": ["*"], "secret": "whsec_mine"},
])
async def test_malformed_bodies_are_4xx(tenant_a, body):
    response = await tenant_a.post(URL, json=body)
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["detail"]


async def test_only_admins_manage_webhooks(tenant_a):
    manager = await tenant_a.add_user("manager")
    assert (await manager.get(URL)).status_code == 403
    assert (await manager.post(URL, json={"url": "http://example.com/", "event_types": ["*"]})).status_code == 403
    assert (await manager.get("/api/v1/webhooks/event-types")).status_code == 403


async def test_event_type_catalog(tenant_a):
    types = {t["type"] for t in (await tenant_a.get("/api/v1/webhooks/event-types")).json()}
    assert {"ticket.created", "ticket.status_changed", "ticket.assigned", "ticket.resolve_due_soon",
            "ticket.sla_breached", "complaint.*", "revisit.scheduled", "revisit.outcome", "warranty.decided",
            "*"} <= types


async def test_creates_at_once_never_pass_the_bound(tenant_a, live_server, monkeypatch):
    """Eight creates at once with five places left, served by uvicorn (the test client would run
    them one at a time): five are made, three refused, never more than the bound — the count and
    the insert run one company's transaction at a time (``core.db.advisory.hold``)."""
    monkeypatch.setattr("core.webhooks.service.MAX_ENDPOINTS", 5)
    body = {"url": "https://93.184.215.14/hooks", "event_types": ["ticket.created"]}
    async with httpx.AsyncClient(base_url=live_server, headers=tenant_a.headers, timeout=60) as http:
        answers = await asyncio.gather(*(http.post(URL, json=body) for _ in range(8)))
    assert sorted(a.status_code for a in answers) == [201] * 5 + [409] * 3, [a.text for a in answers]
    assert len((await tenant_a.get(URL)).json()["items"]) == 5
