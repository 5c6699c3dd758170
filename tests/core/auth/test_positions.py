"""Positions and user changes (DOMAIN §11 staff and organisation: agents with a 工号, team leads,
service and department managers, regional managers, departments, dealers, repair points, sales
agents)."""

from tests.core.auth.test_login import PASSWORD


async def test_a_user_carries_a_position_and_users_filter_by_it(tenant_a):
    created = await tenant_a.post("/api/v1/users", json={
        "email": "zhou@x.test", "name": "周部长", "role": "manager", "password": PASSWORD,
        "position": "service_manager"})
    assert created.status_code == 201, created.text
    assert created.json()["position"] == "service_manager"
    await tenant_a.post("/api/v1/users", json={
        "email": "li@x.test", "name": "李娜", "role": "agent", "password": PASSWORD, "employee_no": "1024",
        "position": "customer_service_agent"})
    managers = (await tenant_a.get("/api/v1/users?position=service_manager")).json()["items"]
    assert [u["name"] for u in managers] == ["周部长"]


async def test_an_unknown_position_names_the_field(tenant_a):
    response = await tenant_a.post("/api/v1/users", json={
        "email": "x@x.test", "name": "x", "role": "manager", "password": PASSWORD, "position": "boss"})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "position"
    agent = await tenant_a.add_user("agent")
    patched = await tenant_a.patch(f"/api/v1/users/{agent.admin_id}", json={"position": "chief"})
    assert patched.status_code == 400 and patched.json()["errors"][0]["field"] == "position"


async def test_admin_changes_role_position_and_active_only_as_given(tenant_a):
    agent = await tenant_a.add_user("agent", name="王芳")
    changed = await tenant_a.patch(f"/api/v1/users/{agent.admin_id}", json={"role": "manager", "position": "team_lead"})
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["role"], body["position"], body["name"], body["is_active"]) == ("manager", "team_lead", "王芳", True)
    cleared = (await tenant_a.patch(f"/api/v1/users/{agent.admin_id}", json={"position": None})).json()
    assert cleared["position"] is None and cleared["role"] == "manager"
    assert (await agent.get("/api/v1/users/me")).status_code == 200
    await tenant_a.patch(f"/api/v1/users/{agent.admin_id}", json={"is_active": False})
    assert (await agent.get("/api/v1/users/me")).status_code == 401, "a deactivated user's token stops working"


async def test_the_last_active_administrator_stays(tenant_a):
    for change in ({"role": "manager"}, {"is_active": False}):
        response = await tenant_a.patch(f"/api/v1/users/{tenant_a.admin_id}", json=change)
        assert response.status_code == 409, change
        assert response.json()["errors"][0]["field"] == "role"
    second = await tenant_a.add_user("admin")
    assert (await tenant_a.patch(f"/api/v1/users/{second.admin_id}", json={"role": "agent"})).status_code == 200
    await tenant_a.patch(f"/api/v1/users/{tenant_a.admin_id}", json={"role": "admin"})
    other = await tenant_a.add_user("admin")
    assert (await tenant_a.patch(f"/api/v1/users/{tenant_a.admin_id}", json={"role": "manager"})).status_code == 200
    assert (await other.get("/api/v1/users")).status_code == 200


async def test_only_admins_change_users_and_only_their_own_tenants(tenant_a, tenant_b):
    manager = await tenant_a.add_user("manager")
    agent = await tenant_a.add_user("agent")
    assert (await manager.patch(f"/api/v1/users/{agent.admin_id}", json={"role": "admin"})).status_code == 403
    assert (await tenant_b.patch(f"/api/v1/users/{agent.admin_id}", json={"role": "viewer"})).status_code == 404
    assert (await tenant_a.get(f"/api/v1/users/{agent.admin_id}")).json()["role"] == "agent"
