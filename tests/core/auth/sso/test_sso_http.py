"""Tenant single sign-on end to end over HTTP against a real OpenID provider on loopback
(issue 14, item 1): every redirect is followed by hand."""

from __future__ import annotations

import html
import re
import uuid
from urllib.parse import parse_qs, urlsplit

import httpx
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from sqlalchemy import select

from core.auth.models import User
from core.auth.sso.models import SsoConfig, SsoIdentity, SsoLogin
from core.auth.sso.secret_box import open_sealed
from core.auth.sso.service import state_digest
from core.db.tenancy import bind_tenant
from core.testing import PASSWORD, free_port
from tests.core.auth.sso.conftest import CLIENT_ID, CLIENT_SECRET, authorize_at, new_sub, sso_body, sso_login
from tests.web.helpers import csrf_of, field_error


def detail_of(page: httpx.Response) -> str:
    """The technical detail a problem page shows the administrator."""
    match = re.search(r'id="sso-detail">([^<]*)<', page.text)
    return html.unescape(match.group(1)) if match else ""


async def _users(sessions, tenant) -> dict[str, User]:
    async with sessions() as session:
        bind_tenant(session, uuid.UUID(tenant.id))
        return {u.email: u for u in (await session.scalars(select(User))).all()}


async def test_sign_in_creates_the_user_with_the_mapped_role(
    tenant_a, idp, configure_sso, browser_http, shouhou_sessions
):
    """JIT users: the first sign-in creates the user with the role its groups map to; the next
    sign-in follows a change of groups at the provider."""
    await configure_sso(tenant_a, idp.url)
    sub = new_sub()
    email = f"{sub}@acme.example"
    await idp.set_user(sub, email=email, name="李经理", groups=["staff", "shouhou-managers"])
    http = browser_http()
    start = await http.get(f"/sso/{tenant_a.slug}/start")
    assert start.status_code == 303
    query = parse_qs(urlsplit(start.headers["location"]).query)
    assert query["response_type"] == ["code"] and query["client_id"] == [CLIENT_ID]
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
    assert query["state"][0] and query["nonce"][0] and "openid" in query["scope"][0].split()
    async with shouhou_sessions() as session:
        bind_tenant(session, uuid.UUID(tenant_a.id))
        pending = await session.scalar(select(SsoLogin).where(SsoLogin.state_hash == state_digest(query["state"][0])))
    assert create_s256_code_challenge(pending.code_verifier) == query["code_challenge"][0]
    assert pending.nonce == query["nonce"][0] and pending.used_at is None
    at_idp = await authorize_at(start.headers["location"], sub)
    callback = urlsplit(at_idp.headers["location"])
    done = await http.get(f"{callback.path}?{callback.query}")
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"/t/{tenant_a.slug}/"
    console = await http.get(done.headers["location"])
    assert console.status_code == 200 and "李经理" in console.text

    user = (await _users(shouhou_sessions, tenant_a))[email]
    assert (user.role, user.name, user.is_active) == ("manager", "李经理", True)

    await idp.set_user(sub, email=email, name="李经理", groups=["shouhou-agents"])
    again, _ = await sso_login(browser_http(), tenant_a.slug, sub)
    assert again.status_code == 303
    assert (await _users(shouhou_sessions, tenant_a))[email].role == "agent"


async def test_existing_user_is_linked_by_email(tenant_a, idp, configure_sso, browser_http, shouhou_sessions):
    """A person who already has a user (same e-mail) signs in as that user, and is linked."""
    agent = await tenant_a.add_user("agent", name="老员工")
    await configure_sso(tenant_a, idp.url, role_map={})
    sub = new_sub()
    await idp.set_user(sub, email=agent.admin_email.upper(), name="Old Hand")
    answer, _ = await sso_login(browser_http(), tenant_a.slug, sub)
    assert answer.status_code == 303
    async with shouhou_sessions() as session:
        bind_tenant(session, uuid.UUID(tenant_a.id))
        link = await session.scalar(select(SsoIdentity).where(SsoIdentity.subject == sub))
    assert str(link.user_id) == agent.admin_id and link.last_login_at is not None


