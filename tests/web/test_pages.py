"""The server-rendered console over HTTP: public pages, sessions, CSRF, tenant isolation, the
admin pages and their forms."""

from __future__ import annotations

import re

from core.testing import PASSWORD
from tests.web.helpers import csrf_of, field_error, input_value, pages_of, post_form

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)


async def test_landing_is_chinese_by_default_with_a_strict_policy(client):
    response = await client.get("/")
    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]
    assert "注册您的企业" in response.text
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert not INLINE_SCRIPT.search(response.text)
    assert " style=" not in response.text and "<style" not in response.text
    assert 'src="/static/vendor/htmx.min.js"' in response.text
    for path in ("/static/app.css", "/static/vendor/htmx.min.js"):
        assert (await client.get(path)).status_code == 200


async def test_every_input_has_a_label(client):
    html = (await client.get("/")).text
    ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html)
    assert ids
    for element_id in ids:
        assert f'for="{element_id}"' in html, element_id


async def test_signup_form_keeps_values_and_shows_errors_beside_fields(client):
    response = await post_form(client, "/", "/signup", {
        "company_name": "明亮照明", "slug": "Bad Slug", "admin_email": "boss@example.test",
        "admin_password": "short", "province": "440000", "locale": "zh_Hans",
    })
    assert response.status_code == 422
    assert field_error(response.text, "slug")
    assert input_value(response.text, "company_name") == "明亮照明"
    assert input_value(response.text, "admin_email") == "boss@example.test"
    assert 'value="440000" selected' in response.text
    assert "short" not in response.text  # a password is never sent back

    response = await post_form(client, "/", "/signup", {
        "company_name": "明亮照明", "slug": "mingliang-pages", "admin_email": "boss@example.test",
        "admin_password": "short", "locale": "zh_Hans",
    })
    assert field_error(response.text, "admin_password") == "至少需要 10 个字符"


async def test_signup_makes_a_tenant_and_signs_its_admin_in(client):
    response = await post_form(client, "/", "/signup", {
        "company_name": "明亮照明", "slug": "ml-signup", "admin_email": "boss@ml.test",
        "admin_password": PASSWORD, "province": "440000", "locale": "en",
    })
    assert response.status_code == 200  # followed to the plugin catalogue
    assert str(response.url).endswith("/t/ml-signup/admin/plugins")
    assert "Industry plugins" in response.text  # the tenant chose English
    again = await post_form(client, "/", "/signup", {
        "company_name": "x", "slug": "ml-signup", "admin_email": "x@ml.test", "admin_password": PASSWORD,
    })
    assert again.status_code == 422


async def test_taken_slug_is_reported_beside_the_field(client, tenant_a):
    await client.post("/logout")
    response = await post_form(client, "/", "/signup", {
        "company_name": "x", "slug": tenant_a.slug, "admin_email": "x@x.test", "admin_password": PASSWORD,
    })
    assert response.status_code == 422
    assert field_error(response.text, "slug") == "已被占用"


async def test_login_logout_and_wrong_password(client, tenant_a, page_login):
    wrong = await page_login(tenant_a.slug, tenant_a.admin_email, "not-the-password")
    assert wrong.status_code == 401
    assert "企业标识、邮箱或密码错误" in wrong.text
    assert input_value(wrong.text, "email") == tenant_a.admin_email
    ok = await page_login(tenant_a.slug, tenant_a.admin_email)
    assert ok.status_code == 200 and str(ok.url).endswith(f"/t/{tenant_a.slug}/")
    page = await client.get(f"/t/{tenant_a.slug}/")
    logout = await client.post("/logout", data={"_csrf_token": csrf_of(page.text)})
    assert str(logout.url).endswith("/login")
    after = await client.get(f"/t/{tenant_a.slug}/", follow_redirects=False)
    assert after.status_code == 303 and after.headers["location"].startswith("/login?next=")


