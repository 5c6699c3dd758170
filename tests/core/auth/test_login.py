"""Signup, login, tokens, roles and throttling (API.md "Signup and login", "Users")."""

import uuid

from core.testing import PASSWORD


async def test_signup_answers_tenant_and_admin(client):
    slug = f"acme-{uuid.uuid4().hex[:6]}"
    response = await client.post(
        "/api/v1/signup",
        json={"company_name": "江苏润华", "slug": slug, "admin_email": "Boss@Acme.test",
              "admin_password": PASSWORD, "province": "江苏"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["tenant"]["slug"] == slug
    assert body["user"] == {"id": body["user"]["id"], "email": "boss@acme.test", "role": "admin"}
    assert len(body["tenant"]["id"]) == 36


async def test_taken_slug_is_409(client, tenant_a):
    response = await client.post(
        "/api/v1/signup",
        json={"company_name": "x", "slug": tenant_a.slug, "admin_email": "a@b.test", "admin_password": PASSWORD},
    )
    assert response.status_code == 409
    assert response.json()["errors"] == [{"field": "slug", "message": "taken"}]


async def test_weak_password_is_422_with_field(client):
    response = await client.post(
        "/api/v1/signup",
        json={"company_name": "x", "slug": f"w-{uuid.uuid4().hex[:6]}", "admin_email": "a@b.test",
              "admin_password": "short9chr"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "admin_password"


async def test_bad_signup_fields_are_4xx_never_500(client):
    for body in (
        {},
        {"company_name": "x", "slug": "UPPER case", "admin_email": "a@b.test", "admin_password": PASSWORD},
        {"company_name": "x", "slug": f"p-{uuid.uuid4().hex[:6]}", "admin_email": "a@b.test",
         "admin_password": PASSWORD, "province": "Atlantis"},
        {"company_name": "x", "slug": f"z-{uuid.uuid4().hex[:6]}", "admin_email": "a@b.test",
         "admin_password": PASSWORD, "timezone": "Mars/Base"},
        {"company_name": "x", "slug": "api", "admin_email": "a@b.test", "admin_password": PASSWORD},
    ):
        response = await client.post("/api/v1/signup", json=body)
        assert 400 <= response.status_code < 500, (body, response.text)
        assert "detail" in response.json() and "errors" in response.json()


async def test_signup_with_half_bad_input_writes_nothing(client):
    slug = f"h-{uuid.uuid4().hex[:6]}"
    bad = {"company_name": "x", "slug": slug, "admin_email": "a@b.test", "admin_password": PASSWORD,
           "timezone": "Nowhere/Land"}
    assert (await client.post("/api/v1/signup", json=bad)).status_code == 422
    good = {**bad, "timezone": "Asia/Shanghai"}
    assert (await client.post("/api/v1/signup", json=good)).status_code == 201


async def test_login_gives_bearer_token(client, tenant_a):
    response = await client.post(
        "/api/v1/auth/login", json={"tenant": tenant_a.slug, "email": tenant_a.admin_email, "password": PASSWORD}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] > 0
    me = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200 and me.json()["role"] == "admin"


async def test_unknown_user_and_wrong_password_get_the_same_answer(client, tenant_a):
    wrong = await client.post(
        "/api/v1/auth/login", json={"tenant": tenant_a.slug, "email": tenant_a.admin_email, "password": "nope-nope-nope"}
    )
    unknown = await client.post(
        "/api/v1/auth/login", json={"tenant": tenant_a.slug, "email": "ghost@x.test", "password": "nope-nope-nope"}
    )
    no_tenant = await client.post(
        "/api/v1/auth/login", json={"tenant": "no-such-tenant", "email": "ghost@x.test", "password": "nope"}
    )
    assert wrong.status_code == unknown.status_code == no_tenant.status_code == 401
    assert wrong.json() == unknown.json() == no_tenant.json()


async def test_login_throttled_after_five_failures_per_account(client, tenant_a):
    """5 failures per account per 15 minutes, then 429 — even with the right password."""
    creds = {"tenant": tenant_a.slug, "email": tenant_a.admin_email}
    for _ in range(5):
        response = await client.post("/api/v1/auth/login", json={**creds, "password": "wrong-password"})
        assert response.status_code == 401
    response = await client.post("/api/v1/auth/login", json={**creds, "password": PASSWORD})
    assert response.status_code == 429
    other = await tenant_a.add_user("agent")
    ok = await client.post(
        "/api/v1/auth/login", json={"tenant": tenant_a.slug, "email": other.admin_email, "password": PASSWORD}
    )
    assert ok.status_code == 200, "another account of the same tenant is not throttled"


async def test_missing_bad_and_revoked_tokens_are_401(client, tenant_a):
    assert (await client.get("/api/v1/customers")).status_code == 401
    bad = await client.get("/api/v1/customers", headers={"Authorization": "Bearer nonsense"})
    assert bad.status_code == 401
    forged = f"{tenant_a.id.replace('-', '')}.forged-secret"
    assert (await client.get("/api/v1/customers", headers={"Authorization": f"Bearer {forged}"})).status_code == 401
    assert (await tenant_a.get("/api/v1/customers")).status_code == 200
    assert (await tenant_a.post("/api/v1/auth/logout")).status_code == 204
    assert (await tenant_a.get("/api/v1/customers")).status_code == 401


async def test_expired_token_is_401(client, tenant_a, shouhou_sessions):
    from sqlalchemy import update

    from core.auth.models import ApiToken
    from core.db.base import utcnow
    from core.db.tenancy import bind_tenant

    async with shouhou_sessions() as session:
        bind_tenant(session, uuid.UUID(tenant_a.id))
        await session.execute(update(ApiToken).values(expires_at=utcnow()))
        await session.commit()
    assert (await tenant_a.get("/api/v1/customers")).status_code == 401


async def test_roles_guard_actions(tenant_a):
    viewer = await tenant_a.add_user("viewer")
    agent = await tenant_a.add_user("agent")
    assert (await viewer.get("/api/v1/customers")).status_code == 200
    assert (await viewer.post("/api/v1/customers", json={"name": "x"})).status_code == 403
    assert (await agent.post("/api/v1/customers", json={"name": "x"})).status_code == 201
    new_user = {"email": "t@x.test", "name": "t", "role": "technician", "password": PASSWORD}
    assert (await agent.post("/api/v1/users", json=new_user)).status_code == 403
    assert (await agent.put("/api/v1/tenant/plugins/lighting", json={"enabled": True})).status_code == 403


async def test_users_create_list_get(tenant_a):
    response = await tenant_a.post(
        "/api/v1/users",
        json={"email": "Tech@X.test", "name": "王师傅", "role": "technician", "password": PASSWORD, "employee_no": "T007"},
    )
    assert response.status_code == 201
    user = response.json()
    assert user["role"] == "technician" and user["employee_no"] == "T007" and "password_hash" not in user
    assert (await tenant_a.get(f"/api/v1/users/{user['id']}")).json()["email"] == "tech@x.test"
    listed = (await tenant_a.get("/api/v1/users")).json()
    assert {u["email"] for u in listed["items"]} == {"tech@x.test", tenant_a.admin_email}
    dup = await tenant_a.post(
        "/api/v1/users", json={"email": "tech@x.test", "name": "x", "role": "agent", "password": PASSWORD}
    )
    assert dup.status_code == 409
    bad_role = await tenant_a.post(
        "/api/v1/users", json={"email": "r@x.test", "name": "x", "role": "boss", "password": PASSWORD}
    )
    assert bad_role.status_code == 400 and bad_role.json()["errors"][0]["field"] == "role"


async def test_users_of_another_tenant_are_404(tenant_a, tenant_b):
    assert (await tenant_b.get(f"/api/v1/users/{tenant_a.admin_id}")).status_code == 404
    listed = (await tenant_b.get("/api/v1/users")).json()["items"]
    assert [u["email"] for u in listed] == [tenant_b.admin_email]


async def test_a_signed_in_caller_can_log_in_to_or_sign_up_another_tenant(client, tenant_a, tenant_b):
    """Login and signup take the tenant from the request, never from the caller's own token."""
    login = await tenant_a.post(
        "/api/v1/auth/login", json={"tenant": tenant_b.slug, "email": tenant_b.admin_email, "password": PASSWORD}
    )
    assert login.status_code == 200
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    assert (await client.get("/api/v1/tenant", headers=headers)).json()["slug"] == tenant_b.slug
    slug = f"n-{uuid.uuid4().hex[:6]}"
    signup = await tenant_a.post(
        "/api/v1/signup",
        json={"company_name": "新公司", "slug": slug, "admin_email": "a@n.test", "admin_password": PASSWORD},
    )
    assert signup.status_code == 201 and signup.json()["tenant"]["slug"] == slug
