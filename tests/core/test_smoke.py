async def test_health(client):
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_signup_login_and_customer(make_tenant):
    tenant = await make_tenant(plugins=("lighting",))
    customer = await tenant.customer(name="王女士", province="江苏")
    assert customer["province"] == "320000"
    assert customer["phone"] == "+8613800138000"
    asset = await tenant.asset(customer["id"], "lighting.cfl", purchase_date="2026-01-05")
    assert asset["type"] == "lighting.cfl"