async def test_page_login_is_throttled_like_the_api(client, make_tenant, page_login, shouhou_settings):
    tenant = await make_tenant()
    for _ in range(shouhou_settings.login_max_failures):
        await page_login(tenant.slug, tenant.admin_email, "wrong-password!")
    blocked = await page_login(tenant.slug, tenant.admin_email)
    assert blocked.status_code == 429
    assert "登录失败次数过多" in blocked.text


async def test_login_returns_to_the_page_asked_for_but_never_offsite(client, tenant_a):
    asked = await client.get(f"/t/{tenant_a.slug}/admin/users")
    assert str(asked.url).endswith(f"/login?next=/t/{tenant_a.slug}/admin/users")
    response = await client.post("/login", data={
        "_csrf_token": csrf_of(asked.text), "tenant": tenant_a.slug, "email": tenant_a.admin_email,
        "password": PASSWORD, "next": f"/t/{tenant_a.slug}/admin/users",
    })
    assert str(response.url).endswith(f"/t/{tenant_a.slug}/admin/users")
    await client.post("/logout", data={"_csrf_token": csrf_of(response.text)})
    page = await client.get("/login")
    response = await client.post("/login", data={
        "_csrf_token": csrf_of(page.text), "tenant": tenant_a.slug, "email": tenant_a.admin_email,
        "password": PASSWORD, "next": "//evil.example/x",
    }, follow_redirects=False)
    assert response.headers["location"] == f"/t/{tenant_a.slug}/"


async def test_another_tenants_pages_are_404(client, tenant_a, tenant_b, page_login):
    await page_login(tenant_a.slug, tenant_a.admin_email)
    for path in ("/", "/admin/plugins", "/admin/users", "/admin/profile"):
        mine = await client.get(f"/t/{tenant_a.slug}{path}")
        assert mine.status_code == 200, path
        theirs = await client.get(f"/t/{tenant_b.slug}{path}")
        assert theirs.status_code == 404, path
        assert "text/html" in theirs.headers["content-type"]
        assert "页面不存在" in theirs.text
    unknown = await client.get("/t/no-such-tenant/")
    assert unknown.status_code == 404


async def test_posting_into_another_tenant_is_404(client, tenant_a, tenant_b, page_login):
    await page_login(tenant_a.slug, tenant_a.admin_email)
    page = await client.get(f"/t/{tenant_a.slug}/admin/users")
    response = await client.post(f"/t/{tenant_b.slug}/admin/users", data={
        "_csrf_token": csrf_of(page.text), "name": "x", "email": "x@x.test", "role": "agent", "password": PASSWORD,
    })
    assert response.status_code == 404
    users = await tenant_b.get("/api/v1/users")
    assert [u["email"] for u in users.json()["items"]] == [tenant_b.admin_email]


async def test_a_form_without_its_csrf_token_is_refused(client, tenant_a, page_login):
    await page_login(tenant_a.slug, tenant_a.admin_email)
    response = await client.post(f"/t/{tenant_a.slug}/admin/plugins/lighting", data={"enabled": "1"})
    assert response.status_code == 403
    assert "text/html" in response.headers["content-type"]
    forged = await client.post(f"/t/{tenant_a.slug}/admin/plugins/lighting",
                               data={"enabled": "1", "_csrf_token": "forged"})
    assert forged.status_code == 403
    enabled = await tenant_a.get("/api/v1/tenant/plugins")
    assert enabled.json() == []
    anonymous_login = await client.post("/login", data={"tenant": "x", "email": "x", "password": "x"})
    assert anonymous_login.status_code == 403


