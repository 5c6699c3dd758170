"""Sessions and tokens end server-side (logout, password change, log out everywhere, deactivation),
the API refuses the console's cookie (no cross-site requests), and the password rule."""

import uuid

from core.testing import PASSWORD
from tests.web.helpers import csrf_of, post_form

NEW_PASSWORD = "a-brand-new-passphrase"


async def console_login(http, tenant, email=None, password=PASSWORD):
    """Sign in through the login page; returns the session cookie's value."""
    response = await post_form(http, "/login", "/login",
                               {"tenant": tenant.slug, "email": email or tenant.admin_email, "password": password})
    assert response.status_code == 303, response.text
    return http.cookies["shouhou_session"]


async def api_login(client, tenant, password=PASSWORD) -> dict:
    response = await client.post("/api/v1/auth/login",
                                 json={"tenant": tenant.slug, "email": tenant.admin_email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def test_a_cross_site_text_plain_post_with_the_cookie_creates_nothing(from_address, tenant_a):
    """The attack: a page elsewhere posts ``text/plain`` (no preflight) with the victim's cookie."""
    victim = from_address("198.51.100.1")
    await console_login(victim, tenant_a)
    body = '{"email": "evil@x.test", "name": "evil", "role": "admin", "password": "correct-horse-battery"}'
    attack = await victim.post("/api/v1/users", content=body, headers={
        "Content-Type": "text/plain", "Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
    assert attack.status_code == 401
    assert (await victim.get("/api/v1/users/me")).status_code == 401, "the API takes no cookie at all"
    emails = {u["email"] for u in (await tenant_a.get("/api/v1/users")).json()["items"]}
    assert "evil@x.test" not in emails
    assert (await victim.get(f"/t/{tenant_a.slug}/")).status_code == 200, "the cookie still opens pages"


async def test_page_forms_without_the_csrf_token_are_refused(from_address, tenant_a):
    http = from_address("198.51.100.2")
    await console_login(http, tenant_a)
    forged = await http.post(f"/t/{tenant_a.slug}/admin/users", data={
        "email": "evil@x.test", "name": "evil", "role": "admin", "password": PASSWORD})
    assert forged.status_code == 403


async def test_logout_ends_the_session_on_the_server(from_address, tenant_a):
    http = from_address("198.51.100.3")
    cookie = await console_login(http, tenant_a)
    page = await http.get(f"/t/{tenant_a.slug}/")
    assert page.status_code == 200
    assert (await http.post("/logout", data={"_csrf_token": csrf_of(page.text)})).status_code == 303
    replay = from_address("198.51.100.3")
    replay.cookies.set("shouhou_session", cookie)
    answer = await replay.get(f"/t/{tenant_a.slug}/")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")


async def test_password_change_ends_every_other_session(client, from_address, tenant_a):
    this, other = tenant_a.headers, await api_login(client, tenant_a)
    browser = from_address("198.51.100.4")
    await console_login(browser, tenant_a)
    wrong = await client.post("/api/v1/auth/password", headers=this,
                              json={"current_password": "not-my-password", "new_password": NEW_PASSWORD})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "current_password"
    weak = await client.post("/api/v1/auth/password", headers=this,
                             json={"current_password": PASSWORD, "new_password": "password1234"})
    assert weak.status_code == 422 and weak.json()["errors"][0]["field"] == "new_password"
    changed = await client.post("/api/v1/auth/password", headers=this,
                                json={"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert changed.status_code == 204
    assert (await client.get("/api/v1/users/me", headers=this)).status_code == 200, "this token stays"
    assert (await client.get("/api/v1/users/me", headers=other)).status_code == 401
    assert (await browser.get(f"/t/{tenant_a.slug}/")).status_code == 303
    assert (await client.post("/api/v1/auth/login", json={
        "tenant": tenant_a.slug, "email": tenant_a.admin_email, "password": PASSWORD})).status_code == 401
    await api_login(client, tenant_a, NEW_PASSWORD)


async def test_log_out_everywhere(client, from_address, tenant_a):
    other = await api_login(client, tenant_a)
    browser = from_address("198.51.100.5")
    await console_login(browser, tenant_a)
    assert (await tenant_a.post("/api/v1/auth/logout-all")).status_code == 204
    assert (await tenant_a.get("/api/v1/users/me")).status_code == 401
    assert (await client.get("/api/v1/users/me", headers=other)).status_code == 401
    assert (await browser.get(f"/t/{tenant_a.slug}/")).status_code == 303
    await api_login(client, tenant_a)


async def test_deactivating_a_user_ends_their_sessions_and_tokens_for_good(from_address, tenant_a):
    agent = await tenant_a.add_user("agent")
    browser = from_address("198.51.100.6")
    await console_login(browser, tenant_a, email=agent.admin_email)
    assert (await tenant_a.patch(f"/api/v1/users/{agent.admin_id}", json={"is_active": False})).status_code == 200
    assert (await agent.get("/api/v1/users/me")).status_code == 401
    assert (await browser.get(f"/t/{tenant_a.slug}/")).status_code == 303
    assert (await tenant_a.patch(f"/api/v1/users/{agent.admin_id}", json={"is_active": True})).status_code == 200
    assert (await agent.get("/api/v1/users/me")).status_code == 401, "reactivation revives no old token"


async def test_deactivating_on_the_users_page_ends_the_sessions(from_address, tenant_a):
    agent = await tenant_a.add_user("agent")
    admin = from_address("198.51.100.7")
    await console_login(admin, tenant_a)
    saved = await post_form(admin, f"/t/{tenant_a.slug}/admin/users/{agent.admin_id}",
                            f"/t/{tenant_a.slug}/admin/users/{agent.admin_id}",
                            {"name": "agent", "role": "agent", "position": "", "employee_no": ""})
    assert saved.status_code == 303, saved.text
    assert (await agent.get("/api/v1/users/me")).status_code == 401


async def test_the_account_page_changes_the_password_and_logs_out_everywhere(client, from_address,
                                                                             tenant_a):
    browser = from_address("198.51.100.8")
    await console_login(browser, tenant_a)
    account = f"/t/{tenant_a.slug}/account"
    weak = await post_form(browser, account, f"{account}/password",
                           {"current_password": PASSWORD, "new_password": "qwertyuiop"})
    assert weak.status_code == 422 and 'id="new_password-error"' in weak.text
    saved = await post_form(browser, account, f"{account}/password",
                            {"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert saved.status_code == 303
    assert (await tenant_a.get("/api/v1/users/me")).status_code == 401, "the other credentials ended"
    assert (await browser.get(account)).status_code == 200, "this session stays"
    out = await post_form(browser, account, f"{account}/logout-all", {})
    assert out.status_code == 303
    assert (await browser.get(account)).status_code == 303


async def test_the_password_rule_refuses_common_passwords(client, tenant_a):
    slug = f"c-{uuid.uuid4().hex[:8]}"
    signup = await client.post("/api/v1/signup", json={
        "company_name": "x", "slug": slug, "admin_email": "a@b.test", "admin_password": "Password1234"})
    assert signup.status_code == 422
    assert signup.json()["errors"] == [{"field": "admin_password",
                                        "message": "is a common or breached password; choose another"}]
    user = await tenant_a.post("/api/v1/users", json={
        "email": "q@x.test", "name": "q", "role": "agent", "password": "qwertyuiop"})
    assert user.status_code == 422 and user.json()["errors"][0]["field"] == "password"
    short = await tenant_a.post("/api/v1/users", json={
        "email": "q@x.test", "name": "q", "role": "agent", "password": "9chars-ok"})
    assert short.status_code == 422 and short.json()["errors"][0]["message"] == "must be at least 10 characters"