async def test_unmapped_person_is_refused_without_a_default_role(tenant_a, idp, configure_sso, browser_http,
                                                                 shouhou_sessions):
    """No role from the claims and no default role: refused (403 page), no user made; with a
    default role the person gets it."""
    await configure_sso(tenant_a, idp.url)
    sub = new_sub()
    await idp.set_user(sub, email=f"{sub}@acme.example", groups=["marketing"])
    answer, _ = await sso_login(browser_http(), tenant_a.slug, sub)
    assert answer.status_code == 403
    assert "管理员" in answer.text  # "ask your administrator"
    assert f"{sub}@acme.example" not in await _users(shouhou_sessions, tenant_a)

    await configure_sso(tenant_a, idp.url, default_role="viewer")
    answer, _ = await sso_login(browser_http(), tenant_a.slug, sub)
    assert answer.status_code == 303
    assert (await _users(shouhou_sessions, tenant_a))[f"{sub}@acme.example"].role == "viewer"


async def test_a_replayed_state_is_refused(tenant_a, idp, configure_sso, browser_http):
    """State is single use: the same callback a second time is refused, and signs nobody in."""
    await configure_sso(tenant_a, idp.url, default_role="agent")
    sub = new_sub()
    await idp.set_user(sub, email=f"{sub}@acme.example")
    http = browser_http()
    first, callback = await sso_login(http, tenant_a.slug, sub)
    assert first.status_code == 303
    parts = urlsplit(callback)
    attacker = browser_http()
    replay = await attacker.get(f"{parts.path}?{parts.query}")
    assert replay.status_code == 401
    assert detail_of(replay) == "state: unknown, expired or already used"
    assert "登录被拒绝" in replay.text or "拒绝" in replay.text
    console = await attacker.get(f"/t/{tenant_a.slug}/", follow_redirects=False)
    assert console.status_code == 303 and console.headers["location"].startswith("/login")
    same_browser = await http.get(f"{parts.path}?{parts.query}")
    assert same_browser.status_code == 401


async def test_a_sign_in_denied_at_the_provider_is_refused(tenant_a, idp, configure_sso, browser_http):
    """The person (or the provider) says no: a clear 401 page. The test provider's denial carries
    no state (refused as such); a provider that returns the state (RFC 6749 §4.1.2.1) gets the
    error reported, and the state is spent."""
    await configure_sso(tenant_a, idp.url, default_role="agent")
    http = browser_http()
    start = await http.get(f"/sso/{tenant_a.slug}/start")
    async with httpx.AsyncClient() as at_idp:
        denied = await at_idp.post(start.headers["location"], data={"action": "deny"})
    parts = urlsplit(denied.headers["location"])
    assert "error=access_denied" in parts.query
    answer = await http.get(f"{parts.path}?{parts.query}")
    assert answer.status_code == 401 and detail_of(answer) == "state: missing"

    state = parse_qs(urlsplit(start.headers["location"]).query)["state"][0]
    with_state = f"/sso/{tenant_a.slug}/callback?error=access_denied&state={state}"
    answer = await http.get(with_state)
    assert answer.status_code == 401 and detail_of(answer) == "provider: access_denied"
    again = await http.get(with_state)
    assert detail_of(again) == "state: unknown, expired or already used"


async def test_state_started_in_another_browser_is_refused(tenant_a, idp, configure_sso, browser_http):
    """Login CSRF: a callback carrying a state this browser did not start is refused."""
    await configure_sso(tenant_a, idp.url, default_role="agent")
    sub = new_sub()
    await idp.set_user(sub, email=f"{sub}@acme.example")
    attacker = browser_http()
    start = await attacker.get(f"/sso/{tenant_a.slug}/start")
    at_idp = await authorize_at(start.headers["location"], sub)
    parts = urlsplit(at_idp.headers["location"])
    victim = browser_http()
    answer = await victim.get(f"{parts.path}?{parts.query}")
    assert answer.status_code == 401
    assert detail_of(answer) == "state: started in another browser"


