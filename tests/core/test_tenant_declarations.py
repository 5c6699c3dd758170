"""``TenantContext.declared``: what the enabled plugins declare, computed once per node at the
tenant's configuration version and computed again when its plugins change (``tenants.cache``)."""

async def test_declarations_are_computed_once_per_configuration_version(tenant_a, tenant_session):
    await tenant_a.enable("lighting")
    async with tenant_session(tenant_a.id) as (_session, first):
        kinds = first.declared("shouhou_ticket_kinds")
    async with tenant_session(tenant_a.id) as (_session, second):
        assert second.declared("shouhou_ticket_kinds") is kinds, "the same tuple: not computed again"
    assert "lighting.return_to_factory" in kinds


async def test_a_plugin_enabled_or_disabled_changes_the_next_requests_declarations(tenant_a):
    customer = await tenant_a.customer()
    body = {"kind": "lighting.return_to_factory", "channel": "phone", "customer_id": customer["id"],
            "subject": "整批灯管返厂"}
    refused = await tenant_a.post("/api/v1/tickets", json=body)
    assert refused.status_code == 422 and "kind" in refused.text
    await tenant_a.enable("lighting")
    assert (await tenant_a.post("/api/v1/tickets", json=body)).status_code == 201
    await tenant_a.put("/api/v1/tenant/plugins/lighting", json={"enabled": False})
    assert (await tenant_a.post("/api/v1/tickets", json=body)).status_code == 422


async def test_each_tenant_has_its_own_declarations(tenant_a, tenant_b, tenant_session):
    await tenant_a.enable("lighting")
    kinds = []
    for tenant in (tenant_a, tenant_b):
        async with tenant_session(tenant.id) as (_session, ctx):
            kinds.append(ctx.declared("shouhou_ticket_kinds"))
    a, b = kinds
    assert "lighting.return_to_factory" in a and "lighting.return_to_factory" not in b