async def test_the_api_needs_no_csrf_token_and_keeps_json_errors(client, tenant_a):
    response = await tenant_a.put("/api/v1/tenant/plugins/lighting", json={"enabled": True})
    assert response.status_code == 200
    missing = await tenant_a.get("/api/v1/customers/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404 and missing.json()["detail"]


async def test_bearer_tokens_do_not_open_pages(client, tenant_a):
    response = await tenant_a.get(f"/t/{tenant_a.slug}/", follow_redirects=False)
    assert response.status_code == 303


async def test_enable_a_plugin_from_the_catalogue(client, tenant_a, page_login):
    await page_login(tenant_a.slug, tenant_a.admin_email)
    page = await client.get(f"/t/{tenant_a.slug}/admin/plugins")
    assert "节能灯" in page.text  # what lighting adds, shown before enabling
    response = await client.post(f"/t/{tenant_a.slug}/admin/plugins/lighting",
                                 data={"_csrf_token": csrf_of(page.text), "enabled": "1"})
    assert response.status_code == 200
    assert "停用「照明」" in response.text
    enabled = await tenant_a.get("/api/v1/tenant/plugins")
    assert [p["name"] for p in enabled.json()] == ["lighting"]
    response = await client.post(f"/t/{tenant_a.slug}/admin/plugins/lighting",
                                 data={"_csrf_token": csrf_of(page.text), "enabled": "0"})
    assert "启用「照明」" in response.text
    assert (await tenant_a.get("/api/v1/tenant/plugins")).json() == []
    unknown = await client.post(f"/t/{tenant_a.slug}/admin/plugins/nope",
                                data={"_csrf_token": csrf_of(page.text), "enabled": "1"})
    assert unknown.status_code == 404


async def test_console_and_api_answer_the_same_plugins(client, make_tenant, page_login):
    """Issue 18: the plugin catalogue page lists what ``GET /api/v1/plugins`` answers, in its order,
    and marks enabled exactly what ``GET /api/v1/tenant/plugins`` answers: the company's own
    enablements, not another company's."""
    tenant, other = await make_tenant(plugins=("lighting", "automotive")), await make_tenant(plugins=("ecommerce",))
    installed = [p["name"] for p in (await tenant.get("/api/v1/plugins")).json()]
    enabled = sorted(p["name"] for p in (await tenant.get("/api/v1/tenant/plugins")).json())
    assert enabled == ["automotive", "lighting"] and len(installed) >= 5
    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/admin/plugins")
    assert re.findall(r'<article class="card plugin[^"]*" id="plugin-([a-z_]+)"', page.text) == installed
    assert sorted(re.findall(r'<article class="card plugin is-enabled" id="plugin-([a-z_]+)"', page.text)) == enabled
    assert [p["name"] for p in (await other.get("/api/v1/tenant/plugins")).json()] == ["ecommerce"]


async def test_plugin_nav_entries_appear_only_when_enabled(client, tenant_a, widget_plugin, page_login):
    await page_login(tenant_a.slug, tenant_a.admin_email)
    home = await client.get(f"/t/{tenant_a.slug}/")
    assert "小部件台账" not in home.text
    await tenant_a.enable(widget_plugin)
    home = await client.get(f"/t/{tenant_a.slug}/")
    assert f'href="/t/{tenant_a.slug}/widgets"' in home.text and "小部件台账" in home.text


async def test_settings_form_from_the_schema_with_errors_beside_fields(client, tenant_a, widget_plugin, page_login):
    await tenant_a.enable(widget_plugin)
    await page_login(tenant_a.slug, tenant_a.admin_email)
    page = await client.get(f"/t/{tenant_a.slug}/admin/plugins")
    html = page.text
    assert 'id="f-widgets-period_months"' in html and 'type="number"' in html and 'max="60"' in html
    assert "保修月数" in html  # the field's x-label
    assert 'id="f-widgets-notify_dealer" name="notify_dealer" type="checkbox" checked' in html
    assert '<option value="sms"' in html
    assert input_value(html, "repair_fee_percent", "widgets-") == "10"  # a whole float without its ".0"
    url = f"/t/{tenant_a.slug}/admin/plugins/widgets"
    bad = await client.post(url, data={
        "_csrf_token": csrf_of(html), "action": "settings", "period_months": "99",
        "repair_fee_percent": "12.5", "channel": "sms",
    })
    assert bad.status_code == 422
    assert field_error(bad.text, "period_months", "widgets-") == "请输入 1 至 60 之间的数"
    assert input_value(bad.text, "period_months", "widgets-") == "99"
    assert input_value(bad.text, "repair_fee_percent", "widgets-") == "12.5"
    not_a_number = await client.post(url, data={
        "_csrf_token": csrf_of(html), "action": "settings", "period_months": "twelve",
    })
    assert field_error(not_a_number.text, "period_months", "widgets-") == "请输入整数"
    good = await client.post(url, data={
        "_csrf_token": csrf_of(html), "action": "settings", "period_months": "24",
        "repair_fee_percent": "12.5", "channel": "sms",
    })
    assert good.status_code == 200
    saved = {p["name"]: p["settings"] for p in (await tenant_a.get("/api/v1/tenant/plugins")).json()}
    assert saved["widgets"] == {"period_months": 24, "repair_fee_percent": 12.5, "notify_dealer": False,
                                "channel": "sms"}


async def test_admin_adds_a_user_with_a_role(client, tenant_a, page_login):
    await page_login(tenant_a.slug, tenant_a.admin_email)
    url = f"/t/{tenant_a.slug}/admin/users"
    page = await client.get(url)
    bad = await client.post(url, data={"_csrf_token": csrf_of(page.text), "name": "小李",
                                       "email": "not-an-email", "role": "technician", "password": PASSWORD})
    assert bad.status_code == 422 and field_error(bad.text, "email")
    assert input_value(bad.text, "name") == "小李"
    assert 'value="technician" selected' in bad.text
    ok = await client.post(url, data={"_csrf_token": csrf_of(page.text), "name": "小李", "email": "li@t.test",
                                      "role": "technician", "password": PASSWORD, "employee_no": "1024"})
    assert ok.status_code == 200 and "li@t.test" in ok.text and "维修技师" in ok.text
    dup = await client.post(url, data={"_csrf_token": csrf_of(page.text), "name": "x", "email": "li@t.test",
                                       "role": "agent", "password": PASSWORD})
    assert field_error(dup.text, "email") == "已被占用"
    technician = await client.post("/logout", data={"_csrf_token": csrf_of(ok.text)})
    login = await client.get("/login")
    technician = await client.post("/login", data={"_csrf_token": csrf_of(login.text), "tenant": tenant_a.slug,
                                                   "email": "li@t.test", "password": PASSWORD})
    assert technician.status_code == 200
    assert "/admin/users" not in technician.text  # not in the technician's navigation
    forbidden = await client.get(url)
    assert forbidden.status_code == 403 and "无权操作" in forbidden.text


async def test_company_profile(client, tenant_a, page_login):
    await page_login(tenant_a.slug, tenant_a.admin_email)
    url = f"/t/{tenant_a.slug}/admin/profile"
    page = await client.get(url)
    assert 'value="320000" selected' in page.text
    bad = await client.post(url, data={"_csrf_token": csrf_of(page.text), "name": "新名字", "province": "440000",
                                       "timezone": "Mars/Base", "locale": "zh_Hans"})
    assert bad.status_code == 422 and field_error(bad.text, "timezone")
    assert input_value(bad.text, "timezone") == "Mars/Base" and input_value(bad.text, "name") == "新名字"
    assert (await tenant_a.get("/api/v1/tenant")).json()["province"] == "320000"  # nothing half-saved
    ok = await client.post(url, data={"_csrf_token": csrf_of(page.text), "name": "新名字", "province": "440000",
                                      "timezone": "Asia/Urumqi", "locale": "zh_Hans"})
    assert ok.status_code == 200 and "已保存" in ok.text
    profile = (await tenant_a.get("/api/v1/tenant")).json()
    assert (profile["name"], profile["province"], profile["timezone"]) == ("新名字", "440000", "Asia/Urumqi")


async def test_language_switch_is_kept_in_the_session(client, tenant_a, page_login):
    page = await client.get("/")
    english = await client.post("/lang", data={"_csrf_token": csrf_of(page.text), "locale": "en", "next": "/login"})
    assert str(english.url).endswith("/login") and "Company web address" in english.text
    assert 'lang="en"' in english.text
    await page_login(tenant_a.slug, tenant_a.admin_email)
    home = await client.get(f"/t/{tenant_a.slug}/")
    assert "Products and assets" in home.text
    back = await client.post("/lang", data={"_csrf_token": csrf_of(home.text), "locale": "zh_Hans",
                                            "next": f"/t/{tenant_a.slug}/"})
    assert "产品与设备" in back.text
    odd = await client.post("/lang", data={"_csrf_token": csrf_of(home.text), "locale": "fr", "next": "https://x.y/"})
    assert str(odd.url).endswith("/")


async def test_unknown_pages_are_friendly_html_and_api_stays_json(client):
    page = await client.get("/nowhere")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    api = await client.get("/api/v1/nowhere")
    assert api.status_code == 404 and api.headers["content-type"].startswith("application/json")


async def test_admin_changes_a_users_role_and_position(client, tenant_a, tenant_b, page_login):
    """DOMAIN §11: a person's position (岗位) beside their role; the last administrator stays."""
    agent = await tenant_a.add_user("agent", name="王芳")
    await page_login(tenant_a.slug, tenant_a.admin_email)
    listing = await client.get(f"/t/{tenant_a.slug}/admin/users")
    assert f"/admin/users/{agent.admin_id}" in listing.text
    url = f"/t/{tenant_a.slug}/admin/users/{agent.admin_id}"
    page = await client.get(url)
    assert page.status_code == 200 and input_value(page.text, "name") == "王芳"
    saved = await client.post(url, data={"_csrf_token": csrf_of(page.text), "name": "王芳", "role": "manager",
                                         "position": "team_lead", "employee_no": "2048", "is_active": "on"})
    assert saved.status_code == 200 and "班组长" in saved.text
    user = (await tenant_a.get(f"/api/v1/users/{agent.admin_id}")).json()
    assert (user["role"], user["position"], user["employee_no"], user["is_active"]) == ("manager", "team_lead", "2048", True)
    own = f"/t/{tenant_a.slug}/admin/users/{tenant_a.admin_id}"
    refused = await client.post(own, data={"_csrf_token": csrf_of(page.text), "name": "管理员", "role": "viewer",
                                           "is_active": "on"})
    assert refused.status_code == 422 and field_error(refused.text, "role") == "至少要保留一位可登录的管理员"
    assert (await client.get(f"/t/{tenant_a.slug}/admin/users/{tenant_b.admin_id}")).status_code == 404


async def test_console_and_api_answer_the_same_users(client, tenant_a, tenant_b, page_login, monkeypatch):
    """Issue 18: the page reads the API's list (core.auth.queries.user_page): the same users of the
    company, newest first, inactive ones included, another company's not."""
    added = [await tenant_a.add_user(role, name=f"用户 {n}") for n, role in enumerate(("agent", "technician", "viewer"))]
    await tenant_a.patch(f"/api/v1/users/{added[1].admin_id}", json={"is_active": False})
    await tenant_b.add_user("agent", name="别家用户")
    api = [u["id"] for u in (await tenant_a.get("/api/v1/users")).json()["items"]]
    await page_login(tenant_a.slug, tenant_a.admin_email)
    page = await client.get(f"/t/{tenant_a.slug}/admin/users")
    assert page.status_code == 200
    assert re.findall(r'<tr id="user-([0-9a-f-]{36})"', page.text) == api
    assert api == [u.admin_id for u in reversed(added)] + [tenant_a.admin_id]
    assert tenant_b.admin_id not in page.text and "别家用户" not in page.text
    monkeypatch.setattr("core.web.admin.USERS_SHOWN", 1)  # one a page: its "next page" walks the API's order
    walked = await pages_of(client, f"/t/{tenant_a.slug}/admin/users")
    assert [i for html in walked for i in re.findall(r'<tr id="user-([0-9a-f-]{36})"', html)] == api