async def test_a_token_for_another_audience_is_refused(tenant_a, fresh_idp, configure_sso, browser_http,
                                                       shouhou_sessions):
    """An ID token minted for another client (its ``aud``) is refused even though its signature
    is the provider's."""
    await configure_sso(tenant_a, fresh_idp.url, default_role="agent")
    sub = new_sub()
    await fresh_idp.set_user(sub, email=f"{sub}@acme.example")
    fresh_idp.switches.audience = "another-application"
    answer, _ = await sso_login(browser_http(), tenant_a.slug, sub)
    assert answer.status_code == 401
    assert "Invalid claim: 'aud'" in detail_of(answer)
    assert f"{sub}@acme.example" not in await _users(shouhou_sessions, tenant_a)


async def test_an_expired_token_is_refused(tenant_a, expired_idp, configure_sso, browser_http, shouhou_sessions):
    """An ID token past its ``exp`` (beyond the clock-skew tolerance) is refused."""
    await configure_sso(tenant_a, expired_idp.url, default_role="agent")
    sub = new_sub()
    await expired_idp.set_user(sub, email=f"{sub}@acme.example")
    answer, _ = await sso_login(browser_http(), tenant_a.slug, sub)
    assert answer.status_code == 401
    assert detail_of(answer).startswith("id_token: expired_token")
    assert f"{sub}@acme.example" not in await _users(shouhou_sessions, tenant_a)


async def test_an_identity_provider_that_is_down_gets_a_clear_page(tenant_a, fresh_idp, configure_sso,
                                                                   browser_http):
    """Down before the sign-in starts, or between the authorization and the callback: a clear
    502 page (zh_Hans, and en after a language switch), never a 500."""
    await configure_sso(tenant_a, f"http://127.0.0.1:{free_port()}")
    http = browser_http()
    answer = await http.get(f"/sso/{tenant_a.slug}/start")
    assert answer.status_code == 502
    assert "身份提供方" in answer.text and "暂时无法连接" in answer.text
    english = browser_http()
    login = await english.get("/login")
    await english.post("/lang", data={"locale": "en", "_csrf_token": csrf_of(login.text)})
    answer = await english.get(f"/sso/{tenant_a.slug}/start")
    assert answer.status_code == 502 and "cannot be reached right now" in answer.text

    await configure_sso(tenant_a, fresh_idp.url, default_role="agent")
    sub = new_sub()
    await fresh_idp.set_user(sub, email=f"{sub}@acme.example")
    start = await http.get(f"/sso/{tenant_a.slug}/start")
    at_idp = await authorize_at(start.headers["location"], sub)
    fresh_idp.stop()
    parts = urlsplit(at_idp.headers["location"])
    answer = await http.get(f"{parts.path}?{parts.query}")
    assert answer.status_code == 502
    assert "身份提供方" in answer.text


async def test_sso_only_refuses_passwords_except_the_break_glass_admin(tenant_a, idp, configure_sso, client):
    """SSO only: a correct password is refused (403) on the API and the login page for everyone
    but the break-glass administrator."""
    manager = await tenant_a.add_user("manager")
    await configure_sso(tenant_a, idp.url, sso_only=True, break_glass_user_id=tenant_a.admin_id)
    refused = await client.post("/api/v1/auth/login",
                                json={"tenant": tenant_a.slug, "email": manager.admin_email, "password": PASSWORD})
    assert refused.status_code == 403
    assert "SSO" in refused.json()["detail"]
    wrong = await client.post("/api/v1/auth/login",
                              json={"tenant": tenant_a.slug, "email": manager.admin_email, "password": "wrong-one-1"})
    assert wrong.status_code == 401
    admin = await client.post("/api/v1/auth/login",
                              json={"tenant": tenant_a.slug, "email": tenant_a.admin_email, "password": PASSWORD})
    assert admin.status_code == 200

    page = await client.get("/login")
    answer = await client.post("/login", data={"_csrf_token": csrf_of(page.text), "tenant": tenant_a.slug,
                                               "email": manager.admin_email, "password": PASSWORD})
    assert answer.status_code == 403 and "单点登录" in answer.text


async def test_sso_only_needs_an_active_break_glass_admin(tenant_a, tenant_b, idp, sso_server):
    """The settings are refused (422 naming the field) when "SSO only" has no break-glass
    administrator, or names someone who is not an active admin of this tenant."""
    agent = await tenant_a.add_user("agent")

    async with httpx.AsyncClient(base_url=sso_server, headers=tenant_a.headers) as http:
        none = await http.put("/api/v1/tenant/sso", json=sso_body(idp.url, sso_only=True))
        not_admin = await http.put("/api/v1/tenant/sso",
                                   json=sso_body(idp.url, sso_only=True, break_glass_user_id=agent.admin_id))
        their_admin = await http.put("/api/v1/tenant/sso",
                                     json=sso_body(idp.url, sso_only=True, break_glass_user_id=tenant_b.admin_id))
        bad_role = await http.put("/api/v1/tenant/sso", json=sso_body(idp.url, role_map={"x": "overlord"}))
        no_openid = await http.put("/api/v1/tenant/sso", json=sso_body(idp.url, scopes="email profile"))
        missing = await http.get("/api/v1/tenant/sso")
    assert none.status_code == 422 and none.json()["errors"][0]["field"] == "break_glass_user_id"
    assert not_admin.status_code == 422 and not_admin.json()["errors"][0]["field"] == "break_glass_user_id"
    assert their_admin.status_code == 422 and their_admin.json() == not_admin.json()
    assert bad_role.status_code == 400 and bad_role.json()["errors"][0]["field"].startswith("role_map")
    assert no_openid.status_code == 422 and no_openid.json()["errors"][0]["field"] == "scopes"
    assert missing.status_code == 404


async def test_the_client_secret_is_write_only_and_encrypted(tenant_a, idp, configure_sso, sso_server,
                                                            shouhou_sessions, shouhou_settings):
    """The secret is never returned, is stored encrypted, and is kept when a change leaves it out."""
    shown = await configure_sso(tenant_a, idp.url)
    assert shown["client_secret_set"] is True and "client_secret" not in shown
    assert shown["redirect_uri"] == f"{sso_server}/sso/{tenant_a.slug}/callback"
    body = {k: v for k, v in shown.items() if k in ("issuer", "client_id", "label")}
    async with httpx.AsyncClient(base_url=sso_server, headers=tenant_a.headers) as http:
        kept = await http.put("/api/v1/tenant/sso", json=body)
        read = await http.get("/api/v1/tenant/sso")
    assert kept.json()["client_secret_set"] is True and CLIENT_SECRET not in read.text
    async with shouhou_sessions() as session:
        bind_tenant(session, uuid.UUID(tenant_a.id))
        stored = await session.scalar(select(SsoConfig.client_secret))
    assert CLIENT_SECRET not in stored
    assert open_sealed(shouhou_settings, stored) == CLIENT_SECRET


async def test_issuers_must_be_public_https_unless_the_operator_allows(tenant_a, client):
    """With the default settings an http:// or loopback issuer is refused (422 on ``issuer``),
    and the connection test says which step refused it."""

    plain = await tenant_a.put("/api/v1/tenant/sso", json=sso_body("http://idp.example.com"))
    assert plain.status_code == 422 and plain.json()["errors"][0]["field"] == "issuer"
    saved = await tenant_a.put("/api/v1/tenant/sso", json=sso_body("https://127.0.0.1:9/realms/acme"))
    assert saved.status_code == 200  # the form is fine; the address is checked when it is used
    report = await tenant_a.post("/api/v1/tenant/sso/test", json={})
    assert report.status_code == 200
    assert report.json()["ok"] is False and report.json()["step"] == "discovery"
    assert "private, loopback" in report.json()["detail"]
    scheme = await tenant_a.post("/api/v1/tenant/sso/test", json={"issuer": "ftp://idp.example.com"})
    assert scheme.json()["ok"] is False and scheme.json()["step"] == "issuer"


async def test_the_connection_test_reports_discovery_and_keys(tenant_a, idp, sso_server):
    """A working issuer: its endpoints, key count and algorithms; a dead one: which step failed."""
    async with httpx.AsyncClient(base_url=sso_server, headers=tenant_a.headers) as http:
        good = await http.post("/api/v1/tenant/sso/test", json={"issuer": idp.url})
        dead = await http.post("/api/v1/tenant/sso/test", json={"issuer": f"http://127.0.0.1:{free_port()}"})
        agent = await tenant_a.add_user("agent")
        forbidden = await http.post("/api/v1/tenant/sso/test", json={"issuer": idp.url}, headers=agent.headers)
    report = good.json()
    assert report["ok"] is True and report["keys"] >= 1 and "RS256" in report["algorithms"]
    assert report["token_endpoint"] == f"{idp.url}/oauth2/token"
    assert dead.json()["ok"] is False and dead.json()["step"] == "discovery"
    assert forbidden.status_code == 403


async def test_tenant_b_sso_cannot_sign_into_tenant_a(tenant_a, tenant_b, idp, configure_sso, browser_http,
                                                      shouhou_sessions):
    """A sign-in started for tenant B cannot be finished at tenant A's callback (its state is
    B's), and B's users are made in B only."""
    await configure_sso(tenant_a, idp.url, default_role="agent")
    await configure_sso(tenant_b, idp.url, default_role="admin")
    sub = new_sub()
    await idp.set_user(sub, email=f"{sub}@acme.example")
    http = browser_http()
    start = await http.get(f"/sso/{tenant_b.slug}/start")
    at_idp = await authorize_at(start.headers["location"], sub)
    parts = urlsplit(at_idp.headers["location"])
    assert parts.path == f"/sso/{tenant_b.slug}/callback"
    crossed = await http.get(f"/sso/{tenant_a.slug}/callback?{parts.query}")
    assert crossed.status_code == 401
    assert detail_of(crossed) == "state: unknown, expired or already used"
    assert (await http.get(f"/t/{tenant_a.slug}/")).status_code == 303
    assert f"{sub}@acme.example" not in await _users(shouhou_sessions, tenant_a)
    assert f"{sub}@acme.example" not in await _users(shouhou_sessions, tenant_b)
    answer, _ = await sso_login(http, tenant_b.slug, sub)
    assert answer.headers["location"] == f"/t/{tenant_b.slug}/"
    assert (await http.get(f"/t/{tenant_a.slug}/")).status_code == 404
    assert f"{sub}@acme.example" not in await _users(shouhou_sessions, tenant_a)


async def test_the_login_page_offers_the_company_sign_in(tenant_a, tenant_b, idp, configure_sso, browser_http):
    """``/login?tenant=<slug>`` shows "Sign in with <label>" for a company with SSO; the
    company form leads there; a company without SSO gets the login page with a clear error."""
    await configure_sso(tenant_a, idp.url)
    http = browser_http()
    page = await http.get(f"/login?tenant={tenant_a.slug}")
    assert "使用 Acme 统一身份 登录" in page.text and f"/sso/{tenant_a.slug}/start" in page.text
    choose = await http.get(f"/sso/start?tenant={tenant_a.slug}")
    assert choose.status_code == 303 and choose.headers["location"] == f"/sso/{tenant_a.slug}/start"
    none = await http.get(f"/sso/{tenant_b.slug}/start")
    assert none.status_code == 404 and "没有单点登录" in none.text


async def test_starting_sign_ins_is_limited_per_address(tenant_a, idp, configure_sso, make_app, from_address):
    """Each start stores a pending sign-in and may ask the provider: past
    ``sso_start_limit_per_source`` per window an address gets 429 with ``Retry-After``; another
    address is not held back."""
    await configure_sso(tenant_a, idp.url)
    app = make_app(sso_start_limit_per_source=2, sso_allow_private_issuers=True)
    flooder, other = from_address("203.0.113.7", app), from_address("203.0.113.8", app)
    for _ in range(2):
        assert (await flooder.get(f"/sso/{tenant_a.slug}/start")).status_code == 303
    held = await flooder.get(f"/sso/{tenant_a.slug}/start")
    assert held.status_code == 429 and int(held.headers["retry-after"]) > 0
    assert "发起的登录次数过多" in held.text
    assert (await other.get(f"/sso/{tenant_a.slug}/start")).status_code == 303


async def test_the_break_glass_admin_cannot_be_demoted_or_deactivated(tenant_a, idp, configure_sso):
    """While the tenant is "SSO only", its break-glass admin stays an active admin (409), so the
    company is never locked out when its provider is down; another admin is not held."""
    other = await tenant_a.add_user("admin")
    await configure_sso(tenant_a, idp.url, sso_only=True, break_glass_user_id=other.admin_id)
    for change in ({"role": "manager"}, {"is_active": False}):
        refused = await tenant_a.patch(f"/api/v1/users/{other.admin_id}", json=change)
        assert refused.status_code == 409 and "break-glass" in refused.json()["detail"]
    await configure_sso(tenant_a, idp.url, sso_only=True, break_glass_user_id=tenant_a.admin_id)
    assert (await tenant_a.patch(f"/api/v1/users/{other.admin_id}", json={"role": "manager"})).status_code == 200


async def test_the_settings_page_is_for_admins_and_names_bad_fields(tenant_a, client):
    """Agents get 403; an admin's bad issuer comes back beside its field (422), nothing saved."""
    agent = await tenant_a.add_user("agent")
    page = await client.get("/login")
    await client.post("/login", data={"_csrf_token": csrf_of(page.text), "tenant": tenant_a.slug,
                                      "email": agent.admin_email, "password": PASSWORD})
    assert (await client.get(f"/t/{tenant_a.slug}/admin/sso")).status_code == 403
    await client.post("/logout", data={"_csrf_token": csrf_of((await client.get(f"/t/{tenant_a.slug}/")).text)})

    page = await client.get("/login")
    await client.post("/login", data={"_csrf_token": csrf_of(page.text), "tenant": tenant_a.slug,
                                      "email": tenant_a.admin_email, "password": PASSWORD})
    form = await client.get(f"/t/{tenant_a.slug}/admin/sso")
    assert form.status_code == 200 and f"/sso/{tenant_a.slug}/callback" in form.text
    answer = await client.post(f"/t/{tenant_a.slug}/admin/sso", data={
        "_csrf_token": csrf_of(form.text), "action": "save", "label": "IdP", "issuer": "http://idp.example.com",
        "client_id": "shouhou", "role_map": "admins = admin", "enabled": "on"})
    assert answer.status_code == 422
    assert field_error(answer.text, "issuer") == "必须是 https:// 地址"
    bad_map = await client.post(f"/t/{tenant_a.slug}/admin/sso", data={
        "_csrf_token": csrf_of(form.text), "action": "save", "label": "IdP", "issuer": "https://idp.example.com",
        "client_id": "shouhou", "role_map": "admins = overlord"})
    assert bad_map.status_code == 422 and field_error(bad_map.text, "role_map")
    assert (await tenant_a.get("/api/v1/tenant/sso")).status_code == 404
    await client.post("/logout", data={"_csrf_token": csrf_of(form.text)})
